package io.samplerkit.bench.spec;

import io.samplerkit.core.InvalidInputException;
import io.samplerkit.core.grid.Timesteps;
import io.samplerkit.core.kernel.Kernels;
import io.samplerkit.core.model.DiffusionModel;
import io.samplerkit.core.model.Prediction;
import io.samplerkit.core.noise.NoiseMode;
import io.samplerkit.core.noise.SeededNoise;
import io.samplerkit.core.schedule.NoiseSchedule;
import io.samplerkit.core.state.Batch;
import io.samplerkit.solvers.Solver;
import io.samplerkit.solvers.SolverRegistry;
import java.nio.file.Path;

/**
 * One sampling run described in JSON ({@code samplerkit sample --spec FILE}), read strictly by
 * {@link StrictJson} (limits in {@link InputLimits}):
 * <pre>
 * {
 *   "schedule": {"type": "vp-linear"},                      see {@link ScheduleSpec}
 *   "model": {"type": "gaussian", "mean": [..], "variances": [..]},   see {@link ModelSpec}
 *   "prediction": "noise",                                  what the model returns (default noise; for an
 *                                                           ONNX model its own, which this must equal if given)
 *   "solver": {"name": "ddim", "options": {"eta": 0}},      see {@link SolverSpec}
 *   "grid": {"type": "logsnr", "steps": 50},                see {@link SampleGrid} and {@link GridSpec}
 *   "seed": 0, "batch": 4,             x_T = sigma(t_0) z, z from the seed (below)
 *   "xT": [[..], ..],                  or an explicit initial state (then no batch)
 *   "denoiseToZero": false,            finish with x0hat(x, t_end) (one more model call)
 *   "noise": "fresh"                   "fresh" (default) or "brownian": how stochastic solvers draw step noise
 * }
 * </pre>
 * The {@code seed} (default 0) also seeds stochastic solvers. {@code x_T} is exactly what this Java gives:
 * <pre>
 * Batch xT = Batch.zeros(batch, dim);
 * new SeededNoise(seed).standardNormal(SampleSpec.X_T_STREAM, xT);   // stream -1: no solver draws from it
 * Kernels.scale(xT, timesteps.sigma(0), xT);                         // sigma at the first grid time
 * </pre>
 * Every cross-check (times inside the schedule's range, grid against schedule, solver against problem) is done
 * by {@link #prepare}, before anything runs.
 *
 * @param schedule noise schedule
 * @param model the model
 * @param prediction what the model returns (default noise)
 * @param solver solver name and options
 * @param grid the grid of the run
 * @param seed seed (default 0)
 * @param batch number of samples drawn from the seed (default 1), or null with {@code xT}
 * @param xT explicit initial state, or null
 * @param denoiseToZero whether to finish with a denoising evaluation (default false)
 * @param noise how stochastic solvers draw their step noise from the seed (default {@link NoiseMode#FRESH}):
 *     fresh normals per step, or increments of one Brownian path over the run ({@link NoiseMode#BROWNIAN})
 */
