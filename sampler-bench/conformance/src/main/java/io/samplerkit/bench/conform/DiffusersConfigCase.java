package io.samplerkit.bench.conform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.samplerkit.bench.spec.InputLimits;
import io.samplerkit.core.InvalidInputException;
import io.samplerkit.core.analytic.GaussianData;
import io.samplerkit.core.model.DiffusionModel;
import io.samplerkit.core.model.NoiseLevel;
import io.samplerkit.core.model.Prediction;
import io.samplerkit.core.schedule.VpDiscreteSchedule;
import io.samplerkit.core.state.BatchView;
import io.samplerkit.core.state.Batch;
import io.samplerkit.solvers.SamplingResult;
import io.samplerkit.solvers.diffusers.DiffusersPipeline;
import io.samplerkit.solvers.diffusers.DiffusersGrid;
import io.samplerkit.solvers.diffusers.Precision;
import io.samplerkit.solvers.diffusers.SchedulerClass;
import io.samplerkit.solvers.diffusers.SchedulerConfig;
import io.samplerkit.solvers.diffusers.SetTimesteps;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The diffusers-configs case kind: a real {@code scheduler_config.json}, a scheduler class swapped in with
 * {@code from_config(config, **overrides)}, one {@code set_timesteps} call, and what diffusers then held. The case is
 * rebuilt from the config alone through {@link SchedulerConfig} and {@link DiffusersGrid}, never from the stored
 * arrays, and judged per tolerance class ({@link Tolerance}):
 * <ul>
 * <li>the effective config (every constructor argument) equals diffusers' {@code effective_config}, and the keys the
 *     loader warns about are the case's {@code ignored_config_keys};</li>
 * <li>integer timesteps exactly; float64 arrays ({@code *_float64} where stored) to
 *     {@code 1e-12 max(|ref|, 1e-3)}; the native float32 arrays from the emulated float32 tables to
 *     {@code 1e-6 max(|ref|, 1e-3)}; {@code order}, the singlestep order list;</li>
 * <li>the 10-step sampling loop, when stored: our registry solver run on the same grid with the exact Gaussian
 *     model, {@code max|ours - expected_float64| <= 1e-10 max(1, max|ref|)} and the same NFE;</li>
 * <li>an {@code error} case passes when the loader or the grid rejects it with {@link InvalidInputException}.</li>
 * </ul>
 */
public final class DiffusersConfigCase {

    /** Tolerance classes of the case set's README. */
    public enum Tolerance {
        /** Integer timesteps: exact. */
        INTEGER(0.0),
        /** float64 arrays and scalars: {@code 1e-12 max(|ref|, 1e-3)}. */
        FLOAT64(1e-12),
        /** Native float32 arrays: {@code 1e-6 max(|ref|, 1e-3)}. */
        FLOAT32(1e-6),
        /** float64 sampling loops: {@code 1e-10 max(1, max|ref|)}. */
        LOOP(1e-10);

        private final double rtol;

        Tolerance(double rtol) {
            this.rtol = rtol;
        }

        /** @return the relative tolerance */
        public double rtol() {
            return rtol;
        }
    }

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final JsonNode root;
    private final Path file;
    private final Map<Tolerance, Double> worst = new EnumMap<>(Tolerance.class);
    private final List<String> problems = new ArrayList<>();
    private String departure;
    private int nfe = -1;
    private int referenceNfe = -1;

    /**
     * Classes whose sampling loop is a documented departure (docs/diffusers-configs.md): their grids are checked,
     * their loop is not reproduced and the pipeline rejects them with the reason.
     */
    public static final java.util.Set<SchedulerClass> LOOP_DEPARTURES =
            java.util.EnumSet.of(SchedulerClass.FLOW_MATCH_HEUN);

    private DiffusersConfigCase(Path file, JsonNode root) {
        this.file = file;
        this.root = root;
    }

    /**
     * @param root a parsed case file
     * @return whether it is a diffusers-configs case
     */
    public static boolean accepts(JsonNode root) {
        return root.has("scheduler_config") && root.has("scheduler_class");
    }

