package io.samplerkit.onnx;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The graph's tensors as the model uses them, resolved and checked against the configuration when the model is
 * built: names (defaults: the first input, the second input, the first output), element types, the per-sample shape
 * (configured or read from the graph), a fixed or dynamic batch dimension, how many time elements a call passes,
 * the extra inputs, and whether the output carries a variance channel (twice the sample's first per-sample
 * dimension, as diffusers' UNets with a learned variance: the prediction in the first half, the variance in the
 * second; the sample's first dimension is the channel dimension of an image). Every mismatch is an {@link OnnxModelException} naming the model, the tensor, what was
 * expected and what was found.
 */
final class GraphSignature {

    /** Dimension value ORT reports for a dynamic (symbolic) dimension. */
    private static final long DYNAMIC = -1;
    /** Most values of one sample: a row of a variance output (twice as many) of float64 must fit 2 GiB. */
    static final int MAX_VALUES_PER_SAMPLE = Integer.MAX_VALUE / 16;

    final String sampleName;
    final OnnxJavaType sampleType;
    final String timeName;
    final OnnxJavaType timeType;
    /** Whether the time input has one element per row ({@code [batch]} or {@code [batch, 1]}) rather than one. */
    final boolean timePerRow;
    /** Rank of the time input: 0 (a scalar), 1 ({@code [1]}, {@code [batch]}) or 2 ({@code [1, 1]}, {@code [batch, 1]}). */
    final int timeRank;
    final String outputName;
    final OnnxJavaType outputType;
    /** Per-sample shape (without the batch dimension). */
    final long[] sampleShape;
    /** Product of {@link #sampleShape}. */
    final int dim;
    /** Whether the output has twice the sample's first per-sample dimension: prediction, then variance channel. */
    final boolean varianceOutput;
    /** Per-sample shape of the output ({@link #sampleShape}, its first dimension doubled with a variance output). */
    final long[] outputShape;
    /** The graph's fixed batch size, or -1 if the batch dimension is dynamic. */
    final long fixedBatch;
    final List<ExtraInput> extras;

    private final String model;

    GraphSignature(String model, OrtSession session, OnnxModel.Builder config) throws OrtException {
        this.model = model;
        Map<String, NodeInfo> inputs = session.getInputInfo();
        Map<String, NodeInfo> outputs = session.getOutputInfo();
        List<String> inputNames = new ArrayList<>(inputs.keySet());
        sampleName = pick("input", config.sampleInput, inputNames, 0);
        timeName = pick("timeInput", config.timeInput, inputNames, 1);
        if (sampleName.equals(timeName)) {
            throw error("timeInput", timeName, "a graph input other than the sample input", "the sample input");
        }
        outputName = pick("output", config.output, new ArrayList<>(outputs.keySet()), 0);

        TensorInfo sample = tensor("input", sampleName, inputs.get(sampleName));
        sampleType = floatType("input", sampleName, sample);
        long[] s = sample.getShape();
        if (s.length < 2) {
            throw error("input", sampleName, "a tensor [batch, d1, ...] (a batch dimension and at least one "
                    + "per-sample dimension)", describe(sample));
        }
        fixedBatch = s[0];
        sampleShape = resolveShape(config.shape, sample);
        dim = valuesPerSample(sample);

        TensorInfo time = tensor("timeInput", timeName, inputs.get(timeName));
        timeType = time.type;
        if (!TensorSlot.supports(timeType)) {
            throw error("timeInput", timeName, "of type float32, float64, float16, int64 or int32",
                    describe(time));
        }
        long[] ts = time.getShape();
        boolean column = ts.length == 2 && (ts[1] == 1 || ts[1] == DYNAMIC);
        if (ts.length > 2 || (ts.length == 2 && !column)
                || (ts.length >= 1 && ts[0] != 1 && ts[0] != s[0] && ts[0] != DYNAMIC)) {
            throw error("timeInput", timeName, "a scalar, [1], [batch], [1, 1] or [batch, 1]", describe(time));
        }
        if ((timeType == OnnxJavaType.INT64 || timeType == OnnxJavaType.INT32) && !config.time.fitsIntegers()) {
            throw error("timeInput", timeName, "of a float type for time convention " + config.time.key()
                    + " (integer time inputs take the conventions index and 1000t, rounded)", describe(time));
        }
        timePerRow = ts.length >= 1 && ts[0] != 1;
        timeRank = ts.length;

        TensorInfo out = tensor("output", outputName, outputs.get(outputName));
        outputType = floatType("output", outputName, out);
        long[] os = out.getShape();
        long[] doubled = sampleShape.clone();
        doubled[0] = Math.multiplyExact(2L, doubled[0]);
        long[] perSample = os.length == s.length && (os[0] < 0 || os[0] == s[0])
                ? Arrays.copyOfRange(os, 1, os.length) : null;
        if (perSample != null && compatible(perSample, sampleShape)) {
            varianceOutput = false;
            outputShape = sampleShape;
        } else if (perSample != null && perSample[0] == doubled[0] && compatible(perSample, doubled)) {
            varianceOutput = true;
            outputShape = doubled;
        } else {
            throw error("output", outputName, "of the sample's shape " + shapeText(s[0], sampleShape)
                    + " (or " + shapeText(s[0], doubled) + ": prediction and variance channel)", describe(out));
        }
        extras = resolveExtras(config, inputs, s[0]);
    }

    /**
     * @param rows rows of a call
     * @return the shape of the time tensor of such a call
     */
    long[] timeShape(int rows) {
        long first = timePerRow ? rows : 1;
        return timeRank == 0 ? new long[0] : timeRank == 1 ? new long[] {first} : new long[] {first, 1};
    }

    /**
     * The number of values of one sample, at most {@link #MAX_VALUES_PER_SAMPLE} (the sample and a variance output
     * of twice its size must fit one direct buffer per row at 8 bytes a value).
     */
    private int valuesPerSample(TensorInfo sample) {
        long n = 1;
        for (long d : sampleShape) {
            n *= d;
            if (n > MAX_VALUES_PER_SAMPLE) {
                throw error("shape", sampleName, "at most " + MAX_VALUES_PER_SAMPLE + " values per sample",
                        Arrays.toString(sampleShape) + " of " + describe(sample));
            }
        }
        return (int) n;
    }

    /**
     * Checks that buffers of {@code rows} rows fit a direct buffer each (at most {@link Integer#MAX_VALUE} bytes).
     *
     * @param rows rows per network call
     * @param field the configuration field that set {@code rows}
     * @throws OnnxModelException naming {@code field} otherwise
     */
    void requireRowsFit(long rows, String field) {
        long bytesPerRow = 0;
        for (long values : new long[] {dim, Arrays.stream(outputShape).reduce(1, Math::multiplyExact)}) {
            bytesPerRow = Math.max(bytesPerRow, values * Math.max(sampleType.size, outputType.size));
        }
        long most = Integer.MAX_VALUE / bytesPerRow;
        if (rows > most) {
            throw error(field, sampleName, "at most " + most + " rows per call for samples of " + dim + " values "
                    + "(a buffer of at most 2 GiB)", rows + " rows");
        }
    }

    private List<ExtraInput> resolveExtras(OnnxModel.Builder config, Map<String, NodeInfo> inputs, long batchDim)
            throws OrtException {
        Map<String, double[]> values = new LinkedHashMap<>(config.extraInputs);
        if (config.guidedInput != null) {
            values.put(config.guidedInput, config.conditional);
        }
        List<ExtraInput> result = new ArrayList<>();
        for (Map.Entry<String, double[]> e : values.entrySet()) {
            String name = e.getKey();
            String field = "extraInputs." + name;
            if (name.equals(sampleName) || name.equals(timeName)) {
                throw error(field, name, "an input other than the sample and time inputs", "the " 
                        + (name.equals(sampleName) ? "sample" : "time") + " input");
            }
            if (!inputs.containsKey(name)) {
                throw error(field, name, "one of the graph's inputs " + inputs.keySet(), "no such input");
            }
            TensorInfo info = tensor(field, name, inputs.get(name));
            if (!TensorSlot.supports(info.type)) {
                throw error(field, name, "of type float32, float64, float16, int64 or int32", describe(info));
            }
            long[] shape = info.getShape();
            boolean perRow = shape.length >= 1 && shape[0] == batchDim;
            long[] fixed = perRow ? Arrays.copyOfRange(shape, 1, shape.length) : shape;
            if (Arrays.stream(fixed).anyMatch(d -> d < 0)) {
                throw error(field, name, "fixed dimensions (apart from the sample's batch dimension)", describe(info));
            }
            long count = Arrays.stream(fixed).reduce(1, Math::multiplyExact);
            boolean guided = name.equals(config.guidedInput);
            double[] v = e.getValue();
            checkValues(field, name, info, perRow, count, v);
            if (guided) {
                if (!perRow) {
                    throw error(field, name, "a tensor with the batch dimension (guidance needs one value per row)",
                            describe(info));
                }
                checkValues(field, name, info, true, count, config.unconditional);
            }
            result.add(new ExtraInput(name, info.type, shape, perRow, v.clone(),
                    guided ? config.unconditional.clone() : null));
        }
        for (String name : inputs.keySet()) {
            if (!name.equals(sampleName) && !name.equals(timeName) && !values.containsKey(name)) {
                throw error("extraInputs." + name, name, "given a value (the graph has inputs " + inputs.keySet()
                        + ")", "no value");
            }
        }
        return List.copyOf(result);
    }

    private void checkValues(String field, String name, TensorInfo info, boolean perRow, long count, double[] v) {
        if (v.length != count) {
            throw error(field, name, count + " values " + (perRow ? "per row" : "in all") + " for "
                    + describe(info), v.length + " values");
        }
        for (int i = 0; i < v.length; i++) {
            if (!Double.isFinite(v[i])) {
                throw error(field, name, "finite values", "value " + v[i] + " at index " + i);
            }
        }
        if (info.type == OnnxJavaType.INT64 || info.type == OnnxJavaType.INT32) {
            for (double x : v) {
                if (x != Math.rint(x)) {
                    throw error(field, name, "integer values for " + describe(info), "value " + x);
                }
            }
        }
    }

    private long[] resolveShape(long[] configured, TensorInfo sample) {
        long[] graph = Arrays.copyOfRange(sample.getShape(), 1, sample.getShape().length);
        if (Arrays.stream(graph).anyMatch(d -> d == 0)) {
            throw error("shape", sampleName, "per-sample dimensions >= 1 (or dynamic)", describe(sample));
        }
        if (configured == null) {
            if (Arrays.stream(graph).anyMatch(d -> d < 0) || graph.length == 0) {
                throw error("shape", sampleName, "configured, because the graph's per-sample dimensions are not all "
                        + "fixed", describe(sample));
            }
            return graph;
        }
        if (!compatible(graph, configured)) {
            throw error("shape", sampleName, "compatible with the configured per-sample shape "
                    + Arrays.toString(configured), describe(sample));
        }
        return configured.clone();
    }

    /** Same rank and every fixed graph dimension equal to the wanted one. */
    private static boolean compatible(long[] graph, long[] wanted) {
        if (graph.length != wanted.length) {
            return false;
        }
        for (int i = 0; i < graph.length; i++) {
            if (graph[i] >= 0 && graph[i] != wanted[i]) {
                return false;
            }
        }
        return true;
    }

    private String pick(String field, String configured, List<String> names, int defaultIndex) {
        if (configured != null) {
            if (!names.contains(configured)) {
                throw error(field, configured, "one of the graph's names " + names, "no such name");
            }
            return configured;
        }
        if (names.size() <= defaultIndex) {
            throw error(field, "", "configured or at position " + defaultIndex + " of the graph's names",
                    "only " + names);
        }
        return names.get(defaultIndex);
    }

    private TensorInfo tensor(String field, String name, NodeInfo node) {
        if (!(node.getInfo() instanceof TensorInfo)) {
            throw error(field, name, "a tensor", String.valueOf(node.getInfo()));
        }
        return (TensorInfo) node.getInfo();
    }

    private OnnxJavaType floatType(String field, String name, TensorInfo info) {
        if (info.type != OnnxJavaType.FLOAT && info.type != OnnxJavaType.DOUBLE && info.type != OnnxJavaType.FLOAT16) {
            throw error(field, name, "of type float32, float64 or float16", describe(info));
        }
        return info.type;
    }

    OnnxModelException error(String field, String tensor, String expected, String found) {
        return new OnnxModelException(model, field, tensor, expected, found, null);
    }

    /**
     * @param info a tensor
     * @return e.g. {@code float32[batch, 1, 8, 8]}
     */
    static String describe(TensorInfo info) {
        long[] s = info.getShape();
        return typeName(info.type) + (s.length == 0 ? "[] (scalar)" : shapeText(s[0], Arrays.copyOfRange(s, 1, s.length)));
    }

    static String typeName(OnnxJavaType type) {
        switch (type) {
            case FLOAT:
                return "float32";
            case DOUBLE:
                return "float64";
            case FLOAT16:
                return "float16";
            case INT64:
                return "int64";
            case INT32:
                return "int32";
            default:
                return type.name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    static String shapeText(long batch, long[] rest) {
        StringBuilder b = new StringBuilder("[").append(batch < 0 ? "batch" : String.valueOf(batch));
        for (long d : rest) {
            b.append(", ").append(d < 0 ? "?" : String.valueOf(d));
        }
        return b.append(']').toString();
    }
}
