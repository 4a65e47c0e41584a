package io.samplerkit.bench.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.samplerkit.bench.report.SolverVariant;
import io.samplerkit.bench.spec.ExactLawOrNote;
import io.samplerkit.bench.spec.InputLimits;
import io.samplerkit.bench.spec.ModelSpec;
import io.samplerkit.bench.spec.SampleOutcome;
import io.samplerkit.core.InvalidInputException;
import io.samplerkit.core.analytic.GaussianData;
import io.samplerkit.core.model.DiffusionModel;
import io.samplerkit.core.noise.SeededNoise;
import io.samplerkit.core.state.Batch;
import io.samplerkit.onnx.OnnxModel;
import io.samplerkit.onnx.TimeConvention;
import io.samplerkit.solvers.SamplingResult;
import io.samplerkit.solvers.SolverOptions;
import io.samplerkit.solvers.SolverRegistry;
import io.samplerkit.solvers.diffusers.DiffusersPipeline;
import io.samplerkit.solvers.diffusers.PipelineLaw;
import io.samplerkit.solvers.diffusers.SchedulerClass;
import io.samplerkit.solvers.diffusers.SchedulerConfig;
import io.samplerkit.solvers.diffusers.SetTimesteps;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.function.DoubleUnaryOperator;

/**
 * {@code samplerkit sample --scheduler-config FILE}: a diffusers {@code scheduler_config.json} (optionally bound to
 * another scheduler class, optionally with another registry solver on its grid) run on an analytic model, the
 * isotropic Gaussian data {@code N(0, v I)}, or on a network exported to ONNX ({@code --onnx FILE}, its prediction
 * the config's {@code prediction_type}, its time in the given convention, diffusers' UNets taking the training index).
 * The initial latents are {@code z * init_noise_sigma} with {@code z} standard normal from the seed, as diffusers'
 * pipelines draw them.
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
 * @param onnx the network, or null for the Gaussian data
 * @param onnxTime the network's time convention ({@code index}, {@code t}, ...)
 * @param onnxMaxBatch largest number of rows per network call
 */
record SchedulerConfigSample(Path configFile, String schedulerClass, String solver, int steps, int imageSeqLen,
        double dataVariance, int dim, int batch, long seed, Path onnx, String onnxTime, int onnxMaxBatch) {

    /**
     * A finished run.
     *
     * @param json the result as JSON
     * @param samples the samples, flattened rows
     * @param shape the per-sample shape
     */
    record Outcome(ObjectNode json, double[][] samples, long[] shape) {
    }

    /** Stream of the initial latents in {@link SeededNoise}; solvers key their draws by step index. */
    private static final long LATENT_STREAM = io.samplerkit.bench.spec.SampleSpec.X_T_STREAM;

    /**
     * Builds and runs.
     *
     * @return the result
     * @throws InvalidInputException for a bad config, class, solver, network or argument
     */
    Outcome run() {
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
        if (onnx != null) {
            OnnxModel network;
            try {
                ModelSpec.Onnx spec = new ModelSpec.Onnx(onnx.toString(), null, null, null, pipeline.prediction(),
                        onnxTime, null, null, null, onnxMaxBatch, null, null);
                // the index convention is diffusers' timestep: the value scheduler.timesteps holds at each step
                DoubleUnaryOperator timestep = TimeConvention.INDEX.key().equals(onnxTime) ? pipeline::timestepOf
                        : null;
                network = spec.model(pipeline.schedule(), pipeline.prediction(), timestep);
            } catch (InvalidInputException e) {
                // the model's time convention and row limit are options of their own; the rest concerns the file
                throw switch (e.path()) {
                    case "time" -> new InvalidInputException("--onnx-time", e.value(), e.allowed());
                    case "maxBatch" -> new InvalidInputException("--onnx-max-batch", e.value(), e.allowed());
                    default -> e.under("--onnx");
                };
            }
            try (network) {
                return sample(config, pipeline, network, network.shape(), "onnx " + onnx.getFileName());
            }
        }
        double[] variances = new double[dim];
        Arrays.fill(variances, dataVariance);
        GaussianData data = GaussianData.diagonal(new double[dim], variances);
        Outcome o = sample(config, pipeline, data.model(pipeline.schedule(), pipeline.prediction()),
                new long[] {dim}, "gaussian N(0, " + dataVariance + " I), d = " + dim);
        putExactLaw(o.json(), pipeline, data);
        return o;
    }

    /**
     * The run's exact output law ({@link PipelineLaw}), or null with the reason under {@code exactLawNote}: beyond
     * {@link InputLimits#MAX_DIM}, the largest dimension of a run spec's Gaussian (a {@code d x d} covariance whose
     * {@code O(d^3)} products took 1.7 s at 512 and 8–9 s at 1024, measured 2026-12-06), for an adaptive stochastic
     * solver, or for a config that is not affine on Gaussian data.
     */
    private void putExactLaw(ObjectNode json, DiffusersPipeline pipeline, GaussianData data) {
        ExactLawOrNote law = dim > InputLimits.MAX_DIM
                ? new ExactLawOrNote(null, "not computed above --dim " + InputLimits.MAX_DIM
                        + " (its covariance has d x d entries, and the d^3 products behind it take seconds there already)")
                : ExactLawOrNote.of(pipeline.solver(), () -> PipelineLaw.of(pipeline, data));
        SampleOutcome.putExactLaw(json, law.law(), law.note());
    }

    private Outcome sample(SchedulerConfig config, DiffusersPipeline pipeline, DiffusionModel model, long[] shape,
            String dataLabel) {
        int d = Math.toIntExact(Arrays.stream(shape).reduce(1, Math::multiplyExact));
        if ((long) d * batch > InputLimits.MAX_STATE_VALUES) {
            throw new InvalidInputException("--batch", batch, "at most " + InputLimits.MAX_STATE_VALUES
                    + " values in all (--batch x " + d + " values per sample of " + dataLabel + ")");
        }
        Batch xT = Batch.zeros(batch, d);
        new SeededNoise(seed).standardNormal(LATENT_STREAM, xT);
        double init = pipeline.initNoiseSigma();
        for (int i = 0; i < xT.data().length; i++) {
            xT.data()[i] *= init;
        }
        SamplingResult r = pipeline.sample(model, xT, seed);
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
        out.put("data", dataLabel);
        ArrayNode samples = out.putArray("samples");
        double[][] rows = r.x().toArray();
        for (double[] row : rows) {
            ArrayNode a = samples.addArray();
            Arrays.stream(row).forEach(a::add);
        }
        return new Outcome(out, rows, shape);
    }
}
