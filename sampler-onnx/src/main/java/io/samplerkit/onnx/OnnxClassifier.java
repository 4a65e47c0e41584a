package io.samplerkit.onnx;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/**
 * An image classifier exported to ONNX whose graph gives, for a batch of samples, class logits and a feature
 * vector (e.g. the penultimate layer): the two things a feature-space Fréchet distance and a class-coverage count
 * need. Samples are clipped to a value range first (the range the classifier was trained on) and passed as float32
 * in the graph's per-sample shape. Every name and shape is checked when the classifier is opened, with an
 * {@link OnnxModelException} naming the file, the field, the tensor, what was expected and what was found.
 *
 * <p>Thread-safe: ORT sessions accept concurrent runs, and each call allocates its own tensors.
 */
public final class OnnxClassifier implements AutoCloseable {

    private final String label;
    private final OrtEnvironment env = OrtEnvironment.getEnvironment();
    private final OrtSession session;
    private final String input;
    private final String logits;
    private final String features;
    private final long[] shape;
    private final int dim;
    private final int classes;
    private final int featureDim;
    private final double lo;
    private final double hi;

    private OnnxClassifier(Path file, String input, String logits, String features, double lo, double hi,
            int threads) {
        this.label = file.toString();
        if (!Files.isRegularFile(file)) {
            throw new OnnxModelException(label, "file", "", "an existing ONNX file",
                    Files.exists(file) ? "not a regular file" : "no such file", null);
        }
        if (!(lo < hi)) {
            throw new OnnxModelException(label, "clip", "", "a range lo < hi", lo + ", " + hi, null);
        }
        this.lo = lo;
        this.hi = hi;
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(threads);
            options.setInterOpNumThreads(1);
            session = env.createSession(file.toAbsolutePath().toString(), options);
        } catch (OrtException e) {
            throw new OnnxModelException(label, "file", "", "a valid ONNX model", OnnxModelException.reason(e), e);
        }
        try {
            Map<String, NodeInfo> ins = session.getInputInfo();
            Map<String, NodeInfo> outs = session.getOutputInfo();
            this.input = name("input", input, ins);
            this.logits = name("logits", logits, outs);
            this.features = name("features", features, outs);
            long[] in = tensor("input", this.input, ins).getShape();
            if (in.length < 2 || Arrays.stream(in).skip(1).anyMatch(v -> v < 1)) {
                throw new OnnxModelException(label, "input", this.input, "[batch, fixed per-sample dimensions]",
                        Arrays.toString(in), null);
            }
            shape = Arrays.copyOfRange(in, 1, in.length);
            dim = Math.toIntExact(Arrays.stream(shape).reduce(1, Math::multiplyExact));
            classes = width("logits", this.logits, outs);
            featureDim = width("features", this.features, outs);
        } catch (OrtException | RuntimeException e) {
            close();
            throw e instanceof OnnxModelException o ? o
                    : new OnnxModelException(label, "file", "", "a readable graph", e.getMessage(), e);
        }
    }

    /**
     * Opens a classifier.
     *
     * @param file the {@code .onnx} file
     * @param input graph input receiving the samples
     * @param logits graph output holding the class logits, {@code [batch, classes]}
     * @param features graph output holding the features, {@code [batch, k]}
     * @param lo smallest sample value passed (smaller values are clipped)
     * @param hi largest sample value passed
     * @param threads ONNX Runtime intra-op threads (0: its default)
     * @return the classifier; the caller closes it
     * @throws OnnxModelException for a missing file or a name, shape or type the graph does not have
     */
    public static OnnxClassifier open(Path file, String input, String logits, String features, double lo, double hi,
            int threads) {
        return new OnnxClassifier(file, input, logits, features, lo, hi, threads);
    }

    /** Predicted labels and features of a batch. */
    public record Output(int[] labels, double[][] features) {
    }

    /** @return the flattened sample dimension the graph takes */
    public int dim() {
        return dim;
    }

    /** @return the number of classes (width of the logits) */
    public int classes() {
        return classes;
    }

    /** @return the width of the feature vector */
    public int featureDim() {
        return featureDim;
    }

    /**
     * @param rows {@code n x dim()} row-major samples, {@code n >= 1}
     * @return the argmax label and the features of each row
     */
    public Output classify(double[] rows) {
        if (rows.length == 0 || rows.length % dim != 0) {
            throw new IllegalArgumentException("rows must hold whole samples of " + dim + " values, got "
                    + rows.length);
        }
        int n = rows.length / dim;
        float[] clipped = new float[rows.length];
        for (int i = 0; i < rows.length; i++) {
            clipped[i] = (float) Math.max(lo, Math.min(hi, rows[i]));
        }
        long[] full = new long[shape.length + 1];
        full[0] = n;
        System.arraycopy(shape, 0, full, 1, shape.length);
        try (OnnxTensor t = OnnxTensor.createTensor(env, FloatBuffer.wrap(clipped), full);
                OrtSession.Result r = session.run(Map.of(input, t))) {
            float[][] l = (float[][]) r.get(logits).orElseThrow().getValue();
            float[][] f = (float[][]) r.get(features).orElseThrow().getValue();
            int[] labels = new int[n];
            double[][] out = new double[n][featureDim];
            for (int i = 0; i < n; i++) {
                for (int k = 1; k < classes; k++) {
                    if (l[i][k] > l[i][labels[i]]) {
                        labels[i] = k;
                    }
                }
                for (int k = 0; k < featureDim; k++) {
                    out[i][k] = f[i][k];
                }
            }
            return new Output(labels, out);
        } catch (OrtException e) {
            throw new IllegalStateException(label + ": classifier run failed: " + e.getMessage(), e);
        }
    }

    private String name(String field, String wanted, Map<String, NodeInfo> nodes) {
        if (wanted == null || !nodes.containsKey(wanted)) {
            throw new OnnxModelException(label, field, wanted == null ? "" : wanted, "one of " + nodes.keySet(),
                    wanted == null ? "nothing" : "no such tensor", null);
        }
        return wanted;
    }

    private TensorInfo tensor(String field, String name, Map<String, NodeInfo> nodes) {
        if (nodes.get(name).getInfo() instanceof TensorInfo t && t.type == ai.onnxruntime.OnnxJavaType.FLOAT) {
            return t;
        }
        throw new OnnxModelException(label, field, name, "a float32 tensor", nodes.get(name).getInfo().toString(),
                null);
    }

    private int width(String field, String name, Map<String, NodeInfo> nodes) {
        long[] s = tensor(field, name, nodes).getShape();
        if (s.length != 2 || s[1] < 1) {
            throw new OnnxModelException(label, field, name, "[batch, k] with a fixed k", Arrays.toString(s), null);
        }
        return Math.toIntExact(s[1]);
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new IllegalStateException(label + ": cannot close the session: " + e.getMessage(), e);
        }
    }
}
