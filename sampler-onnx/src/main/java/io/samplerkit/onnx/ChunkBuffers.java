package io.samplerkit.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The tensors of one call with {@code rows} rows: sample, time, extra inputs and the pinned output, each over its
 * own direct buffer, plus the name maps ORT's {@code run} takes. Created once per (thread, chunk size) and reused,
 * so steady-state calls allocate nothing of their own. Whole-tensor extra inputs are written once here.
 */
final class ChunkBuffers implements AutoCloseable {

    final int rows;
    final TensorSlot sample;
    final TensorSlot time;
    final TensorSlot output;
    final List<TensorSlot> extras = new ArrayList<>();
    final Map<String, OnnxTensor> inputs = new HashMap<>();
    final Map<String, OnnxValue> pinned = new HashMap<>();

    ChunkBuffers(OrtEnvironment env, GraphSignature g, int rows) throws OrtException {
        this.rows = rows;
        long[] shape = new long[g.sampleShape.length + 1];
        shape[0] = rows;
        System.arraycopy(g.sampleShape, 0, shape, 1, g.sampleShape.length);
        List<TensorSlot> created = new ArrayList<>();
        try {
            sample = add(created, TensorSlot.allocate(env, g.sampleType, shape));
            time = add(created, TensorSlot.allocate(env, g.timeType, g.timeShape(rows)));
            for (ExtraInput e : g.extras) {
                long[] s = e.shape().clone();
                if (e.perRow()) {
                    s[0] = rows;
                }
                TensorSlot slot = add(created, TensorSlot.allocate(env, e.type(), s));
                if (!e.perRow()) {
                    slot.put(0, e.values(), 0, e.values().length, 1.0);
                }
                extras.add(slot);
                inputs.put(e.name(), slot.tensor());
            }
            long[] outShape = new long[g.outputShape.length + 1];
            outShape[0] = rows;
            System.arraycopy(g.outputShape, 0, outShape, 1, g.outputShape.length);
            output = add(created, TensorSlot.allocate(env, g.outputType, outShape));
        } catch (OrtException | RuntimeException e) {
            created.forEach(TensorSlot::close);
            throw e;
        }
        inputs.put(g.sampleName, sample.tensor());
        inputs.put(g.timeName, time.tensor());
        pinned.put(g.outputName, output.tensor());
    }

    private static TensorSlot add(List<TensorSlot> created, TensorSlot slot) {
        created.add(slot);
        return slot;
    }

    @Override
    public void close() {
        sample.close();
        time.close();
        extras.forEach(TensorSlot::close);
        output.close();
    }
}
