package io.samplerkit.bench.cli;

import io.samplerkit.bench.report.CalibrateRun;
import io.samplerkit.bench.report.ProblemSpec;
import io.samplerkit.bench.report.Suite;
import io.samplerkit.bench.report.Suites;
import io.samplerkit.bench.spec.CalibratedGridFile;
import io.samplerkit.core.InvalidInputException;
import io.samplerkit.solvers.SolverRegistry;
import io.samplerkit.solvers.calibration.CalibratedGrid;
import io.samplerkit.solvers.calibration.CalibrationMethod;
import io.samplerkit.solvers.calibration.CalibrationTarget;
import io.samplerkit.solvers.calibration.Calibrator;
import io.samplerkit.solvers.calibration.CoefficientCalibrator;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code samplerkit calibrate --solver S --nfe N --suite FILE --out grid.json}: calibrates the grid of one
 * (solver, NFE) on the Gaussian fit of a suite problem and writes it as a calibrated-grid file. Progress goes to
 * stderr, the grid's times and diffusers sigmas to stdout. Deterministic: a rerun writes the same bytes.
 */
@Command(name = "calibrate", mixinStandardHelpOptions = true,
        description = {"Calibrate the time grid of one (solver, NFE) on the Gaussian with the data's mean and "
                + "covariance of a suite problem, and write it as JSON (docs/solvers/calibration.md).",
            "Use the file as {\"type\": \"file\", \"path\": ...} in a suite's grids. Exit code 2 on bad arguments."})
final class CalibrateCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--solver", required = true, paramLabel = "NAME[key=value,...]",
            description = "A deterministic fixed-grid solver from 'samplerkit list'.")
    private String solver;

    @Option(names = "--nfe", required = true, paramLabel = "N", description = "Budget of model evaluations.")
    private int nfe;

    @Option(names = "--suite", paramLabel = "standard|quick|networks|FILE.json", defaultValue = "standard",
            description = "Suite whose problem supplies schedule, model type, end points and data "
                    + "(default: ${DEFAULT-VALUE}).")
    private String suiteName;

    @Option(names = "--problem", paramLabel = "ID", description = "Problem id in the suite (default: the first).")
    private String problemId;

    @Option(names = "--method", paramLabel = "global-error|global-error-regularised|gits-dp|ays-klub",
            defaultValue = "global-error",
            description = "Calibration method (default: ${DEFAULT-VALUE}).")
    private String method;

    @Option(names = "--evaluations", paramLabel = "N", defaultValue = "" + Calibrator.DEFAULT_EVALUATIONS,
            description = "Objective evaluations per start of the search (default: ${DEFAULT-VALUE}).")
    private int evaluations;

    @Option(names = "--coefficients", description = "Also calibrate the solver's coefficients with the grid "
            + "(multistep DPM-Solver(++) only; the file gets a coefficients section, used through the solver option "
            + "coefficients=FILE).")
    private boolean coefficients;

    @Option(names = "--ridge", paramLabel = "R", defaultValue = "" + CoefficientCalibrator.DEFAULT_RIDGE,
            description = "Pull of the coefficients towards the analytic ones (default: ${DEFAULT-VALUE}).")
    private double ridge;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Calibrated-grid JSON file.")
    private Path out;

    @Override
    public Integer call() {
        var cl = spec.commandLine();
        CliArgs.intIn(cl, "--nfe", nfe, 1, Suite.MAX_NFE);
        CliArgs.intIn(cl, "--evaluations", evaluations, 10, 1_000_000);
        if (!(ridge >= 0) || !Double.isFinite(ridge)) {
            throw CliArgs.invalid(cl, "--ridge", String.valueOf(ridge), "a finite number >= 0");
        }
        String unwritable = OutputFiles.whyNotWritable(out);
        if (unwritable != null) {
            throw CliArgs.invalid(cl, "--out", out.toString(), "a writable file (" + unwritable + ")");
        }
        SolverRegistry registry = SolverRegistry.standard();
        CliArgs.solvers(cl, "--solver", solver, registry);
        CalibrationMethod m;
        Suite suite;
        ProblemSpec problem;
        CalibrationTarget target;
        try {
            m = CalibrationMethod.of(method, "--method");
            suite = Suites.resolve(suiteName);
            problem = CalibrateRun.problem(suite, problemId);
            target = CalibrateRun.target(problem);
        } catch (InvalidInputException e) {
            throw CliArgs.invalid(cl, e.path(), e.value(), e.allowed());
        } catch (IllegalArgumentException e) {
            throw CliArgs.invalid(cl, "--suite", suiteName, e.getMessage());
        }
        PrintWriter stderr = cl.getErr();
        PrintWriter stdout = cl.getOut();
        CalibratedGrid[] result = new CalibratedGrid[1];
        try {
            stderr.println("calibrating " + solver + " at NFE " + nfe + " on " + target.describe());
            stderr.flush();
            Consumer<String> progress = line -> {
                stderr.println("  " + line);
                stderr.flush();
            };
            result[0] = coefficients
                    ? CalibrateRun.calibrateWithCoefficients(registry, solver, nfe, target, m, evaluations, ridge, progress)
                    : CalibrateRun.calibrate(registry, solver, nfe, target, m, evaluations, progress);
        } catch (InvalidInputException e) {
            throw CliArgs.invalid(cl, e.path().startsWith("-") ? e.path() : "--solver", e.value(), e.allowed());
        }
        return CliArgs.run(cl, "calibrate", () -> {
            CalibratedGridFile.write(out, result[0], target.schedule());
            stdout.println("times " + Arrays.toString(result[0].times()));
            stdout.println("sigmas " + Arrays.toString(result[0].sigmas(target.schedule())));
            if (result[0].coefficients() != null) {
                double[][] rows = result[0].coefficients().corrections().rows();
                for (int i = 0; i < rows.length; i++) {
                    stdout.println("corrections step " + i + " " + Arrays.toString(rows[i]));
                }
            }
            stdout.println("wrote " + out.toAbsolutePath().normalize());
            stdout.flush();
        });
    }
}
