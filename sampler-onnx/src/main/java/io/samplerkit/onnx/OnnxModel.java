package io.samplerkit.onnx;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.samplerkit.core.Checks;
import io.samplerkit.core.InvalidInputException;
import io.samplerkit.core.model.DiffusionModel;
import io.samplerkit.core.model.Prediction;
import io.samplerkit.core.schedule.NoiseSchedule;
import io.samplerkit.core.state.Batch;
import io.samplerkit.core.state.BatchView;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.DoubleUnaryOperator;

/**
 * A network exported to ONNX, run by ONNX Runtime, as a {@link DiffusionModel}. Build it with {@link #builder(Path)}
 * (or from a {@link File} or bytes); every check against the graph runs in {@link Builder#build()}, including one
 * probe call, so a wrong name, type or shape fails there with an {@link OnnxModelException}, not at some step.
 *
 * <p><b>A call.</b> For schedule time {@code t}, the network receives the sample rows (solvers' flattened rows,
 * reshaped to {@code [rows, shape...]}) multiplied by the {@link InputScaling} factor, the time in the network's
 * {@link TimeConvention} (one value, or one per row if the time input is {@code [batch]} or {@code [batch, 1]}),
 * and the fixed values of any extra inputs; its output is read as the configured {@link Prediction}. Batches are split into chunks of at
 * most {@code maxBatch} rows (exactly the graph's batch size, padded, if that is fixed).
 *
 * <p><b>Variance output.</b> An output whose first per-sample dimension is twice the sample's ({@code [rows, 2C,
 * ...]} for a sample {@code [rows, C, ...]}, how diffusers' UNets with {@code learned}/{@code learned_range}
 * variance return it) is split: the first {@code C} channels are the prediction, the last {@code C} the raw
 * variance channel, read by {@link #evaluateWithVariance} ({@link #outputsVariance()} is then true; DDPM's
 * {@code variance=learned-range} uses it). {@link #evaluate} reads the prediction alone.
 *
 * <p><b>Classifier-free guidance</b> ({@link Builder#guidance}): a batch of {@code n} rows is run as {@code 2n}
 * rows in the same chunked call sequence, the first {@code n} with the conditional value of the guided input and the
 * next {@code n} with the unconditional one, and combined as {@code u + w (c - u)} (Ho and Salimans 2022,
 * arXiv:2207.12598, eq. 6) in the network's prediction.
 *
 * <p><b>Memory.</b> Each thread gets its own direct buffers per chunk size, allocated on first use; ORT reads the
 * inputs from and writes the output into them (pinned output), and float32 values are converted in place, so
 * steady-state calls allocate no buffers. The session is created once and closed by {@link #close()}.
 *
 * <p>Thread-safe: ORT sessions accept concurrent runs, and no buffer is shared between threads.
 */
public final class OnnxModel implements DiffusionModel, AutoCloseable {

    /** Default largest number of rows per network call. */
    public static final int DEFAULT_MAX_BATCH = 256;
    /** EDM's default {@code sigma_data}. */
    public static final double DEFAULT_SIGMA_DATA = 0.5;

    private final String label;
    private final OrtEnvironment env;
    private final OrtSession session;
    private final GraphSignature graph;
    private final NoiseSchedule schedule;
    private final Prediction prediction;
    private final TimeConvention time;
    private final DoubleUnaryOperator networkTime;
    private final InputScaling inputScaling;
    private final double sigmaData;
    private final int chunk;
    private final double guidanceScale;
    private final boolean guided;
    private final Set<String> outputNames;
    private final ThreadLocal<List<ChunkBuffers>> buffers = ThreadLocal.withInitial(ArrayList::new);
    private final ThreadLocal<double[]> unconditionalScratch = new ThreadLocal<>();
    private final List<ChunkBuffers> allBuffers = Collections.synchronizedList(new ArrayList<>());
    private final LongAdder networkNanos = new LongAdder();
    private volatile boolean closed;