    /**
     * Runs one case.
     *
     * @param file its file
     * @param root its parsed content
     * @return the judged case
     */
    public static Outcome run(Path file, JsonNode root) {
        String id = root.path("id").asText(file.getFileName().toString());
        String malformed = whyNotJudgeable(root);
        if (malformed != null) {
            return new Outcome(id, file, List.of(malformed), new EnumMap<>(Tolerance.class), "", null, -1, -1,
                    true);
        }
        DiffusersConfigCase c = new DiffusersConfigCase(file, root);
        String note;
        try {
            note = c.judge();
        } catch (RuntimeException e) {
            c.problems.add("failed: " + e);
            note = "";
        }
        return new Outcome(id, file, List.copyOf(c.problems), new EnumMap<>(c.worst), note, c.departure, c.nfe,
                c.referenceNfe, false);
    }

    /**
     * The keys of the set's README that a case must have to be judged at all, with their types: a case that lacks
     * one, or states it in another type, is not silently read with a default.
     *
     * @param root a parsed case
     * @return why the case cannot be judged, or null
     */
    static String whyNotJudgeable(JsonNode root) {
        if (!root.path("scheduler_config").isObject()) {
            return "scheduler_config must be an object, got " + InvalidInputException.render(root.path("scheduler_config"));
        }
        if (!root.path("scheduler_class").isTextual()) {
            return "scheduler_class must be a string, got " + InvalidInputException.render(root.path("scheduler_class"));
        }
        JsonNode overrides = root.path("from_config_overrides");
        if (!overrides.isMissingNode() && !overrides.isNull() && !overrides.isObject()) {
            return "from_config_overrides must be an object, got " + InvalidInputException.render(overrides);
        }
        String outcome = root.path("outcome").asText("");
        if (!root.path("outcome").isTextual() || !(outcome.equals("ok") || outcome.equals("error"))) {
            return "outcome must be ok or error, got " + InvalidInputException.render(root.path("outcome"));
        }
        JsonNode steps = root.path("num_inference_steps");
        JsonNode callSteps = root.path("set_timesteps_call").path("num_inference_steps");
        if (!steps.isIntegralNumber() || !steps.canConvertToInt() || steps.asInt() < 1
                || steps.asInt() > InputLimits.MAX_STEPS || !callSteps.isMissingNode() && !callSteps.equals(steps)) {
            return "num_inference_steps must be an integer in [1, " + InputLimits.MAX_STEPS + "] (and equal to "
                    + "set_timesteps_call.num_inference_steps where that is given), got "
                    + InvalidInputException.render(steps);
        }
        if (outcome.equals("ok") && !root.path("timesteps").isArray()) {
            return "timesteps must be an array, got " + InvalidInputException.render(root.path("timesteps"));
        }
        return null;
    }

    /**
     * A judged case.
     *
     * @param id case id
     * @param file case file
     * @param problems what did not match (empty: pass)
     * @param worstRelative per tolerance class, the largest {@code |ours - ref| / scale} seen
     * @param note how the case was mapped
     * @param departure why the sampling loop was not run (a documented departure), or null
     * @param nfe our model calls in the sampling loop, -1 without one
     * @param referenceNfe diffusers' model calls in the loop, -1 without one
     * @param unjudgeable whether the case is malformed ({@code problems} says why) and was not run
     */
    public record Outcome(String id, Path file, List<String> problems, Map<Tolerance, Double> worstRelative,
            String note, String departure, int nfe, int referenceNfe, boolean unjudgeable) {

        /** @return whether everything that was checked matched */
        public boolean passed() {
            return problems.isEmpty();
        }

        /** @return the case as a conformance result line: SKIP (unsupported) for a departure whose grids passed */
        public CaseResult toCaseResult() {
            double loop = worstRelative.getOrDefault(Tolerance.LOOP, Double.NaN);
            if (unjudgeable) {
                return new CaseResult(id, file, CaseStatus.ERROR, Double.NaN, Double.NaN, -1, -1, null,
                        String.join("; ", problems), null, "");
            }
            if (passed() && departure != null) {
                return new CaseResult(id, file, CaseStatus.SKIP, Double.NaN, Double.NaN, -1, -1, null,
                        "grids pass; sampling loop is a documented departure: " + departure, SkipKind.UNSUPPORTED,
                        note);
            }
            return new CaseResult(id, file, passed() ? CaseStatus.PASS : CaseStatus.FAIL, loop,
                    Double.isNaN(loop) ? Double.NaN : Tolerance.LOOP.rtol(), nfe, referenceNfe, null,
                    passed() ? null : String.join("; ", problems), null, note);
        }
    }

