package io.samplerkit.solvers.calibration;

import io.samplerkit.core.Checks;
import io.samplerkit.core.grid.ExplicitGrid;
import io.samplerkit.core.grid.TimeGrid;
import io.samplerkit.core.schedule.NoiseSchedule;
import io.samplerkit.core.schedule.VpDiscreteSchedule;
import java.util.Map;
import java.util.TreeMap;

/**
 * A calibrated grid: explicit times and how they were obtained. It is used as a {@link TimeGrid}
 * ({@link #timeGrid()}) on any model with the same schedule and end points, and printed as the lists
 * diffusers' schedulers accept ({@link #sigmas}, {@link #trainingTimesteps}).
 *
 * @param times strictly decreasing times, first and last are the calibration end points (copied)
 * @param solver registry name of the solver the grid was calibrated for
 * @param options the solver's options (sorted copy)
 * @param nfe model evaluations of one run of that solver on this grid
 * @param schedule description of the schedule
 * @param target description of the calibration problem
 * @param method the calibration method
 * @param objective the method's objective value at this grid
 * @param meanSquaredError the solver's exact mean squared error per coordinate on the calibration problem
 * @param startValue the same error on the starting (default) grid, for comparison
 * @param startGrid the starting grid's name
 * @param coefficients calibrated solver coefficients fitted with (or on) this grid, or null for the analytic
 *     solver ({@link CoefficientCalibrator}); {@code meanSquaredError} is then the error with them
 */
public record CalibratedGrid(double[] times, String solver, Map<String, String> options, int nfe, String schedule,
        String target, CalibrationMethod method, double objective, double meanSquaredError, double startValue,
        String startGrid, CalibratedCoefficients coefficients) {

    /** Validates and copies. */
    public CalibratedGrid {
        times = new ExplicitGrid(times).points();
        Checks.requireNonNull(solver, "solver");
        options = java.util.Collections.unmodifiableMap(new TreeMap<>(Checks.requireNonNull(options, "options")));
        Checks.requireNonNull(schedule, "schedule");
        Checks.requireNonNull(target, "target");
        Checks.requireNonNull(method, "method");
        Checks.requireNonNull(startGrid, "startGrid");
        if (coefficients != null) {
            int[] counts = coefficients.corrections().counts();
            if (counts.length != times.length - 1) {
                throw new io.samplerkit.core.InvalidInputException("coefficients.corrections", counts.length + " rows",
                        (times.length - 1) + " rows (one per grid step)");
            }
        }
    }

    /**
     * A grid of the analytic solver (no coefficients).
     *
     * @param times strictly decreasing times
     * @param solver registry name of the solver
     * @param options the solver's options
     * @param nfe model evaluations of one run
     * @param schedule description of the schedule
     * @param target description of the calibration problem
     * @param method the calibration method
     * @param objective the method's objective value
     * @param meanSquaredError the solver's exact mean squared error
     * @param startValue the same error on the starting grid
     * @param startGrid the starting grid's name
     */
    public CalibratedGrid(double[] times, String solver, Map<String, String> options, int nfe, String schedule,
            String target, CalibrationMethod method, double objective, double meanSquaredError, double startValue,
            String startGrid) {
        this(times, solver, options, nfe, schedule, target, method, objective, meanSquaredError, startValue, startGrid,
                null);
    }

    /**
     * @param newTimes the grid's times
     * @param newObjective the grid method's objective there (with the coefficients)
     * @param newCoefficients the coefficients
     * @return this grid's provenance with other times and coefficients; {@code meanSquaredError} becomes theirs
     */
    public CalibratedGrid withCoefficients(double[] newTimes, double newObjective, CalibratedCoefficients newCoefficients) {
        return new CalibratedGrid(newTimes, solver, options, nfe, schedule, target, method, newObjective,
                newCoefficients.meanSquaredError(), startValue, startGrid, newCoefficients);
    }

    /** @return a copy of the times */
    @Override
    public double[] times() {
        return times.clone();
    }

    /** @return grid intervals */
    public int steps() {
        return times.length - 1;
    }

    /** @return the times as an explicit grid rule */
    public TimeGrid timeGrid() {
        return new ExplicitGrid(times);
    }

    /**
     * The noise-to-signal ratios {@code sigma/alpha} at the grid times: diffusers' and k-diffusion's
     * {@code sigmas} (diffusers appends the final sigma itself).
     *
     * @param noiseSchedule the schedule the grid was calibrated on
     * @return one sigma per time
     */
    public double[] sigmas(NoiseSchedule noiseSchedule) {
        double[] s = new double[times.length];
        for (int i = 0; i < s.length; i++) {
            s[i] = noiseSchedule.rho(times[i]);
        }
        return s;
    }

    /**
     * The grid times as fractional training-step indices of a discrete schedule: diffusers' custom
     * {@code timesteps} (which it rounds to integers; the unrounded values are returned so the caller sees
     * what rounding changes).
     *
     * @param discrete the discrete schedule the grid was calibrated on
     * @return one index per time
     */
    public double[] trainingTimesteps(VpDiscreteSchedule discrete) {
        double[] s = new double[times.length];
        for (int i = 0; i < s.length; i++) {
            s[i] = discrete.indexOfTime(times[i]);
        }
        return s;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CalibratedGrid g && java.util.Arrays.equals(times, g.times) && solver.equals(g.solver)
                && options.equals(g.options) && nfe == g.nfe && schedule.equals(g.schedule)
                && target.equals(g.target) && method == g.method
                && Double.compare(objective, g.objective) == 0
                && Double.compare(meanSquaredError, g.meanSquaredError) == 0
                && Double.compare(startValue, g.startValue) == 0 && startGrid.equals(g.startGrid)
                && java.util.Objects.equals(coefficients, g.coefficients);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(java.util.Arrays.hashCode(times), solver, options, nfe, method);
    }

    @Override
    public String toString() {
        return Checks.format("CalibratedGrid[%s, %s, %d steps, nfe %d, %s]", solver, method, steps(), nfe, target);
    }
}