    private OnnxModel(Builder b, OrtSession session, GraphSignature graph) {
        this.label = b.label;
        this.env = OrtEnvironment.getEnvironment();
        this.session = session;
        this.graph = graph;
        this.schedule = b.schedule;
        this.prediction = b.prediction;
        this.time = b.time;
        this.networkTime = b.networkTime;
        this.inputScaling = b.inputScaling;
        this.sigmaData = b.sigmaData;
        this.chunk = graph.fixedBatch > 0 ? Math.toIntExact(graph.fixedBatch) : b.maxBatch;
        this.guided = b.guidedInput != null;
        this.guidanceScale = b.guidanceScale;
        this.outputNames = Set.of(graph.outputName);
    }

    /**
     * @param file the ONNX file; weights stored as external data are read from the files it names, relative to its
     *     folder
     * @return a builder
     */
    public static Builder builder(Path file) {
        return new Builder(Checks.requireNonNull(file, "file"), null, file.toString());
    }

    /**
     * @param file the ONNX file
     * @return a builder
     */
    public static Builder builder(File file) {
        return builder(Checks.requireNonNull(file, "file").toPath());
    }

    /**
     * A model from its serialized bytes. Weights stored as external data (beside the graph file, as exporters write
     * models over 2 GiB) cannot be found from bytes: open such a model with {@link #builder(Path)}.
     *
     * @param bytes the serialized ONNX model
     * @param label a name for the model in messages
     * @return a builder
     */
    public static Builder builder(byte[] bytes, String label) {
        return new Builder(null, Checks.requireNonNull(bytes, "bytes").clone(), Checks.requireNonNull(label, "label"));
    }

    @Override
    public Prediction prediction() {
        return prediction;
    }

    /** @return the per-sample tensor shape (the solvers' rows have its product as dimension) */
    public long[] shape() {
        return graph.sampleShape.clone();
    }

    /** @return the dimension of a flattened sample */
    public int dim() {
        return graph.dim;
    }

    /** @return the schedule the network was trained with */
    public NoiseSchedule schedule() {
        return schedule;
    }

    /** @return the network's time convention */
    public TimeConvention timeConvention() {
        return time;
    }

    /**
     * Wall time spent inside ONNX Runtime's {@code session.run} by {@link #evaluate}, summed over calls and threads
     * since the model was built: the network's share of a call, the rest of the call being the adapter's (conversion
     * of the input to float32, the time, the copy of the output). Two {@link System#nanoTime} reads per network call.
     *
     * @return nanoseconds
     */
    public long networkNanos() {
        return networkNanos.sum();
    }

    @Override
    public void evaluate(BatchView x, double t, Batch out) {
        run(x, t, out, null);
    }

    /**
     * @return whether the graph's output has a variance channel (twice the sample's first per-sample dimension,
     *     as diffusers' UNets with {@code learned}/{@code learned_range} variance)
     */
    @Override
    public boolean outputsVariance() {
        return graph.varianceOutput;
    }

    /**
     * Evaluates the graph once and splits its output: the first half of each row's first dimension is the
     * prediction, the second the variance channel. Under guidance the prediction is guided and the variance is
     * the conditional call's.
     *
     * @param x noisy batch. Not modified.
     * @param t schedule time
     * @param out destination of the prediction. Modified.
     * @param variance destination of the variance channel. Modified.
     * @throws UnsupportedOperationException if the graph has no variance output
     */
    @Override
    public void evaluateWithVariance(BatchView x, double t, Batch out, Batch variance) {
        if (!graph.varianceOutput) {
            DiffusionModel.super.evaluateWithVariance(x, t, out, variance);
        }
        if (variance.size() != x.size() || variance.dim() != graph.dim) {
            throw new InvalidInputException("variance", variance.size() + "x" + variance.dim(),
                    x.size() + "x" + graph.dim + " (the shape of x)");
        }
        run(x, t, out, variance.data());
    }

