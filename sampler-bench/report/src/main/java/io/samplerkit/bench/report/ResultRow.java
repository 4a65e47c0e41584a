package io.samplerkit.bench.report;

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
 * @param fdExact exact Fréchet distance of the output law to the law of the exact probability-flow
 *     solution at {@code tEnd} (Gaussian problems; NaN otherwise)
 * @param quality the problem's sample-quality measure of the outputs ({@link QualitySpec}: energy distance or
 *     feature-space Fréchet distance; NaN when the problem has none)
 * @param coverage classes or modes of the data the outputs cover (NaN when the problem has no quality measure)
 * @param secondsPerStep wall time per step for the whole batch (not deterministic)
 * @param note reason for n/a or failure, or a remark; empty otherwise
 */
public record ResultRow(int seq, String problem, String solver, String grid, int targetNfe, double tolerance,
        Status status, int nfe, int steps, double rmse, double maxError, double fd, double fdExact, double quality,
        double coverage, double secondsPerStep, String note) {

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
                Double.NaN, Double.NaN, secondsPerStep, note);
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
         */
        public static Status ofText(String text) {
            for (Status s : values()) {
                if (s.text.equals(text)) {
                    return s;
                }
            }
            throw new IllegalArgumentException("status must be ok, n/a or failed, got '" + text + "'");
        }
    }

    /** @return whether the solver chose its own steps */
    public boolean adaptive() {
        return "adaptive".equals(grid);
    }

    /**
     * Whether the row is measured in law only: a stochastic solver has no pathwise error to the
     * probability-flow solution (RMSE NaN) but an exact Fréchet distance to the exact marginal.
     *
     * @return true for such a row
     */
    public boolean weak() {
        return !Double.isFinite(rmse) && Double.isFinite(fdExact);
    }

    /**
     * The error the report plots and fits orders on: the RMSE (pathwise, strong) for deterministic
     * solvers, the exact Fréchet distance to the exact marginal at {@code tEnd} (weak) for {@link #weak} rows.
     *
     * @return the error, NaN when neither is measured
     */
    public double error() {
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
                fd, fdExact, quality, coverage, Double.NaN, note);
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
