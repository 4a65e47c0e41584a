package io.samplerkit.bench.conform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.samplerkit.core.grid.DiffusersSpacing;
import io.samplerkit.core.grid.ExponentialGrid;
import io.samplerkit.core.grid.KarrasGrid;
import io.samplerkit.core.grid.TimeGrid;
import io.samplerkit.core.schedule.EdmSchedule;
import io.samplerkit.core.schedule.VpDiscreteSchedule;
import java.util.Arrays;
import java.util.Locale;

/**
 * Step-count variants of the diffusers cases: {@code solver.num_inference_steps} becomes the new
 * value and {@code set_timesteps} is redone from the scheduler's {@code config} and the case's
 * {@code alphas_cumprod} (arrays file), README section 4:
 * <ul>
 * <li>integer {@code timesteps} by {@link DiffusersSpacing} ({@code timestep_spacing},
 *     {@code steps_offset}; DPMSolverMultistep's {@code lambda_min_clipped});</li>
 * <li>{@code DDIMScheduler}: those timesteps and {@code alphas_cumprod_at_timesteps}
 *     ({@code final_alpha_cumprod} depends only on the config);</li>
 * <li>{@code PNDMScheduler}: the pseudo Runge-Kutta list (the last four timesteps doubled with the
 *     half offset {@code N // K // 2}, as diffusers builds it) then the PLMS list, or with
 *     {@code skip_prk_steps} the list with its second entry repeated;</li>
 * <li>{@code DPMSolverMultistepScheduler}, {@code UniPCMultistepScheduler}, {@code DEISMultistepScheduler}:
 *     {@code sigmas = sqrt((1 - alphabar)/alphabar)} at the timesteps, or Karras / exponential (Lu) sigmas
 *     between the extreme training levels (config {@code sigma_min}/{@code sigma_max} when set), then the
 *     final sigma ({@code 0} for {@code final_sigmas_type="zero"}, the level of timestep 0 for
 *     {@code "sigma_min"} and always for DEIS);</li>
 * <li>{@code EulerDiscreteScheduler}, {@code HeunDiscreteScheduler}: fractional {@code linspace}
 *     timesteps, sigmas by numpy's linear interpolation of the training levels (Karras / exponential
 *     between the first and last of those, or the config's bounds), the final sigma, and Heun's
 *     interleaving {@code [s0, s1, s1, ..., 0]}; when {@code init_noise_sigma} changes with the step
 *     count ({@code leading} spacing) {@code x_T} is rescaled to it.</li>
 * </ul>
 * With Karras or exponential sigmas diffusers rounds the timesteps from the sigmas; no translator reads
 * them there, so they are removed rather than recomputed. {@code use_beta_sigmas},
 * {@code use_flow_sigmas} and a non-linear {@code interpolation_type} are not reproduced (skip).
 */
final class DiffusersVariants implements VariantRule {

    @Override
    public boolean accepts(ReferenceCase referenceCase) {
        return "diffusers".equals(referenceCase.family());
    }

    @Override
    public JsonNode baseValue(ReferenceCase base) {
        return base.solver().path("num_inference_steps");
    }

    @Override
    public void apply(ReferenceCase base, ObjectNode variant, JsonNode value) throws SkipCaseException {
        int k = CaseVariants.stepCount(value);
        ((ObjectNode) variant.get("solver")).put("num_inference_steps", k);
        JsonNode config = base.solver().path("config");
        double[] alphaBar = ReferenceCase.vector(base.scheduleArrays().path("alphas_cumprod"));
        int trainSteps = config.path("num_train_timesteps").asInt(alphaBar.length);
        if (trainSteps != alphaBar.length) {
            throw SkipCaseException.unsupported("num_train_timesteps=" + trainSteps + " but the arrays file holds "
                    + alphaBar.length + " alphas_cumprod");
        }
        for (String unsupported : new String[] {"use_beta_sigmas", "use_flow_sigmas"}) {
            if (config.path(unsupported).asBoolean(false)) {
                throw SkipCaseException.unsupported(unsupported + "=true: its sigmas are not regenerated");
            }
        }
        String scheduler = base.solver().path("scheduler").asText();
        Table table = new Table(alphaBar, VpDiscreteSchedule.fromAlphasCumprod(alphaBar), config, k);
        switch (scheduler) {
            case "DDIMScheduler" -> ddim(variant, table);
            case "PNDMScheduler" -> pndm(variant, table);
            case "DPMSolverMultistepScheduler", "UniPCMultistepScheduler", "DEISMultistepScheduler" ->
                    multistep(variant, table, scheduler);
            case "EulerDiscreteScheduler", "HeunDiscreteScheduler" ->
                    sigmaScheduler(base, variant, table, scheduler.startsWith("Heun"));
            default -> throw SkipCaseException.unsupported("scheduler " + scheduler + " has no step-count variant rule");
        }
    }

    /** The training table, the config and the step count, with the helpers the schedulers share. */
    private record Table(double[] alphaBar, VpDiscreteSchedule schedule, JsonNode config, int steps) {

