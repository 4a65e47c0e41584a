package io.samplerkit.bench.report;

import io.samplerkit.core.InvalidInputException;
import io.samplerkit.core.NamedConstants;

/**
 * One line of {@code results.csv}: what one configuration measured.
 *
 * <p>All columns except {@code secondsPerStep} are deterministic: they depend on the master seed
 * and the configuration only, not on threads, shards or timing.
 *
 * @param seq position in the suite's enumeration
 * @param problem problem id
 * @param solver solver label ({@link SolverVariant#label()})
 * @param grid grid label or {@code "adaptive"}
 * @param targetNfe target NFE (0 for adaptive solvers)
 * @param tolerance tolerance (NaN for fixed-step solvers)
 * @param status outcome
 * @param nfe model evaluations actually used
 * @param steps accepted steps
 * @param rmse root-mean-square error to the reference over every coordinate of every initial state
 * @param maxError largest absolute error over every coordinate of every initial state
 * @param fd exact Fréchet distance of the output law to the data law (Gaussian problems; NaN otherwise)
 * @param fdExact Fréchet distance of the output law to the law of the exact probability-flow solution at
 *     {@code tEnd}: exact on Gaussian problems ({@code ExactOutputLaw}); for a {@link #sampled} row the
 *     moment-matched estimate from samples ({@code SampledFrechet}); NaN otherwise
 * @param fdFloor the statistical floor of a sampled {@code fdExact} (its estimator on exact samples of the marginal,
 *     {@code SampledFrechet.floor}); NaN when {@code fdExact} is exact or not measured
 * @param quality the problem's sample-quality measure of the outputs ({@link QualitySpec}: energy distance or
 *     feature-space Fréchet distance; NaN when the problem has none)
 * @param coverage classes or modes of the data the outputs cover (NaN when the problem has no quality measure)
 * @param secondsPerStep wall time per step for the whole batch (not deterministic)
 * @param note reason for n/a or failure, or a remark; empty otherwise
 */
public record ResultRow(int seq, String problem, String solver, String grid, int targetNfe, double tolerance,
        Status status, int nfe, int steps, double rmse, double maxError, double fd, double fdExact, double fdFloor,
        double quality, double coverage, double secondsPerStep, String note) {

    /**
     * A row without a sample-quality measure.
     *
     * @param seq position in the suite's enumeration
     * @param problem problem id
     * @param solver solver label
     * @param grid grid label or {@code "adaptive"}
     * @param targetNfe target NFE
     * @param tolerance tolerance
     * @param status outcome
     * @param nfe model evaluations used
     * @param steps accepted steps
     * @param rmse RMSE to the reference
     * @param maxError largest absolute error
     * @param fd exact Fréchet distance to the data law
     * @param fdExact exact Fréchet distance to the exact marginal
     * @param secondsPerStep wall time per step
     * @param note remark
     */
    public ResultRow(int seq, String problem, String solver, String grid, int targetNfe, double tolerance,
            Status status, int nfe, int steps, double rmse, double maxError, double fd, double fdExact,
            double secondsPerStep, String note) {
        this(seq, problem, solver, grid, targetNfe, tolerance, status, nfe, steps, rmse, maxError, fd, fdExact,
                Double.NaN, Double.NaN, Double.NaN, secondsPerStep, note);
    }

    /** Outcome of a configuration. */
    public enum Status {
        /** Ran and was measured. */
        OK("ok"),
        /** The solver rejected the configuration (its validation threw), or the report cannot measure it. */
        NOT_APPLICABLE("n/a"),
        /** The run threw (e.g. a non-finite model output). */
        FAILED("failed");

        private final String text;

        Status(String text) {
            this.text = text;
        }

        /** @return CSV text */
        public String text() {
            return text;
        }

        /**
         * @param text CSV text
         * @return the status
         * @throws InvalidInputException naming {@code status} if the text is none of {@code ok, n/a, failed}
         */
        public static Status ofText(String text) {
            return NamedConstants.find(values(), Status::text, text, "status");
        }
    }

    /** @return whether the solver chose its own steps */
    public boolean adaptive() {
        return "adaptive".equals(grid);
    }

    /**
     * Whether the row is measured in law only: a stochastic solver has no pathwise error to the
     * probability-flow solution (RMSE NaN) but a Fréchet distance to the exact marginal, exact or sampled.
     *
     * @return true for such a row
     */
    public boolean weak() {
        return !Double.isFinite(rmse) && Double.isFinite(fdExact);
    }

    /** @return whether {@code fdExact} is a sampled estimate with a measured floor rather than an exact distance */
    public boolean sampled() {
        return Double.isFinite(fdFloor);
    }

    /**
     * @return whether {@code fdExact} is a sampled estimate not clearly above its floor
     *     (at most {@code SampledFrechet.RESOLUTION} times it): not told apart from sampling noise
     */
    public boolean unresolved() {
        return sampled() && !SampledFrechet.resolved(fdExact, fdFloor);
    }

    /**
     * The error the report plots and fits orders on: the RMSE (pathwise, strong) for deterministic
     * solvers, the Fréchet distance to the exact marginal at {@code tEnd} (weak) for {@link #weak} rows, NaN for an
     * {@link #unresolved} one.
     *
     * @return the error, NaN when none is measured or resolved
     */
    public double error() {
        if (unresolved()) {
            return Double.NaN;
        }
        return weak() ? fdExact : rmse;
    }

    /** @return {@code solver@grid}, the series name in tables and plots */
    public String series() {
        return solver + "@" + grid;
    }

    /**
     * @return a copy with the timing column set to NaN (for comparing runs)
     */
    public ResultRow withoutTiming() {
        return new ResultRow(seq, problem, solver, grid, targetNfe, tolerance, status, nfe, steps, rmse, maxError,
                fd, fdExact, fdFloor, quality, coverage, Double.NaN, note);
    }

    /**
     * @param problem problem id
     * @param config configuration
     * @param status outcome
     * @param note reason
     * @return a row without measurements
     */
    static ResultRow unmeasured(String problem, RunConfig config, Status status, String note) {
        return new ResultRow(config.seq(), problem, config.solver().label(), config.gridLabel(), config.targetNfe(),
                config.tolerance(), status, 0, 0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                note);
    }
}
