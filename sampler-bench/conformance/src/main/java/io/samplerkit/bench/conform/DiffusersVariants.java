package io.samplerkit.bench.conform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.samplerkit.core.InvalidInputException;
import io.samplerkit.solvers.diffusers.DiffusersGrid;
import io.samplerkit.solvers.diffusers.Precision;
import io.samplerkit.solvers.diffusers.SchedulerConfig;
import io.samplerkit.solvers.diffusers.SetTimesteps;
import io.samplerkit.solvers.diffusers.TrainingTable;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Step-count variants of the diffusers cases: {@code solver.num_inference_steps} becomes the new value and
 * {@code set_timesteps} is redone from the scheduler's {@code config} by the library's diffusers grid rules
 * ({@link DiffusersGrid}, float64): {@code timesteps}, {@code sigmas} and DDIM/PNDM's
 * {@code alphas_cumprod_at_timesteps}; when {@code init_noise_sigma} changes with the step count (Euler-type
 * schedulers with {@code leading} spacing, or any change of the largest sigma) {@code x_T} is rescaled to it. The
 * library's training table must equal the case's arrays file ({@code alphas_cumprod}) to
 * {@link CaseVariants#GRID_RTOL}, so the regenerated grid lives on the case's own schedule.
 */
final class DiffusersVariants implements VariantRule {

    private static final ObjectMapper MAPPER = new ObjectMapper();

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
        SchedulerConfig config = config(base);
        checkTable(base, config);
        DiffusersGrid grid = grid(config, k);
        if (grid.integerTimesteps() || variant.has("timesteps")) {
            CaseVariants.putArray(variant, "timesteps", grid.timesteps());
        }
        if (grid.sigmas() != null) {
            CaseVariants.putArray(variant, "sigmas", grid.sigmas());
        }
        if (variant.has("alphas_cumprod_at_timesteps") && grid.alphasCumprodAtTimesteps() != null) {
            CaseVariants.putArray(variant, "alphas_cumprod_at_timesteps", grid.alphasCumprodAtTimesteps());
        }
        rescaleInitialNoise(base, variant, grid(config, base.solver().path("num_inference_steps").asInt()), grid);
    }

    private static SchedulerConfig config(ReferenceCase base) throws SkipCaseException {
        @SuppressWarnings("unchecked")
        Map<String, Object> file = new LinkedHashMap<>(MAPPER.convertValue(base.solver().path("config"), Map.class));
        file.put("_class_name", base.solver().path("scheduler").asText());
        try {
            return SchedulerConfig.of(file);
        } catch (InvalidInputException e) {
            throw SkipCaseException.unsupported("config not loadable: " + e.getMessage());
        }
    }

    private static DiffusersGrid grid(SchedulerConfig config, int steps) throws SkipCaseException {
        try {
            return DiffusersGrid.of(config, SetTimesteps.of(steps), Precision.FLOAT64);
        } catch (InvalidInputException e) {
            throw SkipCaseException.unsupported("no grid for " + steps + " steps: " + e.getMessage());
        }
    }

    private static void checkTable(ReferenceCase base, SchedulerConfig config) throws SkipCaseException {
        double[] stored = ReferenceCase.vector(base.scheduleArrays().path("alphas_cumprod"));
        double[] ours = TrainingTable.of(config, Precision.FLOAT64).alphasCumprod();
        if (stored.length != ours.length) {
            throw SkipCaseException.unsupported("num_train_timesteps=" + ours.length + " but the arrays file holds "
                    + stored.length + " alphas_cumprod");
        }
        for (int i = 0; i < ours.length; i++) {
            if (!(Math.abs(ours[i] - stored[i]) <= CaseVariants.GRID_RTOL * stored[i])) {
                throw SkipCaseException.unsupported("the config's training table differs from the arrays file at "
                        + i + ": " + ours[i] + " vs " + stored[i]);
            }
        }
    }

    /** {@code x_T = init_noise_sigma * z}: rescaled when the step count changes {@code init_noise_sigma}. */
    private static void rescaleInitialNoise(ReferenceCase base, ObjectNode variant, DiffusersGrid before,
            DiffusersGrid after) {
        if (after.initNoiseSigma() == before.initNoiseSigma() || Double.isNaN(before.initNoiseSigma())) {
            return;
        }
        double[][] x = ReferenceCase.matrix(base.root().path("x_T"));
        ArrayNode rows = variant.putArray("x_T");
        for (double[] row : x) {
            ArrayNode r = rows.addArray();
            for (double v : row) {
                r.add(v / before.initNoiseSigma() * after.initNoiseSigma());
            }
        }
        variant.put("x_T_scale", "x_T = init_noise_sigma * z with init_noise_sigma = " + after.initNoiseSigma()
                + " (the stored x_T rescaled from " + before.initNoiseSigma() + ")");
    }
}
