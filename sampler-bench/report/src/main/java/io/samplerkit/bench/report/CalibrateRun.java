package io.samplerkit.bench.report;

import io.samplerkit.bench.spec.AnalyticData;
import io.samplerkit.core.InvalidInputException;
import io.samplerkit.core.analytic.GaussianData;
import io.samplerkit.solvers.Solver;
import io.samplerkit.solvers.SolverOptions;
import io.samplerkit.solvers.SolverRegistry;
import io.samplerkit.solvers.calibration.CalibratedGrid;
import io.samplerkit.solvers.calibration.CalibrationMethod;
import io.samplerkit.solvers.calibration.CalibrationTarget;
import io.samplerkit.solvers.calibration.Calibrator;
import io.samplerkit.solvers.calibration.CoefficientCalibrator;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * The work of {@code samplerkit calibrate}: the calibration target of a suite problem (its schedule,
 * parameterization, end points and the Gaussian fit of its data), the solver from its registry text, the number
 * of steps that fits the NFE budget, and the calibration.
 */
public final class CalibrateRun {

    private CalibrateRun() {
    }

    /**
     * The calibration problem of a suite problem.
     *
     * @param problem the problem
     * @return its target: the Gaussian with the data's moments under the problem's schedule and model type (for a
     *     trained network, its training data's moments, {@link CalibratedNetworks#dataFit})
     * @throws InvalidInputException naming {@code --problem} for a network without training-data moments
     */
    public static CalibrationTarget target(ProblemSpec problem) {
        GaussianData fit = problem.model().analytic().map(AnalyticData::gaussianFit)
                .or(() -> CalibratedNetworks.dataFit(problem, problem.model().dim()).map(CalibratedNetworks.Fit::data))
                .orElseThrow(() -> new InvalidInputException("--problem", problem.id(), "a problem with analytic data, "
                        + "or a network with its training data's moments (NAME" + CalibratedNetworks.DATA_SUFFIX
                        + " beside NAME.onnx, or an energy quality measure's law)"));
        return new CalibrationTarget(problem.schedule().create(), problem.prediction(), fit, problem.tStart(),
                problem.tEnd());
    }

    /**
     * The problem of a suite with the given id, or the first one when {@code id} is null.
     *
     * @param suite the suite
     * @param id problem id or null
     * @return the problem
     */
    public static ProblemSpec problem(Suite suite, String id) {
        if (id == null) {
            return suite.problems().get(0);
        }
        return suite.problems().stream().filter(p -> p.id().equals(id)).findFirst()
                .orElseThrow(() -> new InvalidInputException("--problem", id, "one of " + suite.problems().stream()
                        .map(ProblemSpec::id).collect(Collectors.joining(", "))));
    }

    /**
     * Calibrates one (solver, NFE).
     *
     * @param registry solver registry
     * @param solverText solver as {@code name} or {@code name:key=value,...}
     * @param nfe budget of model evaluations
     * @param target the calibration problem
     * @param method the method
     * @param evaluations objective evaluations per start of the search
     * @param progress receives progress lines
     * @return the grid
     */
    public static CalibratedGrid calibrate(SolverRegistry registry, String solverText, int nfe,
            CalibrationTarget target, CalibrationMethod method, int evaluations, Consumer<String> progress) {
        SolverVariant variant = SolverVariant.parse(solverText);
        Solver solver = solver(registry, variant);
        Calibrator calibrator = new Calibrator(target, evaluations);
        int steps = calibrator.stepsForNfe(solver, nfe);
        return calibrator.calibrate(solver, variant.name(), variant.options(), steps, method, progress);
    }

    /**
     * Calibrates the grid of one (solver, NFE), then the solver's coefficients with it
     * ({@link Calibrator#calibrateCoefficients}).
     *
     * @param registry solver registry
     * @param solverText a multistep DPM-Solver(++) as {@code name} or {@code name:key=value,...}
     * @param nfe budget of model evaluations
     * @param target the calibration problem
     * @param method the grid's method
     * @param evaluations objective evaluations per start of the grid search
     * @param ridge the coefficients' pull towards the analytic ones
     * @param progress receives progress lines
     * @return the grid with its coefficients
     */
    public static CalibratedGrid calibrateWithCoefficients(SolverRegistry registry, String solverText, int nfe,
            CalibrationTarget target, CalibrationMethod method, int evaluations, double ridge,
            Consumer<String> progress) {
        Solver solver = solver(registry, SolverVariant.parse(solverText));
        try {
            CoefficientCalibrator.requireMultistep(solver);
        } catch (InvalidInputException e) {
            throw new InvalidInputException("--solver", solverText, e.allowed());
        }
        CalibratedGrid grid = calibrate(registry, solverText, nfe, target, method, evaluations, progress);
        return new Calibrator(target, evaluations).calibrateCoefficients(grid, solver, ridge, progress);
    }

    /**
     * The solver a grid file's coefficients belong to: the registry's solver with the file's options and
     * corrections, or the plain solver for a file without coefficients.
     *
     * @param registry solver registry
     * @param grid a calibrated grid
     * @return the solver
     */
    public static Solver solverOf(SolverRegistry registry, CalibratedGrid grid) {
        Solver solver = solver(registry, new SolverVariant(grid.solver(), grid.options()));
        return grid.coefficients() == null ? solver
                : CoefficientCalibrator.requireMultistep(solver).withCorrections(grid.coefficients().corrections());
    }

    private static Solver solver(SolverRegistry registry, SolverVariant variant) {
        if (!registry.contains(variant.name())) {
            throw new InvalidInputException("--solver", variant.name(), "a registered solver (samplerkit list)");
        }
        return registry.entry(variant.name()).create(SolverOptions.of(variant.options()));
    }
}
