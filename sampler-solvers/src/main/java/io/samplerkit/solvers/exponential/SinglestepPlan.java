package io.samplerkit.solvers.exponential;

import io.samplerkit.core.Checks;
import io.samplerkit.core.grid.TimeGrid;
import io.samplerkit.core.grid.Timesteps;
import io.samplerkit.core.schedule.NoiseSchedule;
import java.util.Arrays;

/**
 * The stage grid and per-step orders of a singlestep DPM-Solver run, built as the official
 * {@code get_orders_and_timesteps_for_singlestep_solver} does (docs/math.md §6.4), for the CLI, the report and
 * the conformance translators. {@link DpmSolverSinglestep} walks {@link #times()}.
 *
 * @param times stage grid: {@code sum(orders) + 1} decreasing times, outer points and inner stages
 * @param orders order of each outer step
 */
public record SinglestepPlan(double[] times, int[] orders) {

    /** How the outer grid relates to the grid rule. */
    public enum Outer {
        /**
         * The rule's {@code (nfe+1)}-point grid, outer points at the cumulative orders and the points
         * between them as inner stages: the official construction for every skip type except logSNR.
         */
        SUBSAMPLED,
        /**
         * The rule's grid with one interval per step, each interval subdivided by the same rule into
         * {@code p_k} pieces: the official construction for logSNR (uniform lambda inside each step, so
         * {@code r = 1/2} or {@code (1/3, 2/3)}) and k-diffusion's {@code dpm_solver_fast}.
         */
        NESTED
    }

    /** Validates and copies. */
    public SinglestepPlan {
        Checks.requireNonNull(times, "times");
        Checks.requireNonNull(orders, "orders");
        int used = Arrays.stream(orders).sum();
        if (times.length != used + 1) {
            throw new IllegalArgumentException(Checks.format(
                    "times must have sum(orders)+1=%d points, got %d", used + 1, times.length));
        }
        times = times.clone();
        orders = orders.clone();
    }

    /**
     * Builds the plan.
     *
     * @param schedule schedule
     * @param grid grid rule (the official skip type)
     * @param outer subsampled (official non-logSNR) or nested (official logSNR)
     * @param tStart first time
     * @param tEnd last time
     * @param nfe model-evaluation budget (the official {@code steps})
     * @param order highest order 1 to 3
     * @param allocation fast or fixed
     * @return the plan
     */
    public static SinglestepPlan of(NoiseSchedule schedule, TimeGrid grid, Outer outer, double tStart, double tEnd,
            int nfe, int order, OrderAllocation allocation) {
        Checks.requireNonNull(grid, "grid");
        Checks.requireNonNull(outer, "outer");
        int[] orders = allocation.orders(order, nfe);
        if (outer == Outer.SUBSAMPLED) {
            return new SinglestepPlan(grid.times(schedule, tStart, tEnd, Arrays.stream(orders).sum()), orders);
        }
        return new SinglestepPlan(nest(schedule, grid.times(schedule, tStart, tEnd, orders.length), orders, grid),
                orders);
    }

    /**
     * Inserts the inner stages of each outer step: step {@code k} over {@code [outer_k, outer_{k+1}]} gets
     * the interior points of {@code inner.times(schedule, outer_k, outer_{k+1}, orders_k)}.
     *
     * @param schedule schedule
     * @param outer outer times, {@code orders.length + 1} decreasing values
     * @param orders order of each step
     * @param inner rule placing the inner points (uniform lambda for the official logSNR)
     * @return the stage grid
     */
    public static double[] nest(NoiseSchedule schedule, double[] outer, int[] orders, TimeGrid inner) {
        if (outer.length != orders.length + 1) {
            throw new IllegalArgumentException(Checks.format(
                    "outer must have orders.length+1=%d points, got %d", orders.length + 1, outer.length));
        }
        double[] t = new double[Arrays.stream(orders).sum() + 1];
        int n = 0;
        for (int k = 0; k < orders.length; k++) {
            t[n++] = outer[k];
            if (orders[k] > 1) {
                double[] in = inner.times(schedule, outer[k], outer[k + 1], orders[k]);
                for (int j = 1; j < orders[k]; j++) {
                    t[n++] = in[j];
                }
            }
        }
        t[n] = outer[orders.length];
        return t;
    }

    /**
     * @param schedule schedule
     * @return the stage grid evaluated on the schedule (the problem's timesteps)
     */
    public Timesteps timesteps(NoiseSchedule schedule) {
        return Timesteps.of(schedule, times);
    }

    /** @return the outer times (the states the run visits), {@code orders.length + 1} values */
    public double[] outerTimes() {
        double[] o = new double[orders.length + 1];
        int n = 0;
        for (int k = 0; k < orders.length; k++) {
            o[k] = times[n];
            n += orders[k];
        }
        o[orders.length] = times[n];
        return o;
    }

    @Override
    public double[] times() {
        return times.clone();
    }

    @Override
    public int[] orders() {
        return orders.clone();
    }
}