    private void run(BatchView x, double t, Batch out, double[] variance) {
        if (closed) {
            throw new IllegalStateException(label + ": model is closed");
        }
        if (x.dim() != graph.dim || out.dim() != graph.dim || out.size() != x.size()) {
            throw new InvalidInputException("x", x.size() + "x" + x.dim() + " -> " + out.size() + "x" + out.dim(),
                    "rows of dimension " + graph.dim + " (shape " + Arrays.toString(graph.sampleShape)
                            + ") with an output of the same shape");
        }
        int n = x.size();
        int total = guided ? 2 * n : n;
        double[] uncond = guided ? unconditionalScratch(n * graph.dim) : null;
        double tau = networkTime(t);
        double scale = inputScaling.factor(schedule, t, sigmaData);
        try {
            for (int start = 0; start < total; start += chunk) {
                int rows = Math.min(chunk, total - start);
                ChunkBuffers c = buffersFor(graph.fixedBatch > 0 ? chunk : rows);
                fill(c, x.data(), start, rows, n, tau, scale);
                long begun = System.nanoTime();
                try (OrtSession.Result r = session.run(c.inputs, c.pinned)) {
                    networkNanos.add(System.nanoTime() - begun);
                    readRows(c, start, rows, n, out.data(), uncond, variance);
                }
            }
        } catch (OrtException e) {
            throw new IllegalStateException(label + ": ONNX Runtime failed at t=" + t + ": " + e.getMessage(), e);
        }
        if (guided) {
            double[] o = out.data();
            double w = guidanceScale;
            for (int i = 0; i < o.length; i++) {
                o[i] = uncond[i] + w * (o[i] - uncond[i]);
            }
        }
    }

    private void fill(ChunkBuffers c, double[] x, int start, int rows, int n, double tau, double scale) {
        int d = graph.dim;
        for (int r = 0; r < rows; r++) {
            int g = start + r;
            c.sample.put(r * d, x, (g % n) * d, d, scale);
            for (int k = 0; k < graph.extras.size(); k++) {
                ExtraInput e = graph.extras.get(k);
                if (e.perRow()) {
                    double[] v = e.valuesOfRow(g, n);
                    c.extras.get(k).put(r * v.length, v, 0, v.length, 1.0);
                }
            }
        }
        c.time.fill(0, graph.timePerRow ? c.rows : 1, tau);
    }

    private void readRows(ChunkBuffers c, int start, int rows, int n, double[] out, double[] uncond,
            double[] variance) {
        int d = graph.dim;
        int stride = graph.varianceOutput ? 2 * d : d;
        for (int r = 0; r < rows; r++) {
            int g = start + r;
            if (g < n) {
                c.output.get(r * stride, out, g * d, d);
                if (variance != null) {
                    c.output.get(r * stride + d, variance, g * d, d);
                }
            } else {
                c.output.get(r * stride, uncond, (g - n) * d, d);
            }
        }
    }

    private double[] unconditionalScratch(int length) {
        double[] s = unconditionalScratch.get();
        if (s == null || s.length < length) {
            s = new double[length];
            unconditionalScratch.set(s);
        }
        return s;
    }

    private ChunkBuffers buffersFor(int rows) throws OrtException {
        List<ChunkBuffers> mine = buffers.get();
        for (int i = 0; i < mine.size(); i++) {
            if (mine.get(i).rows == rows) {
                return mine.get(i);
            }
        }
        ChunkBuffers c = new ChunkBuffers(env, graph, rows);
        mine.add(c);
        allBuffers.add(c);
        return c;
    }

    /** @return the value fed to the time input at schedule time {@code t} */
    private double networkTime(double t) {
        return networkTime != null ? networkTime.applyAsDouble(t) : time.networkTime(schedule, t);
    }

