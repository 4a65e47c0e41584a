package io.samplerkit.bench.conform;

import com.fasterxml.jackson.databind.JsonNode;
import io.samplerkit.core.grid.Timesteps;
import io.samplerkit.core.schedule.NoiseSchedule;
import io.samplerkit.core.schedule.VpDiscreteSchedule;
import io.samplerkit.solvers.SamplingProblem;
import io.samplerkit.solvers.Solver;
import io.samplerkit.solvers.Option;
import io.samplerkit.solvers.multistep.PndmCombination;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * diffusers {@code PNDMScheduler} → registry {@code pndm} ({@code skip_prk_steps=False}: pseudo
 * Runge–Kutta warm-up, then PLMS) or {@code plms} ({@code skip_prk_steps=True}), both with diffusers'
 * stepping rule ({@code diffusers-step-offset}).
 *
 * <p>Integer timestep {@code n} is time {@code (n+1)/N} of the case's discrete schedule (so
 * {@code alpha = sqrt(alphas_cumprod[n])}). The grid lists each step's model time once, taken from the
 * stored {@code timesteps}: in PRK mode every fourth of the first twelve (the pseudo-RK step starts;
 * the solver derives the midpoint calls at the next start plus {@code N//K//2}) and then the PLMS
 * times; in PLMS mode the stored list without its repeated second entry. The rule
 * {@code prev = t - N//K} becomes {@code diffusers-step-offset = (N//K)/N},
 * {@code diffusers-half-offset = (N//K//2)/N}, and {@code set_alpha_to_one} decides whether a target
 * before timestep 0 is clean data or {@code alphas_cumprod[0]}. The state is the VP sample on both sides.
 *
 * <p>{@code prediction_type=epsilon} maps to {@code combine=noise}; {@code v_prediction} to
 * {@code combine=diffusers-raw-velocity}: diffusers combines the raw velocity outputs with the fixed
 * weights and converts the combination to a noise prediction with the transfer's start
 * {@code alphas_cumprod} and sample ({@code _get_prev_sample}), which the solver reproduces from the
 * velocities it evaluates. diffusers rejects every other prediction type, and so does this translator.
 */
public final class DiffusersPndmCases implements CaseTranslator {

    private static final int RUNGE_KUTTA_CALLS = 12;

    @Override
    public boolean accepts(ReferenceCase referenceCase) {
        return referenceCase.isDiffusers("PNDMScheduler");
    }

    @Override
    public PreparedCase prepare(ReferenceCase referenceCase) throws SkipCaseException {
        JsonNode solverNode = referenceCase.solver();
        JsonNode config = solverNode.path("config");
        CaseRules.requireNoStepArguments(referenceCase);
        String predictionType = config.path("prediction_type").asText("epsilon");
        PndmCombination combination;
        switch (predictionType) {
            case "epsilon":
                combination = PndmCombination.NOISE;
                break;
            case "v_prediction":
                combination = PndmCombination.DIFFUSERS_RAW_VELOCITY;
                break;
            default:
                throw SkipCaseException.unsupported("PNDMScheduler accepts prediction_type epsilon or v_prediction "
                        + "only, got " + predictionType);
        }
        int trainSteps = config.path("num_train_timesteps").asInt(1000);
        int inferenceSteps = solverNode.path("num_inference_steps").asInt();
        boolean skipPrk = config.path("skip_prk_steps").asBoolean(false);
        NoiseSchedule schedule = CaseSchedules.of(referenceCase);
        if (!(schedule instanceof VpDiscreteSchedule discrete) || discrete.size() != trainSteps) {
            throw SkipCaseException.unsupported("PNDMScheduler cases need the discrete table of num_train_timesteps="
                    + trainSteps + " entries, got " + schedule.describe());
        }
        double[] calls = referenceCase.timesteps();
        double[] stepStarts = skipPrk ? withoutSecond(calls) : prkStepStarts(calls);
        double[] times = new double[stepStarts.length];
        for (int i = 0; i < times.length; i++) {
            times[i] = discrete.timeOfIndex((int) stepStarts[i]);
        }
        int offset = trainSteps / inferenceSteps;
        Map<String, Object> options = new LinkedHashMap<>();
        options.put("diffusers-step-offset", offset / (double) trainSteps);
        options.put("diffusers-half-offset", (offset / 2) / (double) trainSteps);
        options.put("diffusers-alpha-to-one", config.path("set_alpha_to_one").asBoolean(false));
        options.put("combine", Option.enumText(combination));
        String name = skipPrk ? "plms" : "pndm";
        Solver solver = CaseTranslators.solver(name, options);
        Timesteps grid = Timesteps.of(schedule, times);
        SamplingProblem problem = referenceCase.problem(schedule, grid);
        return new PreparedCase(solver, problem, referenceCase.xT(), 1.0,
                "PNDMScheduler(skip_prk_steps=" + skipPrk + ", prediction_type=" + predictionType + ") -> " + name
                        + " combining " + Option.enumText(combination) + " with diffusers stepping (offset "
                        + offset + "/" + trainSteps + ") on " + schedule.describe() + ", " + grid.points()
                        + " model times t = (n+1)/N");
    }

    /** PLMS mode: {@code [t_{K-1}, t_{K-2}, t_{K-2}, t_{K-3}, ...]} without the repeated entry. */
    private static double[] withoutSecond(double[] calls) throws SkipCaseException {
        if (calls.length < 3 || calls[1] != calls[2]) {
            throw SkipCaseException.unsupported("skip_prk_steps timesteps must repeat their second entry, got "
                    + Arrays.toString(calls));
        }
        double[] out = new double[calls.length - 1];
        out[0] = calls[0];
        System.arraycopy(calls, 2, out, 1, calls.length - 2);
        return out;
    }

    /** PRK mode: the starts of the three pseudo-RK steps (every fourth call), then the PLMS calls. */
    private static double[] prkStepStarts(double[] calls) throws SkipCaseException {
        if (calls.length <= RUNGE_KUTTA_CALLS) {
            throw SkipCaseException.unsupported("PRK mode needs more than 12 timesteps, got " + calls.length);
        }
        double[] out = new double[3 + calls.length - RUNGE_KUTTA_CALLS];
        for (int k = 0; k < 3; k++) {
            out[k] = calls[4 * k];
        }
        System.arraycopy(calls, RUNGE_KUTTA_CALLS, out, 3, calls.length - RUNGE_KUTTA_CALLS);
        return out;
    }
}
