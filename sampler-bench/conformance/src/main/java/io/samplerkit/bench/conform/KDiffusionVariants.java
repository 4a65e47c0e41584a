package io.samplerkit.bench.conform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.samplerkit.core.grid.ExponentialGrid;
import io.samplerkit.core.grid.KarrasGrid;
import io.samplerkit.core.grid.LogSnrGrid;
import io.samplerkit.core.grid.PolyExponentialGrid;
import io.samplerkit.core.grid.TimeGrid;
import io.samplerkit.core.grid.UniformTimeGrid;
import io.samplerkit.core.schedule.EdmSchedule;
import io.samplerkit.core.schedule.VpLinearSchedule;
import io.samplerkit.solvers.exponential.OrderAllocation;
import java.util.Arrays;

/**
 * Step-count variants of the k-diffusion cases ({@code solver.n}, and {@code schedule.n} when the
 * schedule records it). The sigma list is regenerated with SamplerKit's grid rules in sigma
 * coordinates ({@link EdmSchedule}: time = sigma), as {@code ReferenceGridsTest} checks them against
 * the stored lists:
 * <ul>
 * <li>{@code ve-karras}, {@code ve-exponential}, {@code ve-polyexponential}: {@link KarrasGrid},
 *     {@link ExponentialGrid}, {@link PolyExponentialGrid} from {@code sigma_max} to {@code sigma_min}
 *     with {@code n - 1} intervals, then the appended 0 ({@code get_sigmas_*(n, ...)});</li>
 * <li>{@code ve-vp}: {@code get_sigmas_vp}, the uniform {@code t} grid from 1 to {@code eps_s} on the VP
 *     linear schedule with {@code beta_max = beta_min + beta_d}, mapped to {@code sigma/alpha}, then 0;</li>
 * <li>{@code sample_dpm_fast}: {@code m = n//3 + 1} steps uniform in {@code -log sigma} from
 *     {@code sigma_max} to {@code sigma_min} ({@link LogSnrGrid}) and the fast order allocation of order
 *     3 ({@code solver.orders}).</li>
 * </ul>
 * The initial state {@code sigmas[0] * z} (or {@code sigma_max * z}) does not depend on {@code n}.
 */
final class KDiffusionVariants implements VariantRule {

    @Override
    public boolean accepts(ReferenceCase referenceCase) {
        return "k-diffusion".equals(referenceCase.family())
                && !"sample_dpm_adaptive".equals(referenceCase.solver().path("sampler").asText());
    }

    @Override
    public JsonNode baseValue(ReferenceCase base) {
        return base.solver().path("n");
    }

    @Override
    public void apply(ReferenceCase base, ObjectNode variant, JsonNode value) throws SkipCaseException {
        int n = CaseVariants.stepCount(value);
        ObjectNode solver = (ObjectNode) variant.get("solver");
        solver.put("n", n);
        ObjectNode schedule = (ObjectNode) variant.get("schedule");
        if (schedule.has("n")) {
            schedule.put("n", n);
        }
        JsonNode s = base.schedule();
        if ("sample_dpm_fast".equals(base.solver().path("sampler").asText())) {
            double sigmaMin = CaseVariants.number(base.solver(), "sigma_min");
            double sigmaMax = CaseVariants.number(base.solver(), "sigma_max");
            int[] orders = OrderAllocation.FAST.orders(3, n);
            double[] outer = new LogSnrGrid().times(new EdmSchedule(sigmaMin, sigmaMax), sigmaMax, sigmaMin,
                    orders.length);
            CaseVariants.putArray(solver, "orders", orders);
            CaseVariants.putArray(variant, "timesteps", outer);
            return;
        }
        if (n < 2) {
            throw SkipCaseException.unsupported("a k-diffusion sigma list needs n >= 2, got " + n);
        }
        String type = s.path("type").asText();
        double[] sigmas;
        if ("ve-vp".equals(type)) {
            double betaMin = CaseVariants.number(s, "beta_min");
            VpLinearSchedule vp = new VpLinearSchedule(betaMin, betaMin + CaseVariants.number(s, "beta_d"), 1.0);
            double[] t = new UniformTimeGrid().times(vp, 1.0, CaseVariants.number(s, "eps_s"), n - 1);
            sigmas = Arrays.stream(t).map(vp::rho).toArray();
        } else {
            TimeGrid grid;
            switch (type) {
                case "ve-karras":
                    grid = new KarrasGrid(CaseVariants.number(s, "rho"));
                    break;
                case "ve-exponential":
                    grid = new ExponentialGrid();
                    break;
                case "ve-polyexponential":
                    grid = new PolyExponentialGrid(s.has("rho") ? CaseVariants.number(s, "rho") : 1.0);
                    break;
                default:
                    throw SkipCaseException.unsupported("k-diffusion schedule.type '" + type
                            + "' has no sigma-list rule for a step-count variant");
            }
            double sigmaMin = CaseVariants.number(s, "sigma_min");
            double sigmaMax = CaseVariants.number(s, "sigma_max");
            sigmas = grid.times(new EdmSchedule(sigmaMin, sigmaMax), sigmaMax, sigmaMin, n - 1);
        }
        CaseVariants.putArray(variant, "timesteps", Arrays.copyOf(sigmas, n + 1)); // the appended 0
    }
}
