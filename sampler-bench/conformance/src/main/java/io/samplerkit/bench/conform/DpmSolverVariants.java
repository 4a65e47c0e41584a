package io.samplerkit.bench.conform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.samplerkit.core.grid.LogSnrGrid;
import io.samplerkit.core.grid.TimeGrid;
import io.samplerkit.core.schedule.NoiseSchedule;
import io.samplerkit.solvers.exponential.OrderAllocation;
import io.samplerkit.solvers.exponential.SinglestepPlan;

/**
 * Step-count variants of the official DPM-Solver ({@code multistep}, {@code singlestep},
 * {@code singlestep_fixed}) and UniPC cases: {@code solver.steps} becomes the new value and the stored
 * grid is regenerated from {@code t_start_effective}, {@code t_end_effective} and the skip type with
 * the reference's {@code get_time_steps} (README section 1):
 * <ul>
 * <li>{@code multistep}: {@code get_time_steps(skip, t_T, t_0, steps)};</li>
 * <li>{@code singlestep}: orders by the fast allocation ({@code solver.orders} rewritten), outer grid
 *     {@code get_time_steps(logSNR, t_T, t_0, K)} for logSNR, otherwise the {@code steps} grid taken at the
 *     cumulative orders ({@link SinglestepPlan.Outer});</li>
 * <li>{@code singlestep_fixed}: {@code K = steps // order} steps of order {@code order} on
 *     {@code get_time_steps(skip, t_T, t_0, K)}.</li>
 * </ul>
 * The schedule is the case's own ({@link CaseSchedules}), so discrete tables keep the reference's
 * lambda clipping (DPM-Solver) or its absence (UniPC).
 */
final class DpmSolverVariants implements VariantRule {

    @Override
    public boolean accepts(ReferenceCase referenceCase) {
        String family = referenceCase.family();
        return ("dpm-solver".equals(family) || "unipc".equals(family))
                && !"adaptive".equals(referenceCase.solver().path("method").asText());
    }

    @Override
    public JsonNode baseValue(ReferenceCase base) {
        return base.solver().path("steps");
    }

    @Override
    public void apply(ReferenceCase base, ObjectNode variant, JsonNode value) throws SkipCaseException {
        int steps = CaseVariants.stepCount(value);
        JsonNode s = base.solver();
        ObjectNode solver = (ObjectNode) variant.get("solver");
        solver.put("steps", steps);
        NoiseSchedule schedule = CaseSchedules.of(base);
        double tStart = CaseVariants.number(s, "t_start_effective");
        double tEnd = CaseVariants.number(s, "t_end_effective");
        String skip = s.path("skip_type").asText();
        TimeGrid grid = DpmSolverCases.skipGrid(skip);
        String method = s.path("method").asText("multistep");
        double[] times;
        switch (method) {
            case "multistep":
                times = grid.times(schedule, tStart, tEnd, steps);
                break;
            case "singlestep":
            case "singlestep_fixed": {
                boolean fast = "singlestep".equals(method);
                // the official singlestep subsamples a `steps` grid except for logSNR; singlestep_fixed
                // always builds its K-interval grid directly
                SinglestepPlan.Outer outer = !fast || grid instanceof LogSnrGrid ? SinglestepPlan.Outer.NESTED
                        : SinglestepPlan.Outer.SUBSAMPLED;
                int order = s.path("order").asInt();
                SinglestepPlan plan = SinglestepPlan.of(schedule, grid, outer, tStart, tEnd, steps, order,
                        fast ? OrderAllocation.FAST : OrderAllocation.FIXED);
                times = plan.outerTimes();
                CaseVariants.putArray(solver, "orders", plan.orders());
                break;
            }
            default:
                throw SkipCaseException.unsupported("method '" + method + "' has no step-count variant");
        }
        CaseVariants.putArray(variant, "timesteps", times);
    }
}
