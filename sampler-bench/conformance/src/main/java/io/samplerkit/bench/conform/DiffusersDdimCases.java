package io.samplerkit.bench.conform;

import com.fasterxml.jackson.databind.JsonNode;
import io.samplerkit.core.Checks;
import io.samplerkit.core.grid.Timesteps;
import io.samplerkit.core.model.DiffusionModel;
import io.samplerkit.core.schedule.NoiseSchedule;
import io.samplerkit.core.schedule.VpDiscreteSchedule;
import io.samplerkit.solvers.SamplingProblem;
import io.samplerkit.solvers.Solver;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * diffusers {@code DDIMScheduler} (eta = 0, no clipping or thresholding) → registry {@code ddim}.
 *
 * <p>diffusers evaluates the model at the integer timestep {@code n_i} of its grid and steps to
 * {@code p_i = n_i - N // K} (N training steps, K inference steps), or to
 * {@code final_alpha_cumprod} when {@code p_i < 0} (1, i.e. zero noise, with
 * {@code set_alpha_to_one}; else {@code alphas_cumprod[0]}, and when the last timestep is 0 that last step
 * is an identity which still calls the model: a zero-length final step, {@code Timesteps.ofRepeatedEnd}). Its next step starts at
 * {@code n_{i+1}}, which equals {@code p_i} for {@code leading} spacing with K dividing N, but
 * not in general (e.g. {@code trailing} with K = 12: 166 steps to 83, the next step evaluates
 * the model at 82 with the state unchanged). The translation runs registry {@code ddim} on the
 * case's {@code VpDiscreteSchedule} (from the arrays file's {@code alphas_cumprod}, index
 * {@code n} at {@code timeOfIndex(n)}) over the chain {@code n_0 -> p_0 = n_1 -> ... }; where
 * {@code p_i != n_{i+1}} the chain is cut and continues from {@code n_{i+1}} with the state as it
 * is ({@link PreparedCase#continuation()}). The stored {@code alphas_cumprod_at_timesteps} and
 * {@code final_alpha_cumprod} are checked against the schedule.
 */
public final class DiffusersDdimCases implements CaseTranslator {

    /** Relative agreement required between the schedule's alpha^2 and the stored alpha-bars. */
    private static final double ALPHA_BAR_RTOL = 1e-12;

    @Override
    public boolean accepts(ReferenceCase referenceCase) {
        return referenceCase.isDiffusers("DDIMScheduler");
    }

    @Override
    public PreparedCase prepare(ReferenceCase referenceCase) throws SkipCaseException {
        JsonNode solver = referenceCase.solver();
        JsonNode config = solver.path("config");
        if (config.path("clip_sample").asBoolean(false)) {
            throw SkipCaseException.unsupported("clip_sample=true clamps x0 to a box; not an ODE solver on this data");
        }
        if (config.path("thresholding").asBoolean(false)) {
            throw SkipCaseException.notImplemented("DDIM with dynamic thresholding is not translated yet");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = solver.path("step_kwargs").fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            boolean harmless = e.getKey().equals("eta") && e.getValue().asDouble() == 0.0
                    || e.getKey().equals("use_clipped_model_output");
            if (!harmless) {
                throw SkipCaseException.unsupported("step() argument " + e.getKey() + "=" + e.getValue()
                        + " is not reproduced (eta > 0 draws torch noise)");
            }
        }
        NoiseSchedule generic = CaseSchedules.of(referenceCase);
        if (!(generic instanceof VpDiscreteSchedule)) {
            throw new IllegalArgumentException("DDIM case " + referenceCase.id() + " needs a discrete schedule, got "
                    + generic.describe());
        }
        VpDiscreteSchedule schedule = (VpDiscreteSchedule) generic;
        int trainSteps = config.path("num_train_timesteps").asInt();
        double[] n = referenceCase.timesteps();
        int k = n.length;
        int stride = trainSteps / k;
        double finalAlphaBar = referenceCase.root().path("final_alpha_cumprod").asDouble(Double.NaN);
        checkAlphaBars(referenceCase, schedule, CaseGrids.trainIndices(schedule, n));

        // the chain n_0 -> p_0 (= n_1) -> ...; cut where p_i != n_{i+1}
        double[] t = CaseGrids.trainIndices(schedule, n);
        List<Timesteps> segments = new ArrayList<>();
        List<Double> times = new ArrayList<>();
        times.add(t[0]);
        for (int i = 0; i < k; i++) {
            double prev = n[i] - stride;
            boolean last = i == k - 1;
            if (!last && prev == n[i + 1]) {
                times.add(t[i + 1]);
                continue;
            }
            if (prev >= 0) {
                times.add(CaseGrids.trainIndices(schedule, new double[] {prev})[0]);
                segments.add(Timesteps.of(schedule, unbox(times)));
            } else {
                segments.add(finalSegment(referenceCase, schedule, unbox(times), finalAlphaBar));
            }
            if (!last) {
                times = new ArrayList<>();
                times.add(t[i + 1]);
            }
        }
        Solver ddim = CaseTranslators.solver("ddim", Map.of("eta", 0.0));
        DiffusionModel model = referenceCase.exactModel(schedule);
        List<SamplingProblem> problems = new ArrayList<>();
        for (Timesteps ts : segments) {
            problems.add(SamplingProblem.of(schedule, model, ts));
        }
        String note = Checks.format("DDIMScheduler -> ddim(eta=0) on %s, timesteps n at timeOfIndex(n), steps to n-%d",
                schedule.describe(), stride)
                + (segments.size() == 1 ? "" : ", " + segments.size() + " chained segments (steps end off the grid)");
        return new PreparedCase(ddim, problems.get(0), referenceCase.xT(), 1.0, note,
                problems.subList(1, problems.size()));
    }

    private static Timesteps finalSegment(ReferenceCase c, VpDiscreteSchedule schedule, double[] times,
            double finalAlphaBar) {
        if (finalAlphaBar == 1.0) {
            return Timesteps.ofZeroNoiseEnd(schedule, times);
        }
        double alphaBar0 = schedule.alphasCumprod()[0];
        if (!(Math.abs(finalAlphaBar - alphaBar0) <= ALPHA_BAR_RTOL * alphaBar0)) {
            throw new IllegalArgumentException(Checks.format(
                    "case %s: final_alpha_cumprod must be 1 or alphas_cumprod[0]=%s, got %s", c.id(), alphaBar0,
                    finalAlphaBar));
        }
        double t0 = schedule.timeOfIndex(0);
        if (!(times[times.length - 1] > t0)) {
            // the last step goes from timestep 0 to alphas_cumprod[0]: an identity after a model call
            return Timesteps.ofRepeatedEnd(schedule, times);
        }
        double[] withEnd = java.util.Arrays.copyOf(times, times.length + 1);
        withEnd[times.length] = t0;
        return Timesteps.of(schedule, withEnd);
    }

    private static void checkAlphaBars(ReferenceCase c, VpDiscreteSchedule schedule, double[] t) {
        JsonNode stored = c.root().path("alphas_cumprod_at_timesteps");
        if (!stored.isArray()) {
            return;
        }
        double[] alphaBar = ReferenceCase.vector(stored);
        for (int i = 0; i < t.length; i++) {
            double a = schedule.alpha(t[i]);
            if (!(Math.abs(a * a - alphaBar[i]) <= ALPHA_BAR_RTOL * alphaBar[i])) {
                throw new IllegalArgumentException(Checks.format(
                        "case %s: schedule alpha^2 at timesteps[%d] is %s, the case stores %s", c.id(), i, a * a,
                        alphaBar[i]));
            }
        }
    }

    private static double[] unbox(List<Double> values) {
        double[] a = new double[values.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = values.get(i);
        }
        return a;
    }
}