    private String judge() {
        boolean expectError = "error".equals(root.path("outcome").asText());
        SchedulerConfig config;
        DiffusersGrid grid64;
        DiffusersGrid grid32;
        try {
            config = SchedulerConfig.of(toMap(root.path("scheduler_config")))
                    .as(SchedulerClass.of(root.path("scheduler_class").asText()),
                            toMap(root.path("from_config_overrides")));
            SetTimesteps call = call(config);
            grid64 = DiffusersGrid.of(config, call, Precision.FLOAT64);
            grid32 = DiffusersGrid.of(config, call, Precision.FLOAT32);
        } catch (InvalidInputException e) {
            if (expectError) {
                return "rejected as diffusers does: " + e.getMessage() + " (diffusers: "
                        + root.path("error").path("message").asText() + ")";
            }
            problems.add("rejected: " + e.getMessage());
            return "";
        }
        if (expectError) {
            problems.add("accepted, but diffusers rejects it: " + root.path("error").path("message").asText());
            return "";
        }
        checkConfig(config);
        checkGrid(grid64, grid32);
        String note = config.schedulerClass().className() + " " + root.path("set_timesteps_call");
        if (root.path("loop").isObject()) {
            note = checkLoop(config);
        }
        return note;
    }

    /**
     * Runs the scheduler's loop through {@link DiffusersPipeline} on the exact model of the case's Gaussian data
     * ({@code x0 ~ N(mean, cov_scale I)}) from the float64 {@code x_T}.
     */
    private String checkLoop(SchedulerConfig config) {
        JsonNode loop = root.path("loop");
        JsonNode data = loop.path("data_model");
        int dim = data.path("dim").asInt();
        double[] variances = new double[dim];
        java.util.Arrays.fill(variances, data.path("cov_scale").asDouble());
        GaussianData gaussian = GaussianData.diagonal(ReferenceCase.vector(data.path("mean")), variances);
        DiffusersPipeline pipeline;
        try {
            pipeline = DiffusersPipeline.of(config, call(config));
        } catch (InvalidInputException e) {
            if (LOOP_DEPARTURES.contains(config.schedulerClass()) && e.path().equals("_class_name")) {
                departure = e.getMessage();
            } else {
                problems.add("sampling loop not mapped: " + e.getMessage());
            }
            return "";
        }
        if (loop.path("set_begin_index_0").asBoolean() == false && root.path("index_for_first_timestep").asInt() != 0) {
            problems.add("the pipeline skips the first sigma (duplicated first timestep); not reproduced");
            return pipeline.describe();
        }
        DiffusionModel model = exactModel(gaussian, pipeline);
        Batch xT = Batch.of(ReferenceCase.matrix(loop.path("x_T_float64")));
        SamplingResult r = pipeline.sample(model, xT, 0L);
        nfe = r.modelCalls();
        referenceNfe = loop.path("nfe").asInt();
        double[][] expected = ReferenceCase.matrix(loop.path("expected_float64"));
        double[] ours = r.x().data();
        double err = 0;
        double scale = 1;
        int m = 0;
        for (double[] row : expected) {
            for (double v : row) {
                err = Math.max(err, Math.abs(ours[m++] - v));
                scale = Math.max(scale, Math.abs(v));
            }
        }
        double rel = err / scale;
        worst.merge(Tolerance.LOOP, rel, Math::max);
        if (!(rel <= Tolerance.LOOP.rtol())) {
            problems.add(String.format("loop: max|ours - expected_float64| = %.3e > %.0e * %.3g", err,
                    Tolerance.LOOP.rtol(), scale));
        }
        if (r.modelCalls() != loop.path("nfe").asInt()) {
            problems.add("loop: nfe " + r.modelCalls() + " != diffusers " + loop.path("nfe").asInt());
        }
        return pipeline.describe();
    }