        int trainSteps() {
            return alphaBar.length;
        }

        /** diffusers' {@code sigmas = ((1 - alphas_cumprod) / alphas_cumprod) ** 0.5} at index n. */
        double trainSigma(int n) {
            return Math.sqrt((1 - alphaBar[n]) / alphaBar[n]);
        }

        /** numpy {@code interp(x, arange(N), sigmas)}: {@code slope * (x - j) + sigmas[j]}. */
        double interpSigma(double x) {
            int last = trainSteps() - 1;
            if (x >= last) {
                return trainSigma(last);
            }
            int j = (int) Math.floor(x);
            double lo = trainSigma(j);
            return (trainSigma(j + 1) - lo) * (x - j) + lo;
        }

        DiffusersSpacing spacing(DiffusersSpacing.Family family, double lambdaMinClipped) throws SkipCaseException {
            String name = config.path("timestep_spacing").asText("linspace");
            DiffusersSpacing.Spacing spacing;
            try {
                spacing = DiffusersSpacing.Spacing.valueOf(name.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw SkipCaseException.unsupported("timestep_spacing '" + name + "' is unknown");
            }
            return new DiffusersSpacing(spacing, family, config.path("steps_offset").asInt(0), lambdaMinClipped);
        }

        /** The config's value of a Karras/exponential bound, or {@code fallback} when absent or null. */
        double bound(String key, double fallback) {
            JsonNode v = config.get(key);
            return v == null || v.isNull() ? fallback : ReferenceCase.number(v);
        }

        /**
         * Karras or exponential sigmas between the given levels when the config asks for them, else null.
         */
        double[] respaced(double sigmaMax, double sigmaMin) {
            TimeGrid grid;
            if (config.path("use_karras_sigmas").asBoolean(false)) {
                grid = KarrasGrid.standard();
            } else if (config.path("use_exponential_sigmas").asBoolean(false)
                    || config.path("use_lu_lambdas").asBoolean(false)) {
                grid = new ExponentialGrid();
            } else {
                return null;
            }
            double max = bound("sigma_max", sigmaMax);
            double min = bound("sigma_min", sigmaMin);
            return grid.times(new EdmSchedule(min, max), max, min, steps - 1);
        }

        /** The last sigma: 0 for {@code final_sigmas_type="zero"} (default), the level of timestep 0 otherwise. */
        double finalSigma(boolean alwaysSigmaMin) throws SkipCaseException {
            String type = config.path("final_sigmas_type").asText("zero");
            if (alwaysSigmaMin || "sigma_min".equals(type)) {
                return trainSigma(0);
            }
            if (!"zero".equals(type)) {
                throw SkipCaseException.unsupported("final_sigmas_type '" + type + "' is unknown");
            }
            return 0.0;
        }
    }

    private static void ddim(ObjectNode variant, Table table) throws SkipCaseException {
        int[] ts = table.spacing(DiffusersSpacing.Family.DDIM, Double.NEGATIVE_INFINITY)
                .trainTimesteps(table.trainSteps(), table.steps());
        CaseVariants.putArray(variant, "timesteps", ts);
        putAlphaBars(variant, table, ts);
    }

    private static void pndm(ObjectNode variant, Table table) throws SkipCaseException {
        int k = table.steps();
        int[] d = table.spacing(DiffusersSpacing.Family.DDIM, Double.NEGATIVE_INFINITY)
                .trainTimesteps(table.trainSteps(), k);
        int[] ts;
        if (table.config().path("skip_prk_steps").asBoolean(false)) {
            if (k < 2) {
                throw SkipCaseException.unsupported("PNDM with skip_prk_steps needs num_inference_steps >= 2, got " + k);
            }
            ts = new int[k + 1];
            ts[0] = d[0];
            System.arraycopy(d, 1, ts, 2, k - 1);
            ts[1] = d[1];
        } else {
            int order = 4; // PNDMScheduler.pndm_order
            if (k < order) {
                throw SkipCaseException.unsupported("PNDM's pseudo Runge-Kutta warm-up needs num_inference_steps >= 4, "
                        + "got " + k);
            }
            int half = table.trainSteps() / k / 2;
            ts = new int[3 * order + k - order + 1];
            int m = 0;
            ts[m++] = d[0];
            for (int j = 1; j < order; j++) {
                ts[m++] = d[j] + half;
                ts[m++] = d[j] + half;
                ts[m++] = d[j];
                if (j < order - 1) {
                    ts[m++] = d[j];
                }
            }
            for (int j = order - 1; j < k; j++) {
                ts[m++] = d[j];
            }
            ts = Arrays.copyOf(ts, m);
        }
        CaseVariants.putArray(variant, "timesteps", ts);
        putAlphaBars(variant, table, ts);
    }