    /**
     * Runs one call of zeros without a pinned output and checks the output the graph actually returns. The call has
     * the graph's fixed batch size, or two rows if the batch is dynamic (one if {@code maxBatch} is 1), so that a
     * graph which declares a dynamic batch but runs only one row (a batch size baked into a reshape) fails here,
     * naming {@code maxBatch}, rather than at the first step of a run.
     */
    private void probe() {
        int rows = graph.fixedBatch > 0 ? chunk : Math.min(2, chunk);
        double t = schedule.tMin() + 0.5 * (schedule.tMax() - schedule.tMin());
        try {
            probe(rows, t);
        } catch (OrtException e) {
            if (rows > 1 && graph.fixedBatch <= 0 && runsOneRow(t)) {
                throw new OnnxModelException(label, "maxBatch", graph.sampleName, "1 for this graph: it declares a "
                        + "dynamic batch dimension but runs only one row (a probe call of " + rows + " rows failed)",
                        "maxBatch " + chunk + "; " + OnnxModelException.reason(e), e);
            }
            throw new OnnxModelException(label, "file", "", "a graph ONNX Runtime runs on a probe call of " + rows
                    + " rows (zeros, t=" + t + ")", OnnxModelException.reason(e), e);
        }
    }

    private boolean runsOneRow(double t) {
        try {
            probe(1, t);
            return true;
        } catch (OrtException | RuntimeException e) {
            return false;
        }
    }

    private void probe(int rows, double t) throws OrtException {
        ChunkBuffers c = buffersFor(rows);
        fill(c, new double[rows * graph.dim], 0, rows, rows, networkTime(t),
                inputScaling.factor(schedule, t, sigmaData));
        try (OrtSession.Result r = session.run(c.inputs, outputNames)) {
            TensorInfo info = (TensorInfo) r.get(0).getInfo();
            long[] expected = new long[graph.outputShape.length + 1];
            expected[0] = rows;
            System.arraycopy(graph.outputShape, 0, expected, 1, graph.outputShape.length);
            if (!Arrays.equals(info.getShape(), expected) || info.type != graph.outputType) {
                throw graph.error("output", graph.outputName, GraphSignature.typeName(graph.outputType)
                        + Arrays.toString(expected) + (graph.varianceOutput ? " (prediction and variance channel)"
                        : " (the sample's shape)") + " on a probe call",
                        GraphSignature.typeName(info.type) + Arrays.toString(info.getShape()));
            }
        }
    }

    /** Closes the buffers and the session; further calls fail. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        synchronized (allBuffers) {
            allBuffers.forEach(ChunkBuffers::close);
            allBuffers.clear();
        }
        try {
            session.close();
        } catch (OrtException e) {
            throw new IllegalStateException(label + ": cannot close the ONNX Runtime session: " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "OnnxModel(" + label + ", " + prediction + ", time=" + time.key() + ", shape="
                + Arrays.toString(graph.sampleShape) + (guided ? ", guidance w=" + guidanceScale : "") + ")";
    }

    /**
     * Configuration of an {@link OnnxModel}. Required: {@link #schedule} and {@link #prediction}; everything else has
     * a default. Not thread-safe; {@link #build()} may be called more than once (one session each).
     */
    public static final class Builder {

        private final Path file;
        private final byte[] bytes;
        private final String label;
        private NoiseSchedule schedule;
        private Prediction prediction;
        TimeConvention time = TimeConvention.T;
        private DoubleUnaryOperator networkTime;
        private InputScaling inputScaling = InputScaling.NONE;
        private double sigmaData = DEFAULT_SIGMA_DATA;
        String sampleInput;
        String timeInput;
        String output;
        long[] shape;
        final Map<String, double[]> extraInputs = new LinkedHashMap<>();
        String guidedInput;
        double[] conditional;
        double[] unconditional;
        private double guidanceScale = 1.0;
        private int maxBatch = DEFAULT_MAX_BATCH;
        private int intraOpThreads;
        private ExecutionProvider provider = ExecutionProvider.CPU;

        private Builder(Path file, byte[] bytes, String label) {
            this.file = file;
            this.bytes = bytes;
            this.label = label;
        }

        /**
         * @param schedule the schedule the network was trained with (needed by every time convention but {@code t})
         * @return this
         */
        public Builder schedule(NoiseSchedule schedule) {
            this.schedule = Checks.requireNonNull(schedule, "schedule");
            return this;
        }

        /**
         * @param prediction what the network's output is
         * @return this
         */
        public Builder prediction(Prediction prediction) {
            this.prediction = Checks.requireNonNull(prediction, "prediction");
            return this;
        }

