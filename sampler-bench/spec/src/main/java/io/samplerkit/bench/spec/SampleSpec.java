package io.samplerkit.bench.spec;

import com.fasterxml.jackson.databind.JsonNode;
import io.samplerkit.core.grid.Timesteps;
import io.samplerkit.core.kernel.Kernels;
import io.samplerkit.core.model.Prediction;
import io.samplerkit.core.noise.SeededNoise;
import io.samplerkit.core.schedule.NoiseSchedule;
import io.samplerkit.core.state.Batch;
import io.samplerkit.solvers.SamplingProblem;
import io.samplerkit.solvers.SamplingResult;
import io.samplerkit.solvers.Solver;
import io.samplerkit.solvers.SolverRegistry;
import java.util.List;

/**
 * One sampling run described in JSON ({@code samplerkit sample --spec FILE}):
 * <pre>
 * {
 *   "schedule": {"type": "vp-linear"},                      see {@link ScheduleSpecs}
 *   "model": {"type": "gaussian", "mean": [..], "variances": [..]},   see {@link ModelSpecs}
 *   "prediction": "noise",                                  what the model returns (default noise)
 *   "solver": {"name": "ddim", "options": {"eta": 0}},     see {@link SolverSpecs}
 *   "grid": {"type": "explicit", "times": [..]},           see {@link GridSpecs}
 *   "seed": 0, "batch": 4,             x_T = sigma(t_0) z, z standard normal from the seed
 *   "xT": [[..], ..],                  or an explicit initial state (then no seed/batch)
 *   "denoiseToZero": false             finish with x0hat(x, t_end) (one more model call)
 * }
 * </pre>
 * The {@code seed} also seeds stochastic solvers. {@code x_T} is drawn from stream
 * {@link #X_T_STREAM} of {@link SeededNoise}, which no solver uses (solvers key their draws by step index).
 *
 * @param schedule noise schedule
 * @param data analytic data (Gaussian or Gaussian mixture)
 * @param prediction what the model returns
 * @param solver the solver
 * @param timesteps the grid
 * @param xT initial state
 * @param seed seed for stochastic solvers (and for {@code xT} when drawn)
 * @param denoiseToZero whether to finish with a denoising evaluation
 */
public record SampleSpec(NoiseSchedule schedule, AnalyticData data, Prediction prediction, Solver solver,
        Timesteps timesteps, Batch xT, long seed, boolean denoiseToZero) {

    /** Noise stream from which {@code x_T} is drawn. */
    public static final long X_T_STREAM = -1L;

    /** Largest batch a spec may ask for. */
    public static final int MAX_BATCH = 1_000_000;

    /** The top-level fields. */
    public static final List<String> FIELDS = List.of("schedule", "model", "prediction", "solver", "grid", "seed",
            "batch", "xT", "denoiseToZero");

    /**
     * @param json the parsed specification
     * @param registry solver registry
     * @return the run
     * @throws SpecException naming the field, the value and what is allowed
     */
    public static SampleSpec parse(JsonNode json, SolverRegistry registry) {
        SpecNode root = SpecNode.root(json);
        root.allowOnly(FIELDS);
        NoiseSchedule schedule = ScheduleSpecs.parse(root.object("schedule"));
        AnalyticData data = ModelSpecs.parse(root.object("model"));
        Prediction prediction = ModelSpecs.prediction(root, "prediction", Prediction.NOISE);
        Solver solver = SolverSpecs.parse(root.object("solver"), registry);
        Timesteps timesteps = GridSpecs.parse(root.object("grid"), schedule);
        long seed = root.integer("seed", 0, Long.MIN_VALUE, Long.MAX_VALUE);
        Batch xT;
        if (root.has("xT")) {
            if (root.has("batch")) {
                throw new SpecException("batch", "batch must be absent when xT is given, got " + root.json().get("batch"));
            }
            double[][] rows = root.matrix("xT");
            if (rows[0].length != data.dim()) {
                throw new SpecException("xT", "xT rows must have " + data.dim() + " entries (the model dimension), got "
                        + rows[0].length);
            }
            xT = Batch.of(rows);
        } else {
            int batch = (int) root.integer("batch", 1, 1, MAX_BATCH);
            xT = Batch.zeros(batch, data.dim());
            new SeededNoise(seed).standardNormal(X_T_STREAM, xT);
            Kernels.scale(xT, timesteps.sigma(0), xT);
        }
        boolean denoise = root.bool("denoiseToZero", false);
        if (denoise && timesteps.endsAtZeroNoise()) {
            throw new SpecException("denoiseToZero",
                    "denoiseToZero must be false when the grid ends at zero noise (grid.zeroNoiseEnd), got true");
        }
        SampleSpec spec = new SampleSpec(schedule, data, prediction, solver, timesteps, xT, seed, denoise);
        try {
            solver.validate(spec.problem());
        } catch (IllegalArgumentException e) {
            throw new SpecException("solver", "solver " + solver.name() + " cannot run this problem: " + e.getMessage());
        }
        return spec;
    }

    /** @return the sampling problem */
    public SamplingProblem problem() {
        return SamplingProblem.of(schedule, data.model(schedule, prediction), timesteps).withSeed(seed)
                .withDenoiseToZero(denoiseToZero);
    }

    /**
     * Runs the solver and, for a deterministic solver, compares with the probability-flow map of
     * the data ({@link AnalyticData#flow}: closed form for a Gaussian, a reference integration for a
     * mixture) from the first grid point to the end point (the clean end {@code sigma = 0} when the
     * grid ends there or {@code denoiseToZero} is set).
     *
     * @return the outcome
     */
    public SampleOutcome run() {
        SamplingResult result = solver.sample(problem(), xT);
        double alphaEnd;
        double sigmaEnd;
        int last = timesteps.points() - 1;
        if (denoiseToZero) {
            alphaEnd = schedule.alphaAtZeroNoise();
            sigmaEnd = 0.0;
        } else {
            alphaEnd = timesteps.alpha(last);
            sigmaEnd = timesteps.sigma(last);
        }
        Batch exact = null;
        if (!solver.stochastic()) {
            exact = xT.like();
            if (!data.flow(xT, timesteps.alpha(0), timesteps.sigma(0), alphaEnd, sigmaEnd, exact)) {
                exact = null;
            }
        }
        return new SampleOutcome(this, result, exact, alphaEnd, sigmaEnd);
    }
}
