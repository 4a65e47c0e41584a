package io.samplerkit.bench.conform;

import com.fasterxml.jackson.databind.JsonNode;
import io.samplerkit.core.grid.SkipType;
import io.samplerkit.core.grid.TimeGrid;
import io.samplerkit.core.grid.Timesteps;
import io.samplerkit.core.model.DiffusionModel;
import io.samplerkit.core.model.DynamicThresholding;
import io.samplerkit.core.schedule.NoiseSchedule;
import io.samplerkit.solvers.SamplingProblem;
import io.samplerkit.solvers.Solver;
import io.samplerkit.solvers.exponential.DpmSolverMultistep;
import io.samplerkit.solvers.exponential.DpmSolverSinglestep;
import io.samplerkit.solvers.exponential.OrderAllocation;
import io.samplerkit.solvers.exponential.SinglestepPlan;
import io.samplerkit.solvers.exponential.ExponentialSolvers;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The official DPM-Solver ({@code DPM_Solver.sample}, methods {@code multistep}, {@code singlestep},
 * {@code singlestep_fixed}; not {@code adaptive}) → registry {@code dpm-solver-multistep} /
 * {@code dpmpp-multistep} / {@code dpm-solver-singlestep} / {@code dpmpp-singlestep}.
 *
 * <ul>
 * <li>{@code algorithm_type} dpmsolver / dpmsolver++ → noise / data side; {@code solver_type}
 *     dpmsolver / taylor → midpoint / taylor; third order as the reference computes it.</li>
 * <li>multistep: the stored grid; {@code lower_order_final} with the code's threshold
 *     {@code steps < 10}.</li>
 * <li>singlestep: the stored outer grid and {@code solver.orders}; the inner stages come from the
 *     skip type between consecutive outer points (the reference's {@code get_time_steps(skip, s, t, order)}),
 *     giving the stage grid the solver walks. Fast allocation for {@code singlestep}, fixed for
 *     {@code singlestep_fixed}.</li>
 * <li>{@code denoise_to_zero}: the driver's final denoising evaluation.</li>
 * <li>{@code -modeldata} / {@code -modelv}: the model returns data or v, converted exactly (the
 *     reference's model_wrapper round trip through the noise prediction agrees to round-off).</li>
 * </ul>
 */
public final class DpmSolverCases implements CaseTranslator {

    @Override
    public boolean accepts(ReferenceCase referenceCase) {
        return "dpm-solver".equals(referenceCase.family())
                && !"adaptive".equals(referenceCase.solver().path("method").asText());
    }

    @Override
    public PreparedCase prepare(ReferenceCase referenceCase) throws SkipCaseException {
        JsonNode s = referenceCase.solver();
        NoiseSchedule schedule = CaseSchedules.of(referenceCase);
        boolean data = side(s.path("algorithm_type").asText());
        String type = updateType(s.path("solver_type").asText());
        int order = s.path("order").asInt();
        String method = s.path("method").asText();
        Map<String, Object> options = new LinkedHashMap<>();
        options.put("order", order);
        options.put("solver-type", type);
        Timesteps grid;
        String name;
        String how;
        if ("multistep".equals(method)) {
            name = data ? DpmSolverMultistep.DATA_NAME : DpmSolverMultistep.NOISE_NAME;
            options.put("third-order", "reference");
            options.put("lower-order-final", s.path("lower_order_final").asBoolean(true));
            options.put("lower-order-final-below", ExponentialSolvers.LOWER_ORDER_FINAL_BELOW_OFFICIAL);
            grid = CaseGrids.times(referenceCase, schedule);
            how = grid.steps() + " multistep steps on the stored grid";
        } else if ("singlestep".equals(method) || "singlestep_fixed".equals(method)) {
            OrderAllocation allocation = "singlestep".equals(method) ? OrderAllocation.FAST : OrderAllocation.FIXED;
            name = data ? DpmSolverSinglestep.DATA_NAME : DpmSolverSinglestep.NOISE_NAME;
            options.put("allocation", allocation.name().toLowerCase(java.util.Locale.ROOT));
            int[] orders = orders(s.path("orders"));
            int nfe = Arrays.stream(orders).sum();
            if (!Arrays.equals(orders, allocation.orders(order, nfe))) {
                throw SkipCaseException.unsupported("solver.orders " + Arrays.toString(orders)
                        + " is not the " + allocation + " allocation of order " + order);
            }
            double[] stages = SinglestepPlan.nest(schedule, referenceCase.timesteps(), orders,
                    skipGrid(s.path("skip_type").asText()));
            grid = CaseGrids.times(schedule, stages);
            how = orders.length + " singlestep steps " + Arrays.toString(orders) + " on the stored outer grid, inner "
                    + "stages by " + s.path("skip_type").asText();
        } else {
            throw SkipCaseException.unsupported("method '" + method + "' is not a fixed-grid DPM-Solver method");
        }
        Solver solver = CaseTranslators.solver(name, options);
        boolean denoise = s.path("denoise_to_zero").asBoolean(false);
        DiffusionModel model = referenceCase.exactModel(schedule);
        String correcting = s.path("correcting_x0_fn").asText("null");
        if (!s.path("correcting_xt_fn").asText("null").equals("null")) {
            throw SkipCaseException.unsupported("correcting_xt_fn " + s.path("correcting_xt_fn") + " is not reproduced");
        }
        if ("dynamic_thresholding".equals(correcting)) {
            // The official code thresholds inside data_prediction_fn only: every model call of dpmsolver++,
            // and for dpmsolver only the final denoise_to_zero call.
            if (!data && denoise) {
                throw SkipCaseException.unsupported("dpmsolver with correcting_x0_fn and denoise_to_zero thresholds only"
                        + " the final denoising call; not reproduced");
            }
            if (data) {
                model = new DynamicThresholding(model, schedule, s.path("dynamic_thresholding_ratio").asDouble(0.995),
                        s.path("thresholding_max_val").asDouble(1.0), DynamicThresholding.Variant.OFFICIAL);
                how += ", official dynamic thresholding";
            }
        } else if (!"null".equals(correcting)) {
            throw SkipCaseException.unsupported("correcting_x0_fn '" + correcting + "' is not reproduced");
        }
        SamplingProblem problem = SamplingProblem.of(schedule, model, grid).withDenoiseToZero(denoise);
        return new PreparedCase(solver, problem, referenceCase.xT(), 1.0,
                "DPM-Solver " + method + " -> " + name + " " + options + " on " + schedule.describe() + ", " + how);
    }

    /**
     * @param node JSON array of integers ({@code solver.orders})
     * @return the values
     */
    static int[] orders(JsonNode node) {
        double[] v = ReferenceCase.vector(node);
        int[] r = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            r[i] = (int) v[i];
        }
        return r;
    }

    private static boolean side(String algorithm) throws SkipCaseException {
        switch (algorithm) {
            case "dpmsolver":
                return false;
            case "dpmsolver++":
                return true;
            default:
                throw SkipCaseException.unsupported("algorithm_type '" + algorithm + "' is unknown");
        }
    }

    private static String updateType(String solverType) throws SkipCaseException {
        switch (solverType) {
            case "dpmsolver":
                return "midpoint";
            case "taylor":
                return "taylor";
            default:
                throw SkipCaseException.unsupported("solver_type '" + solverType + "' is unknown");
        }
    }

    /**
     * @param skipType the reference's {@code skip_type}
     * @return the grid rule of that skip type (also used by {@link DpmSolverVariants})
     * @throws SkipCaseException (UNSUPPORTED) for an unknown skip type
     */
    static TimeGrid skipGrid(String skipType) throws SkipCaseException {
        try {
            return SkipType.of(skipType).grid();
        } catch (IllegalArgumentException e) {
            throw SkipCaseException.unsupported("skip_type '" + skipType + "' is unknown");
        }
    }
}
