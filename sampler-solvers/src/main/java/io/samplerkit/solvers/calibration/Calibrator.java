package io.samplerkit.solvers.calibration;

import io.samplerkit.core.Checks;
import io.samplerkit.core.grid.KarrasGrid;
import io.samplerkit.core.grid.LogSnrGrid;
import io.samplerkit.core.grid.TimeGrid;
import io.samplerkit.core.grid.Timesteps;
import io.samplerkit.core.grid.UniformTimeGrid;
import io.samplerkit.core.state.Batch;
import io.samplerkit.solvers.SamplingDriver;
import io.samplerkit.solvers.SamplingProblem;
import io.samplerkit.solvers.Solver;
import io.samplerkit.solvers.SolverRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Calibrates the grid of one (solver, number of steps) on a {@link CalibrationTarget}.
 *
 * <p>{@link CalibrationMethod#AYS_KLUB} and {@link CalibrationMethod#GLOBAL_ERROR} minimise their objective with
 * {@link LambdaGridSearch} from the standard grids (uniform log-SNR, Karras {@code rho = 7}, uniform time where
 * the schedule allows it); the global-error search also starts from the KLUB optimum.
 * {@link CalibrationMethod#GITS_DP} runs {@link OneStepDynamicProgramming} on {@code max(8 N, 48)} candidate
 * intervals. The returned grid records the solver's exact error on the calibration problem, and the error on the
 * uniform log-SNR grid for comparison. Deterministic: the same inputs give the same grid, bit for bit.
 *
 * <p>Immutable and thread-safe.
 */
public final class Calibrator {

    /** Objective evaluations allowed per start of the trust-region search. */
    public static final int DEFAULT_EVALUATIONS = 2500;

    private final CalibrationTarget target;
    private final ExactGlobalError error;
    private final int evaluations;

    /**
     * @param target the calibration problem
     * @param evaluations objective evaluations per start of the search, at least 10
     */
    public Calibrator(CalibrationTarget target, int evaluations) {
        this.target = Checks.requireNonNull(target, "target");
        this.error = new ExactGlobalError(target);
        this.evaluations = Checks.requireInRange(evaluations, 10, Integer.MAX_VALUE, "evaluations");
    }

    /**
     * @param target the calibration problem
     */
    public Calibrator(CalibrationTarget target) {
        this(target, DEFAULT_EVALUATIONS);
    }

    /** @return the exact error used for measuring grids */
    public ExactGlobalError error() {
        return error;
    }

    /**
     * The largest number of grid intervals {@code N <= nfe} whose run uses at most {@code nfe} model calls.
     *
     * @param solver the solver
     * @param nfe the budget of model evaluations, at least 1
     * @return {@code N}
     * @throws io.samplerkit.core.InvalidInputException when no grid fits the budget
     */
    public int stepsForNfe(Solver solver, int nfe) {
        Checks.requirePositive(nfe, "nfe");
        for (int n = nfe; n >= 1; n--) {
            try {
                if (modelCalls(solver, n) <= nfe) {
                    return n;
                }
            } catch (IllegalArgumentException e) {
                // too few steps for this solver's order rules: try fewer is pointless only if all fail
            }
        }
        throw new io.samplerkit.core.InvalidInputException("nfe", nfe,
                "a budget that fits at least one grid of " + solver.name());
    }

    /**
     * Model calls of one run on an {@code n}-step grid.
     *
     * @param solver the solver
     * @param n grid intervals
     * @return calls counted by the run
     */
    public int modelCalls(Solver solver, int n) {
        Timesteps ts = Timesteps.of(target.schedule(), new LogSnrGrid().times(target.schedule(), target.tStart(),
                target.tEnd(), n));
        io.samplerkit.core.analytic.GaussianData one = io.samplerkit.core.analytic.GaussianData.diagonal(
                new double[] {0}, new double[] {1});
        SamplingProblem p = SamplingProblem.of(target.schedule(), one.model(target.schedule(), target.prediction()),
                ts);
        solver.validate(p);
        return SamplingDriver.run(solver, p, Batch.zeros(1, 1)).modelCalls();
    }

    /**
     * Calibrates.
     *
     * @param solver a deterministic fixed-grid solver
     * @param solverName its registry name (provenance)
     * @param options its options (provenance)
     * @param steps grid intervals
     * @param method the method
     * @param progress receives one line per phase (may be a no-op)
     * @return the calibrated grid
     */
    public CalibratedGrid calibrate(Solver solver, String solverName, Map<String, String> options, int steps,
            CalibrationMethod method, Consumer<String> progress) {
        ExactGlobalError.requireDeterministic(solver);
        Checks.requirePositive(steps, "steps");
        Checks.requireNonNull(method, "method");
        int nfe = modelCalls(solver, steps);
        double[] start = grid(new LogSnrGrid(), steps);
        double startError = error.meanSquaredError(solver, start);
        progress.accept(Checks.format("%s, %d steps (NFE %d): MSE %.4e on the log-SNR grid", solverName, steps, nfe,
                startError));
        double[] times;
        double objective;
        switch (method) {
            case AYS_KLUB -> {
                LambdaGridSearch.Result r = klubOptimum(steps);
                times = r.times();
                objective = r.value();
            }
            case GLOBAL_ERROR, REGULARISED_GLOBAL_ERROR -> {
                List<double[]> starts = standardStarts(steps);
                starts.add(klubOptimum(steps).times());
                progress.accept(Checks.format("trust-region search from %d grids", starts.size()));
                boolean regularised = method == CalibrationMethod.REGULARISED_GLOBAL_ERROR;
                LambdaGridSearch.Result r = new LambdaGridSearch(target, evaluations)
                        .minimise(globalError(solver, regularised), starts.toArray(double[][]::new));
                times = r.times();
                objective = r.value();
                progress.accept(Checks.format("%d evaluations", r.evaluations()));
            }
            case GITS_DP -> {
                int m = Math.max(8 * steps, 48);
                progress.accept(Checks.format("one-step cost matrix over %d candidate intervals", m));
                Solver oneStep = takesOneStep(solver) ? solver : SolverRegistry.standard().create("ddim");
                progress.accept(Checks.format("one-step costs from %s", oneStep.name()));
                OneStepDynamicProgramming.Result r = new OneStepDynamicProgramming(error, m).select(oneStep, steps);
                times = r.times();
                objective = r.cost();
            }
            default -> throw new IllegalStateException(method.toString());
        }
        double mse = error.meanSquaredError(solver, times);
        progress.accept(Checks.format("MSE %.4e on the calibrated grid (%.3gx the log-SNR grid's)", mse,
                mse / startError));
        return new CalibratedGrid(times, solverName, options, nfe, target.schedule().describe(), target.describe(),
                method, objective, mse, startError, new LogSnrGrid().describe());
    }

    /** Rounds of {@link #calibrateCoefficients}: coefficient fit, then (grid search, coefficient fit) twice. */
    public static final int COEFFICIENT_ROUNDS = 3;

    /**
     * Calibrated solver coefficients on top of a calibrated grid ({@link CoefficientCalibrator}, docs/solvers/
     * calibration.md, "Calibrated coefficients"). The corrections are fitted on the grid; for the global-error
     * methods the grid is then searched again from where it is with the corrections fixed (same objective, the
     * corrected solver's error) and the corrections refitted, {@link #COEFFICIENT_ROUNDS} fits in all, a round
     * kept only when it lowers the method's objective. Other methods' grids stay as they are. Deterministic.
     *
     * @param grid a grid calibrated for {@code solver} on this calibrator's target
     * @param solver the multistep DPM-Solver(++) the grid was calibrated for
     * @param ridge the pull towards the analytic weights ({@link CoefficientCalibrator})
     * @param progress receives one line per phase
     * @return the grid with its coefficients
     */
    public CalibratedGrid calibrateCoefficients(CalibratedGrid grid, Solver solver, double ridge,
            Consumer<String> progress) {
        io.samplerkit.solvers.exponential.DpmSolverMultistep base = CoefficientCalibrator.requireMultistep(solver)
                .withCorrections(null);
        CoefficientCalibrator fitter = new CoefficientCalibrator(target, ridge, CoefficientCalibrator.DEFAULT_ITERATIONS);
        boolean searched = grid.method() == CalibrationMethod.GLOBAL_ERROR
                || grid.method() == CalibrationMethod.REGULARISED_GLOBAL_ERROR;
        boolean regularised = grid.method() == CalibrationMethod.REGULARISED_GLOBAL_ERROR;
        double[] times = grid.times();
        CalibratedCoefficients c = fitter.calibrate(base, times, progress);
        java.util.function.Function<CalibratedCoefficients, GridObjective> objectiveOf = k ->
                globalError(base.withCorrections(k.corrections()), regularised);
        GridObjective objective = objectiveOf.apply(c);
        double value = objective.value(Timesteps.of(target.schedule(), times));
        for (int round = 1; round < COEFFICIENT_ROUNDS && searched; round++) {
            LambdaGridSearch.Result r = new LambdaGridSearch(target, evaluations).minimise(objective, times);
            CalibratedCoefficients next = fitter.calibrate(base, r.times(), progress);
            GridObjective nextObjective = objectiveOf.apply(next);
            double nextValue = nextObjective.value(Timesteps.of(target.schedule(), r.times()));
            progress.accept(Checks.format("round %d: objective %.4e (was %.4e)", round + 1, nextValue, value));
            if (!(nextValue < value)) {
                break;
            }
            times = r.times();
            c = next;
            objective = nextObjective;
            value = nextValue;
        }
        return grid.withCoefficients(times, searched ? value : grid.objective(), c);
    }

    /** The objective of the global-error methods: the exact error, times {@code exp(penalty)} when regularised. */
    private GridObjective globalError(Solver solver, boolean regularised) {
        return ts -> error.meanSquaredError(solver, ts) * (regularised ? Math.exp(penalty(ts)) : 1);
    }

    /** Width of the prior on {@code log(h_j / hbar)}: a factor 2. */
    private static final double PRIOR_WIDTH = Math.log(2);

    /**
     * The penalty of {@link CalibrationMethod#REGULARISED_GLOBAL_ERROR}: {@code sum_j (log(h_j/hbar))^2 / (2 s^2)},
     * {@code s = log 2}, over the half log-SNR steps of a grid; 0 for the uniform log-SNR grid.
     *
     * @param grid a grid with finite lambda at every point
     * @return the penalty in nats
     */
    static double penalty(Timesteps grid) {
        int n = grid.steps();
        double mean = (grid.lambda(n) - grid.lambda(0)) / n;
        double sum = 0;
        for (int j = 0; j < n; j++) {
            double r = Math.log((grid.lambda(j + 1) - grid.lambda(j)) / mean);
            sum += r * r;
        }
        return sum / (2 * PRIOR_WIDTH * PRIOR_WIDTH);
    }

    private boolean takesOneStep(Solver solver) {
        try {
            modelCalls(solver, 1);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private LambdaGridSearch.Result klubOptimum(int steps) {
        KlUpperBound klub = new KlUpperBound(target);
        return new LambdaGridSearch(target, evaluations).minimise(klub::value,
                standardStarts(steps).toArray(double[][]::new));
    }

    private List<double[]> standardStarts(int steps) {
        List<double[]> starts = new ArrayList<>();
        for (TimeGrid g : new TimeGrid[] {new LogSnrGrid(), new KarrasGrid(7), new UniformTimeGrid()}) {
            try {
                double[] t = grid(g, steps);
                Timesteps.of(target.schedule(), t);
                starts.add(t);
            } catch (IllegalArgumentException e) {
                // this rule does not apply to the schedule or end points
            }
        }
        return starts;
    }

    private double[] grid(TimeGrid g, int steps) {
        return g.times(target.schedule(), target.tStart(), target.tEnd(), steps);
    }
}
