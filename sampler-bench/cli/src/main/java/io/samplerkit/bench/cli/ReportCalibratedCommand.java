package io.samplerkit.bench.cli;

import io.samplerkit.bench.report.CalibratedNetworks;
import io.samplerkit.bench.report.CalibratedStudy;
import io.samplerkit.bench.report.ResultRow;
import io.samplerkit.bench.report.ResultsCsv;
import io.samplerkit.bench.report.Suite;
import io.samplerkit.bench.report.Suites;
import io.samplerkit.core.InvalidInputException;
import io.samplerkit.solvers.SolverRegistry;
import io.samplerkit.solvers.calibration.Calibrator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code samplerkit report calibrated --out DIR}: the report's section "calibrated" ({@link CalibratedStudy}),
 * written as {@code DIR/calibrated.md} next to the report whose {@code results.csv} it compares with.
 */
@Command(name = "calibrated", mixinStandardHelpOptions = true,
        description = {"Calibrate grids on the Gaussian fit of every problem of the suite and compare them, held "
                + "out, with the best default-grid configurations of an existing report (DIR/results.csv).",
            "Writes DIR/calibrated.md. Exit code 2 on bad arguments."})
final class ReportCalibratedCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private StudyOptions study;

    @Option(names = "--evaluations", paramLabel = "N", defaultValue = "" + Calibrator.DEFAULT_EVALUATIONS,
            description = "Objective evaluations per start of each search (default: ${DEFAULT-VALUE}).")
    private int evaluations;

    @Option(names = "--skip-networks", description = "Leave out the trained networks (by default they are evaluated "
            + "when DIR/" + ReportCommand.NETWORKS_FOLDER + "/results.csv exists).")
    private boolean skipNetworks;

    @Option(names = "--problems", paramLabel = "ID,ID,...", split = ",",
            description = "Only these problems of the suite (default: all).")
    private List<String> problems;

    @Override
    public Integer call() {
        var cl = spec.commandLine();
        int threads = study.threads(cl);
        CliArgs.intIn(cl, "--evaluations", evaluations, 10, 1_000_000);
        Path out = study.out();
        Path results = out.resolve("results.csv");
        if (!Files.isRegularFile(results)) {
            throw CliArgs.invalid(cl, "--out", out.toString(), "a report folder with results.csv");
        }
        Suite whole = study.suite(cl);
        Suite suite;
        try {
            suite = problems == null || problems.isEmpty() ? whole : whole.withProblems(problems);
        } catch (InvalidInputException e) {
            throw CliArgs.invalid(cl, "--problems", e.value(), e.allowed());
        }
        return CliArgs.run(cl, "report calibrated", () -> {
            List<CalibratedStudy.Row> rows = CalibratedStudy.run(suite, SolverRegistry.standard(), study.seed(),
                    threads, evaluations, StudyOptions.progress(cl));
            List<ResultRow> reportRows = ResultsCsv.read(results);
            Path networkResults = out.resolve(ReportCommand.NETWORKS_FOLDER).resolve("results.csv");
            boolean withNetworks = !skipNetworks && Files.isRegularFile(networkResults);
            Optional<CalibratedNetworks.Result> networks = withNetworks ? Optional.of(CalibratedNetworks.run(
                    Suites.networks(), SolverRegistry.standard(), study.seed(), threads, evaluations,
                    StudyOptions.progress(cl))) : Optional.empty();
            List<ResultRow> networkRows = withNetworks ? ResultsCsv.read(networkResults) : List.of();
            CalibratedStudy.write(out, CalibratedStudy.markdown(rows, reportRows, networks, networkRows, true));
            cl.getOut().println("wrote " + out.resolve("calibrated.md").toAbsolutePath().normalize());
            Path summary = out.resolve("summary.md");
            if (Files.isRegularFile(summary)) {
                String text;
                try {
                    text = Files.readString(summary);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                CalibratedStudy.writeSummary(summary, CalibratedStudy.intoSummary(text,
                        CalibratedStudy.markdown(rows, reportRows, networks, networkRows, false)));
                cl.getOut().println("updated " + summary.toAbsolutePath().normalize());
            }
        });
    }
}
