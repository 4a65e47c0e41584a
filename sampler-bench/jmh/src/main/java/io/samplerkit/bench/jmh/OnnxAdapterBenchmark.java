package io.samplerkit.bench.jmh;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.samplerkit.core.model.Prediction;
import io.samplerkit.core.schedule.BetaSchedule;
import io.samplerkit.core.schedule.VpDiscreteSchedule;
import io.samplerkit.core.state.Batch;
import io.samplerkit.onnx.OnnxModel;
import io.samplerkit.onnx.TimeConvention;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The {@link OnnxModel} adapter against a bare ONNX Runtime call on the same network ({@code models/digits-ddpm.onnx},
 * found through {@code -Dsamplerkit.models.dir}, default {@code models} in the working folder), one intra-op thread
 * each. {@code bareSession}: input tensors created once, {@code session.run}, the float32 output read into a float
 * array — the least any caller does. {@code adapter}: {@code evaluate(x, t, out)} on double rows, which adds the
 * double-to-float conversion of the input, the time conversion and the float-to-double copy of the output. The
 * difference is the adapter's overhead.
 */
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class OnnxAdapterBenchmark extends MeasuredBenchmark {

    /** Rows per call. */
    @Param({"1", "256"})
    public int batch;

    private OnnxModel model;
    private Batch x;
    private Batch out;
    private double t;
    private OrtSession session;
    private Map<String, OnnxTensor> inputs;
    private float[] result;

    /**
     * Opens the adapter and a bare session on the network and fills the inputs.
     *
     * @throws Exception if the network cannot be opened
     */
    @Setup(Level.Trial)
    public void setUp() throws Exception {
        Path file = Path.of(System.getProperty("samplerkit.models.dir", "models"), "digits-ddpm.onnx");
        VpDiscreteSchedule schedule = VpDiscreteSchedule.fromBetas(BetaSchedule.LINEAR.betas(1000, 1e-4, 0.02));
        model = OnnxModel.builder(file).schedule(schedule).prediction(Prediction.NOISE).time(TimeConvention.INDEX)
                .intraOpThreads(1).build();
        x = Batch.zeros(batch, model.dim());
        out = x.like();
        SplittableRandom rng = new SplittableRandom(7);
        for (int i = 0; i < x.data().length; i++) {
            x.data()[i] = rng.nextGaussian();
        }
        t = schedule.timeOfIndex(500);

        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(1);
            options.setInterOpNumThreads(1);
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            session = env.createSession(Files.readAllBytes(file), options);
        }
        inputs = new LinkedHashMap<>();
        boolean first = true;
        for (Map.Entry<String, NodeInfo> e : session.getInputInfo().entrySet()) {
            TensorInfo info = (TensorInfo) e.getValue().getInfo();
            long[] shape = info.getShape().clone();
            long count = 1;
            for (int i = 0; i < shape.length; i++) {
                shape[i] = shape[i] < 0 ? batch : shape[i];
                count *= shape[i];
            }
            boolean isFloat = info.type == OnnxJavaType.FLOAT;
            ByteBuffer bytes = ByteBuffer.allocateDirect(Math.toIntExact((isFloat ? 4 : 8) * count))
                    .order(ByteOrder.nativeOrder());
            if (isFloat) {
                FloatBuffer fb = bytes.asFloatBuffer();
                for (int i = 0; i < count; i++) {
                    fb.put(i, first ? (float) x.data()[i] : 500f);
                }
                inputs.put(e.getKey(), OnnxTensor.createTensor(env, fb, shape));
            } else {
                LongBuffer lb = bytes.asLongBuffer();
                for (int i = 0; i < count; i++) {
                    lb.put(i, 500L);
                }
                inputs.put(e.getKey(), OnnxTensor.createTensor(env, lb, shape));
            }
            first = false;
        }
        result = new float[batch * model.dim()];
    }

    /**
     * Closes the sessions and tensors.
     *
     * @throws OrtException if ONNX Runtime fails to close
     */
    @TearDown(Level.Trial)
    public void tearDown() throws OrtException {
        model.close();
        for (OnnxTensor tensor : inputs.values()) {
            tensor.close();
        }
        session.close();
    }

    /** @return the output: one adapter call on double rows */
    @Benchmark
    public Batch adapter() {
        model.evaluate(x, t, out);
        return out;
    }

    /**
     * @return the output: one bare session call on prepared float32 tensors
     * @throws OrtException if the run fails
     */
    @Benchmark
    public float[] bareSession() throws OrtException {
        try (OrtSession.Result r = session.run(inputs)) {
            ((OnnxTensor) r.get(0)).getFloatBuffer().get(result);
        }
        return result;
    }
}