public record SampleSpec(ScheduleSpec schedule, ModelSpec model, Prediction prediction, SolverSpec solver,
        SampleGrid grid, Long seed, Integer batch, double[][] xT, Boolean denoiseToZero,
        NoiseMode noise) {

    /** Noise stream from which {@code x_T} is drawn; solvers draw from streams {@code >= 0}. */
    public static final long X_T_STREAM = -1L;

    /** Applies defaults and checks what does not need the schedule. */
    public SampleSpec {
        required("schedule", schedule, "a schedule object");
        required("model", model, "a model object");
        required("solver", solver, "a solver object");
        required("grid", grid, "a grid object");
        if (model instanceof ModelSpec.Onnx onnx) {
            prediction = OnnxModelSpec.agree(prediction, onnx);
        }
        prediction = prediction == null ? Prediction.NOISE : prediction;
        seed = seed == null ? 0L : seed;
        denoiseToZero = denoiseToZero != null && denoiseToZero;
        noise = noise == null ? NoiseMode.FRESH : noise;
        int dim;
        try {
            dim = model.dim();
        } catch (InvalidInputException e) {
            throw e.under("model");
        }
        if (xT != null) {
            if (batch != null) {
                throw new InvalidInputException("batch", batch, "absent when xT is given");
            }
            if (xT.length == 0 || xT.length > InputLimits.MAX_BATCH) {
                throw new InvalidInputException("xT", xT.length + " rows", "1 to " + InputLimits.MAX_BATCH + " rows");
            }
            for (int r = 0; r < xT.length; r++) {
                if (xT[r] == null || xT[r].length != dim) {
                    throw new InvalidInputException("xT[" + r + "]", xT[r] == null ? "nothing" : xT[r].length + " entries",
                            dim + " entries (the model's dimension)");
                }
            }
        } else {
            batch = batch == null ? 1 : batch;
            if (batch < 1 || batch > InputLimits.MAX_BATCH) {
                throw new InvalidInputException("batch", batch, "an integer in [1, " + InputLimits.MAX_BATCH + "]");
            }
        }
        long values = (long) (xT != null ? xT.length : batch) * dim;
        if (values > InputLimits.MAX_STATE_VALUES) {
            throw new InvalidInputException(xT != null ? "xT" : "batch", values + " values (rows x dim " + dim + ")",
                    "at most " + InputLimits.MAX_STATE_VALUES + " values");
        }
    }

    private static void required(String field, Object value, String what) {
        if (value == null) {
            throw new InvalidInputException(field, "nothing", what);
        }
    }

    /**
     * Reads, binds and prepares a spec file. The {@code file} of an ONNX model is relative to the spec's folder.
     *
     * @param file the spec
     * @param registry solver registry
     * @return the run, every cross-check done
     * @throws InvalidInputException naming the JSON path, the (capped) value and what is allowed
     */
    public static SampleRun read(Path file, SolverRegistry registry) {
        Path folder = file.toAbsolutePath().getParent();
        return StrictJson.bind(SpecFiles.resolve(StrictJson.readTree(file), folder), SampleSpec.class)
                .prepare(registry);
    }

    /**
     * Parses, binds and prepares spec text.
     *
     * @param json the spec
     * @param registry solver registry
     * @return the run, every cross-check done
     * @throws InvalidInputException naming the JSON path, the (capped) value and what is allowed
     */
    public static SampleRun parse(String json, SolverRegistry registry) {
        return StrictJson.parse(json, SampleSpec.class).prepare(registry);
    }

    /**
     * Builds the run and does every cross-check.
     *
     * @param registry solver registry
     * @return the run; close it when done (it may hold a network session)
     * @throws InvalidInputException naming the JSON path
     */
    public SampleRun prepare(SolverRegistry registry) {
        NoiseSchedule s = under("schedule", schedule::create);
        Solver sv = under("solver", () -> solver.create(registry));
        Timesteps ts = under("grid", () -> grid.timesteps(s));
        if (denoiseToZero && ts.endsAtZeroNoise()) {
            throw new InvalidInputException("denoiseToZero", true, "false when the grid ends at zero noise");
        }
        Batch x0 = xT != null ? Batch.of(xT) : initialState(seed, batch, model.dim(), ts.sigma(0));
        DiffusionModel network = under("model", () -> model.model(s, prediction));
        SampleRun run = new SampleRun(s, model, prediction, network, sv, ts, x0, seed, noise, denoiseToZero);
        try {
            sv.validate(run.problem());
        } catch (IllegalArgumentException e) {
            run.close();
            throw new InvalidInputException("solver", solver.name(), "a solver that can run this problem: "
                    + InputErrors.cap(String.valueOf(e.getMessage())));
        }
        return run;
    }

    /**
     * The initial state a spec draws from its seed (the Java call documented above).
     *
     * @param seed seed
     * @param batch rows
     * @param dim dimension
     * @param sigma0 sigma at the first grid time
     * @return {@code x_T}
     */
    public static Batch initialState(long seed, int batch, int dim, double sigma0) {
        Batch xT = Batch.zeros(batch, dim);
        new SeededNoise(seed).standardNormal(X_T_STREAM, xT);
        Kernels.scale(xT, sigma0, xT);
        return xT;
    }

    private static <T> T under(String path, java.util.function.Supplier<T> build) {
        try {
            return build.get();
        } catch (InvalidInputException e) {
            throw e.under(path);
        } catch (IllegalArgumentException e) {
            throw InputErrors.adapt(e, path);
        }
    }
}