    /**
     * The exact model of the data on the pipeline's schedule. On a zero-terminal-SNR table diffusers' model sees
     * {@code alpha = 0, sigma = 1} at the last training index, which lies past the end {@code (N-1)/N} of the
     * schedule's domain (the table's log alpha is {@code -inf} there); the model is evaluated at that level directly.
     */
    private static DiffusionModel exactModel(GaussianData gaussian, DiffusersPipeline pipeline) {
        DiffusionModel exact = gaussian.model(pipeline.schedule(), pipeline.prediction());
        if (!(pipeline.schedule() instanceof VpDiscreteSchedule d) || !d.zeroTerminalSnr()) {
            return exact;
        }
        return new DiffusionModel() {
            @Override
            public Prediction prediction() {
                return exact.prediction();
            }

            @Override
            public void evaluate(BatchView x, double t, Batch out) {
                if (t > d.tMax()) {
                    gaussian.predict(exact.prediction(), NoiseLevel.of(0.0, 1.0), x, out);
                } else {
                    exact.evaluate(x, t, out);
                }
            }
        };
    }

    private SetTimesteps call(SchedulerConfig config) {
        JsonNode call = root.path("set_timesteps_call");
        int steps = call.path("num_inference_steps").asInt(root.path("num_inference_steps").asInt());
        switch (call.path("method").asText("set_timesteps")) {
            case "set_timesteps" -> {
                return SetTimesteps.of(steps);
            }
            case "set_timesteps_mu", "flux_pipeline" -> {
                SetTimesteps flux = SetTimesteps.fluxPipeline(config, steps, call.path("image_seq_len").asInt());
                compare("mu", new double[] {flux.mu()}, new double[] {call.path("mu").asDouble()}, Tolerance.FLOAT64);
                if (call.path("method").asText().equals("set_timesteps_mu")) {
                    return SetTimesteps.withMu(steps, flux.mu());
                }
                if (call.path("sigmas").isArray() != (flux.sigmas() != null)) {
                    problems.add("pipeline sigmas: ours " + (flux.sigmas() != null) + ", reference "
                            + call.path("sigmas"));
                } else if (flux.sigmas() != null) {
                    compare("pipeline sigmas", flux.sigmas(), ReferenceCase.vector(call.path("sigmas")),
                            Tolerance.FLOAT64);
                }
                return flux;
            }
            default -> throw new IllegalArgumentException("unknown set_timesteps_call.method " + call.path("method"));
        }
    }

    private void checkConfig(SchedulerConfig config) {
        JsonNode effective = root.path("effective_config");
        JsonNode changed = root.path("effective_config_changed_by_set_timesteps");
        for (Iterator<Map.Entry<String, JsonNode>> it = effective.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode ref = changed.has(e.getKey()) ? changed.get(e.getKey()).get(0) : e.getValue();
            if (!config.schedulerClass().accepts(e.getKey())) {
                problems.add("config key " + e.getKey() + " unknown to our " + config.schedulerClass());
                continue;
            }
            Object ours = config.value(e.getKey());
            if (!sameValue(ours, ref)) {
                problems.add("config " + e.getKey() + ": ours " + ours + ", diffusers " + ref);
            }
        }
        if (effective.size() != config.values().size()) {
            problems.add("config has " + config.values().size() + " keys, diffusers " + effective.size());
        }
        List<String> ignored = new ArrayList<>();
        root.path("ignored_config_keys").forEach(n -> ignored.add(n.asText()));
        List<String> warned = new ArrayList<>();
        for (String w : config.warnings()) {
            for (String k : config.file().keySet()) {
                if (w.contains(" key " + k + "=")) {
                    warned.add(k);
                }
            }
        }
        if (!ignored.stream().sorted().toList().equals(warned.stream().sorted().toList())) {
            problems.add("dropped keys: ours " + warned + ", diffusers " + ignored);
        }
    }

    private static boolean sameValue(Object ours, JsonNode ref) {
        if (ref.isNull()) {
            return ours == null;
        }
        if (ref.isTextual() && (ref.asText().equals("-inf") || ref.asText().equals("inf"))) {
            return ours instanceof Number n && n.doubleValue() == (ref.asText().equals("inf")
                    ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY);
        }
        if (ref.isNumber()) {
            return ours instanceof Number n && n.doubleValue() == ref.asDouble();
        }
        if (ref.isBoolean()) {
            return Boolean.valueOf(ref.asBoolean()).equals(ours);
        }
        if (ref.isTextual()) {
            return ref.asText().equals(ours);
        }
        return MAPPER.valueToTree(ours).equals(ref);
    }