    private static void putAlphaBars(ObjectNode variant, Table table, int[] ts) {
        if (variant.has("alphas_cumprod_at_timesteps")) {
            double[] a = new double[ts.length];
            for (int i = 0; i < ts.length; i++) {
                a[i] = table.alphaBar()[ts[i]];
            }
            CaseVariants.putArray(variant, "alphas_cumprod_at_timesteps", a);
        }
    }

    private static void multistep(ObjectNode variant, Table table, String scheduler) throws SkipCaseException {
        boolean dpmSolver = "DPMSolverMultistepScheduler".equals(scheduler);
        JsonNode clip = table.config().get("lambda_min_clipped");
        double lambdaMin = dpmSolver && clip != null && !clip.isNull() ? ReferenceCase.number(clip)
                : Double.NEGATIVE_INFINITY;
        int[] ts = table.spacing(DiffusersSpacing.Family.MULTISTEP, lambdaMin).trainTimesteps(table.schedule(),
                table.steps());
        int k = table.steps();
        double[] sigmas = table.respaced(table.trainSigma(table.trainSteps() - 1), table.trainSigma(0));
        if (sigmas == null) {
            sigmas = new double[k];
            for (int i = 0; i < k; i++) {
                sigmas[i] = table.trainSigma(ts[i]);
            }
            CaseVariants.putArray(variant, "timesteps", ts);
        } else {
            variant.remove("timesteps");
        }
        double[] all = Arrays.copyOf(sigmas, k + 1);
        all[k] = table.finalSigma("DEISMultistepScheduler".equals(scheduler));
        CaseVariants.putArray(variant, "sigmas", all);
    }

    private static void sigmaScheduler(ReferenceCase base, ObjectNode variant, Table table, boolean heun)
            throws SkipCaseException {
        String interpolation = table.config().path("interpolation_type").asText("linear");
        if (!"linear".equals(interpolation)) {
            throw SkipCaseException.unsupported("interpolation_type '" + interpolation + "' is not reproduced");
        }
        int k = table.steps();
        double[] ts = table.spacing(DiffusersSpacing.Family.EULER, Double.NEGATIVE_INFINITY)
                .timesteps(table.trainSteps(), k);
        double[] sigmas = new double[k];
        for (int i = 0; i < k; i++) {
            sigmas[i] = table.interpSigma(ts[i]);
        }
        double[] respaced = table.respaced(sigmas[0], sigmas[k - 1]);
        if (respaced != null) {
            sigmas = respaced;
            variant.remove("timesteps");
        } else if (heun) {
            CaseVariants.putArray(variant, "timesteps", interleave(ts, false));
        } else {
            CaseVariants.putArray(variant, "timesteps", ts);
        }
        double[] withEnd = Arrays.copyOf(sigmas, k + 1);
        withEnd[k] = heun ? 0.0 : table.finalSigma(false);
        double[] stored = heun ? interleave(withEnd, true) : withEnd;
        CaseVariants.putArray(variant, "sigmas", stored);
        rescaleInitialNoise(base, variant, table, sigmas);
    }

    /** Heun's {@code [v0, v1, v1, ..., v_last]}: every entry after the first doubled, except a final one kept single. */
    private static double[] interleave(double[] v, boolean keepLastSingle) {
        int doubled = keepLastSingle ? v.length - 2 : v.length - 1;
        double[] out = new double[1 + 2 * doubled + (keepLastSingle ? 1 : 0)];
        int m = 0;
        out[m++] = v[0];
        for (int i = 1; i <= doubled; i++) {
            out[m++] = v[i];
            out[m++] = v[i];
        }
        if (keepLastSingle) {
            out[m] = v[v.length - 1];
        }
        return out;
    }

    /**
     * Euler/Heun's {@code init_noise_sigma}: {@code max(sigmas)} for linspace/trailing spacing, else
     * {@code sqrt(max^2 + 1)}; {@code x_T = init_noise_sigma * z} is rescaled when it changes.
     */
    private static void rescaleInitialNoise(ReferenceCase base, ObjectNode variant, Table table, double[] sigmas)
            throws SkipCaseException {
        String spacing = table.config().path("timestep_spacing").asText("linspace");
        boolean plain = "linspace".equals(spacing) || "trailing".equals(spacing);
        double before = initNoiseSigma(ReferenceCase.vector(base.root().path("sigmas")), plain);
        double after = initNoiseSigma(sigmas, plain);
        if (after == before) {
            return;
        }
        double[][] x = ReferenceCase.matrix(base.root().path("x_T"));
        ArrayNode rows = variant.putArray("x_T");
        for (double[] row : x) {
            ArrayNode r = rows.addArray();
            for (double v : row) {
                r.add(v / before * after);
            }
        }
        variant.put("x_T_scale", "x_T = init_noise_sigma * z with init_noise_sigma = " + after
                + " (the stored x_T rescaled from " + before + ")");
    }

    private static double initNoiseSigma(double[] sigmas, boolean plain) {
        double max = Arrays.stream(sigmas).max().orElseThrow();
        return plain ? max : Math.sqrt(max * max + 1);
    }
}