        /**
         * @param time the network's time convention (default {@link TimeConvention#T})
         * @return this
         */
        public Builder time(TimeConvention time) {
            this.time = Checks.requireNonNull(time, "time");
            return this;
        }

        /**
         * Overrides the time convention with an explicit map from schedule time to the value fed to the time input,
         * e.g. the timestep a diffusers scheduler passes its network at each step (which is not always the
         * convention's value of the step's time: rounded, clamped or fractional timesteps).
         *
         * @param map schedule time to network time, or null for the {@link #time(TimeConvention) convention}
         * @return this
         */
        public Builder networkTime(DoubleUnaryOperator map) {
            this.networkTime = map;
            return this;
        }

        /**
         * @param scaling input scaling (default {@link InputScaling#NONE})
         * @return this
         */
        public Builder inputScaling(InputScaling scaling) {
            this.inputScaling = Checks.requireNonNull(scaling, "inputScaling");
            return this;
        }

        /**
         * @param sigmaData EDM's {@code sigma_data} for {@link InputScaling#EDM}, positive (default 0.5)
         * @return this
         */
        public Builder sigmaData(double sigmaData) {
            if (!(sigmaData > 0 && sigmaData < Double.POSITIVE_INFINITY)) {
                throw new InvalidInputException("sigmaData", sigmaData, "finite and > 0");
            }
            this.sigmaData = sigmaData;
            return this;
        }

        /**
         * @param name the graph input receiving the noisy sample (default: the graph's first input)
         * @return this
         */
        public Builder sampleInput(String name) {
            this.sampleInput = Checks.requireNonNull(name, "input");
            return this;
        }

        /**
         * @param name the graph input receiving the time (default: the graph's second input)
         * @return this
         */
        public Builder timeInput(String name) {
            this.timeInput = Checks.requireNonNull(name, "timeInput");
            return this;
        }

        /**
         * @param name the graph output holding the prediction (default: the graph's first output)
         * @return this
         */
        public Builder output(String name) {
            this.output = Checks.requireNonNull(name, "output");
            return this;
        }

        /**
         * @param perSample the per-sample tensor shape, e.g. {@code 1, 8, 8} (default: read from the graph, which
         *     must then have fixed dimensions after the batch dimension)
         * @return this
         */
        public Builder shape(long... perSample) {
            Checks.requireNonNull(perSample, "shape");
            if (perSample.length == 0 || Arrays.stream(perSample).anyMatch(d -> d <= 0)) {
                throw new InvalidInputException("shape", Arrays.toString(perSample), "non-empty, every dimension > 0");
            }
            this.shape = perSample.clone();
            return this;
        }

        /**
         * A graph input fed the same value on every call. If its first dimension is the batch dimension the value
         * is one row (repeated for every row); otherwise it is the whole tensor. Integer inputs take integer values.
         *
         * @param name graph input
         * @param values row-major values
         * @return this
         */
        public Builder extraInput(String name, double... values) {
            extraInputs.put(Checks.requireNonNull(name, "extraInputs name"), Checks.requireNonNull(values,
                    "extraInputs." + name).clone());
            return this;
        }

        /**
         * Classifier-free guidance on one network: the input {@code name} (with the batch dimension) receives
         * {@code conditional} on one half of a doubled batch and {@code unconditional} on the other, in one
         * sequence of batched calls, and the outputs are combined as {@code u + scale (c - u)}.
         *
         * @param name graph input carrying the condition
         * @param conditional its per-row value for the conditional prediction
         * @param unconditional its per-row value for the unconditional prediction (e.g. a null label)
         * @param scale guidance scale {@code w}, finite
         * @return this
         */
        public Builder guidance(String name, double[] conditional, double[] unconditional, double scale) {
            this.guidedInput = Checks.requireNonNull(name, "guidance input");
            this.conditional = Checks.requireNonNull(conditional, "conditional").clone();
            this.unconditional = Checks.requireNonNull(unconditional, "unconditional").clone();
            if (!Double.isFinite(scale)) {
                throw new InvalidInputException("guidance.scale", scale, "finite");
            }
            this.guidanceScale = scale;
            return this;
        }

