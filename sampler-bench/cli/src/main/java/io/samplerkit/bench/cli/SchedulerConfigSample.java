package io.samplerkit.bench.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.samplerkit.bench.report.SolverVariant;
import io.samplerkit.core.InvalidInputException;
import io.samplerkit.core.analytic.GaussianData;
import io.samplerkit.core.noise.SeededNoise;
import io.samplerkit.core.state.Batch;
import io.samplerkit.solvers.SamplingResult;
import io.samplerkit.solvers.SolverOptions;
import io.samplerkit.solvers.SolverRegistry;
import io.samplerkit.solvers.diffusers.DiffusersPipeline;
import io.samplerkit.solvers.diffusers.SchedulerClass;
import io.samplerkit.solvers.diffusers.SchedulerConfig;
import io.samplerkit.solvers.diffusers.SetTimesteps;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/**
 * {@code samplerkit sample --scheduler-config FILE}: a diffusers {@code scheduler_config.json} (optionally bound to
 * another scheduler class, optionally with another registry solver on its grid) run on an analytic model, the
 * isotropic Gaussian data {@code N(0, v I)}. The initial latents are {@code z * init_noise_sigma} with {@code z}
 * standard normal from the seed, as diffusers' pipelines draw them. The ONNX model path is documented as pending in
 * docs/diffusers-configs.md.
 *
 * @param configFile the config file
 * @param schedulerClass class to swap in ({@code from_config} semantics), or null for the file's own
 * @param solver registry solver text {@code name[key=value,...]}, or null for the scheduler's own update
 * @param steps {@code num_inference_steps}
 * @param imageSeqLen Flux pipeline sequence length, or 0 for a plain {@code set_timesteps(steps)}
 * @param dataVariance variance {@code v} of the Gaussian data
 * @param dim data dimension
 * @param batch number of samples
 * @param seed seed of {@code z} (and of a stochastic solver)
 */
record SchedulerConfigSample(Path configFile, String schedulerClass, String solver, int steps, int imageSeqLen,
        double dataVariance, int dim, int batch, long seed) {

    /** Stream of the initial latents in {@link SeededNoise}; solvers key their draws by step index. */
    private static final long LATENT_STREAM = io.samplerkit.bench.spec.SampleSpec.X_T_STREAM;

    /**
     * Builds and runs.
     *
     * @return the result as JSON
     * @throws InvalidInputException for a bad config, class, solver or argument
     */
    ObjectNode run() {
        SchedulerConfig config = SchedulerConfig.read(configFile);
        if (schedulerClass != null) {
            config = config.as(SchedulerClass.of(schedulerClass), Map.of());
        }
        SetTimesteps call = imageSeqLen > 0 ? SetTimesteps.fluxPipeline(config, steps, imageSeqLen)
                : SetTimesteps.of(steps);
        DiffusersPipeline pipeline = DiffusersPipeline.of(config, call);
        if (solver != null) {
            SolverVariant v;
            try {
                v = SolverVariant.parse(solver);
                pipeline = pipeline.withSolver(SolverRegistry.standard().create(v.name(),
                        SolverOptions.of(v.options())), solver);
            } catch (InvalidInputException e) {
                throw e.under("--solver");
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException("--solver", solver, "a registered solver name[key=value,...] ("
                        + e.getMessage() + ")");
            }
        }
        double[] variances = new double[dim];
        Arrays.fill(variances, dataVariance);
        GaussianData data = GaussianData.diagonal(new double[dim], variances);
        Batch xT = Batch.zeros(batch, dim);
        new SeededNoise(seed).standardNormal(LATENT_STREAM, xT);
        double init = pipeline.initNoiseSigma();
        for (int i = 0; i < xT.data().length; i++) {
            xT.data()[i] *= init;
        }
        SamplingResult r = pipeline.sample(data.model(pipeline.schedule(), pipeline.prediction()), xT, seed);
        ObjectMapper m = new ObjectMapper();
        ObjectNode out = m.createObjectNode();
        out.put("scheduler_class", config.schedulerClass().className());
        out.put("run", pipeline.describe());
        ArrayNode warnings = out.putArray("warnings");
        pipeline.warnings().forEach(warnings::add);
        ArrayNode ts = out.putArray("timesteps");
        Arrays.stream(pipeline.grid().timesteps()).forEach(ts::add);
        if (pipeline.grid().sigmas() != null) {
            ArrayNode s = out.putArray("sigmas");
            Arrays.stream(pipeline.grid().sigmas()).forEach(s::add);
        }
        out.put("init_noise_sigma", init);
        out.put("nfe", r.modelCalls());
        out.put("data", "gaussian N(0, " + dataVariance + " I), d = " + dim);
        ArrayNode samples = out.putArray("samples");
        for (double[] row : r.x().toArray()) {
            ArrayNode a = samples.addArray();
            Arrays.stream(row).forEach(a::add);
        }
        return out;
    }
}