    private void checkGrid(DiffusersGrid g64, DiffusersGrid g32) {
        boolean intRef = "int64".equals(root.path("timesteps_dtype").asText());
        if (intRef != g64.integerTimesteps()) {
            problems.add("timesteps dtype: ours integer=" + g64.integerTimesteps() + ", diffusers "
                    + root.path("timesteps_dtype").asText());
        }
        if (intRef) {
            compare("timesteps", g64.timesteps(), ReferenceCase.vector(root.path("timesteps")), Tolerance.INTEGER);
            compare("timesteps (float32 run)", g32.timesteps(), ReferenceCase.vector(root.path("timesteps")),
                    Tolerance.INTEGER);
        } else {
            pair("timesteps", g64.timesteps(), g32.timesteps());
        }
        if (root.path("sigmas").isNull() != (g64.sigmas() == null)) {
            problems.add("sigmas: ours " + (g64.sigmas() == null ? "none" : "present") + ", diffusers "
                    + (root.path("sigmas").isNull() ? "none" : "present"));
        } else if (g64.sigmas() != null) {
            pair("sigmas", g64.sigmas(), g32.sigmas());
        }
        JsonNode init = root.path("init_noise_sigma");
        if (init.isNull() != Double.isNaN(g64.initNoiseSigma())) {
            problems.add("init_noise_sigma: ours " + g64.initNoiseSigma() + ", diffusers " + init);
        } else if (!init.isNull()) {
            pair("init_noise_sigma", new double[] {g64.initNoiseSigma()}, new double[] {g32.initNoiseSigma()});
        }
        if (root.path("order").asInt() != g64.order()) {
            problems.add("order: ours " + g64.order() + ", diffusers " + root.path("order").asInt());
        }
        if (root.has("order_list")) {
            double[] ref = ReferenceCase.vector(root.path("order_list"));
            double[] ours = g64.orderList() == null ? new double[0]
                    : java.util.Arrays.stream(g64.orderList()).asDoubleStream().toArray();
            compare("order_list", ours, ref, Tolerance.INTEGER);
        }
        if (root.has("alphas_cumprod_at_timesteps")) {
            pair("alphas_cumprod_at_timesteps", g64.alphasCumprodAtTimesteps(), g32.alphasCumprodAtTimesteps());
            pair("final_alpha_cumprod", new double[] {g64.finalAlphaCumprod()},
                    new double[] {g32.finalAlphaCumprod()});
        }
    }

    /** Compares a float64 result with {@code key_float64} (else {@code key}) and a float32 one with {@code key}. */
    private void pair(String key, double[] ours64, double[] ours32) {
        JsonNode native32 = root.path(key);
        JsonNode ref64 = root.has(key + "_float64") ? root.path(key + "_float64") : native32;
        compare(key + " (float64)", ours64, values(ref64), Tolerance.FLOAT64);
        compare(key + " (float32)", ours32, values(native32), Tolerance.FLOAT32);
    }

    private static double[] values(JsonNode n) {
        return n.isArray() ? ReferenceCase.vector(n) : new double[] {ReferenceCase.number(n)};
    }

    private void compare(String what, double[] ours, double[] ref, Tolerance tol) {
        if (ours == null || ours.length != ref.length) {
            problems.add(what + ": ours " + (ours == null ? "none" : ours.length + " values") + ", diffusers "
                    + ref.length + " values");
            return;
        }
        double worstHere = 0;
        int at = -1;
        for (int i = 0; i < ref.length; i++) {
            double scale = tol == Tolerance.INTEGER ? 1.0 : Math.max(Math.abs(ref[i]), 1e-3);
            // equal values (also equal infinities) agree; any other non-finite error is the largest possible
            double rel = ours[i] == ref[i] ? 0.0 : Math.abs(ours[i] - ref[i]) / scale;
            if (Double.isNaN(rel)) {
                rel = Double.POSITIVE_INFINITY;
            }
            if (rel > worstHere || at < 0) {
                worstHere = rel;
                at = i;
            }
        }
        worst.merge(tol, worstHere, Math::max);
        if (!(worstHere <= tol.rtol())) {
            problems.add(String.format("%s[%d]: ours %s, diffusers %s (relative %.2e > %.0e)", what, at, ours[at],
                    ref[at], worstHere, tol.rtol()));
        }
    }

    private static Map<String, Object> toMap(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return Map.of();
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> m = MAPPER.convertValue(node, Map.class);
        return m;
    }
}