        /**
         * @param maxBatch largest number of rows per network call, {@code >= 1} (default 256); ignored when the
         *     graph's batch dimension is fixed
         * @return this
         */
        public Builder maxBatch(int maxBatch) {
            if (maxBatch < 1) {
                throw new InvalidInputException("maxBatch", maxBatch, ">= 1");
            }
            this.maxBatch = maxBatch;
            return this;
        }

        /**
         * @param threads ONNX Runtime's intra-op threads, {@code >= 0}; 0 (default) lets ORT choose
         * @return this
         */
        public Builder intraOpThreads(int threads) {
            if (threads < 0) {
                throw new InvalidInputException("threads", threads, ">= 0 (0: ONNX Runtime's default)");
            }
            this.intraOpThreads = threads;
            return this;
        }

        /**
         * @param provider execution provider (default {@link ExecutionProvider#CPU})
         * @return this
         */
        public Builder executionProvider(ExecutionProvider provider) {
            this.provider = Checks.requireNonNull(provider, "executionProvider");
            return this;
        }

        /**
         * Opens the session, resolves and checks every tensor against this configuration and makes one probe call.
         *
         * @return the model; close it when done
         * @throws OnnxModelException if the file or the graph does not fit the configuration
         * @throws InvalidInputException if a required setting is missing or the time convention does not fit the
         *     schedule
         */
        public OnnxModel build() {
            if (schedule == null) {
                throw new InvalidInputException("schedule", "null", "set (the schedule the network was trained with)");
            }
            if (prediction == null) {
                throw new InvalidInputException("prediction", "null", "one of " + Arrays.toString(Prediction.values()));
            }
            time.requireCompatible(schedule);
            OrtSession session = open();
            try {
                GraphSignature graph = new GraphSignature(label, session, this);
                if (graph.fixedBatch > 0) {
                    graph.requireRowsFit(graph.fixedBatch, "input");
                } else {
                    graph.requireRowsFit(maxBatch, "maxBatch");
                }
                OnnxModel model = new OnnxModel(this, session, graph);
                try {
                    model.probe();
                } catch (RuntimeException e) {
                    model.close();
                    throw e;
                }
                return model;
            } catch (OrtException e) {
                closeQuietly(session);
                throw new OnnxModelException(label, "file", "", "a graph ONNX Runtime can run with these inputs",
                        OnnxModelException.reason(e), e);
            } catch (RuntimeException e) {
                closeQuietly(session);
                throw e;
            }
        }

        private OrtSession open() {
            if (file != null && !Files.isRegularFile(file)) {
                throw new OnnxModelException(label, "file", "", "an existing ONNX file",
                        Files.exists(file) ? "not a regular file" : "no such file", null);
            }
            if (file != null ? file.toFile().length() == 0 : bytes.length == 0) {
                throw new OnnxModelException(label, "file", "", "a valid ONNX model", "an empty file", null);
            }
            OrtEnvironment env = OrtEnvironment.getEnvironment();
            try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
                options.setIntraOpNumThreads(intraOpThreads);
                options.setInterOpNumThreads(1);
                options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
                // ORT's errors reach the caller as exceptions (an OnnxModelException, or a failed run naming the
                // step); its own log would print them a second time, so it keeps fatal messages only
                options.setSessionLogLevel(OrtLoggingLevel.ORT_LOGGING_LEVEL_FATAL);
                if (provider == ExecutionProvider.CUDA) {
                    options.addCUDA(0);
                }
                // from the path, not its bytes: ORT then finds weights stored as external data beside the graph
                return bytes != null ? env.createSession(bytes, options)
                        : env.createSession(file.toAbsolutePath().toString(), options);
            } catch (OrtException e) {
                throw new OnnxModelException(label, "file", "", "a valid ONNX model",
                        OnnxModelException.reason(e), e);
            }
        }

        private static void closeQuietly(OrtSession session) {
            try {
                session.close();
            } catch (OrtException | RuntimeException ignored) {
                // the build already fails with the more useful error
            }
        }
    }
}
