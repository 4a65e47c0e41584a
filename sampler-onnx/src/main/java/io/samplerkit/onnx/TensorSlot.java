package io.samplerkit.onnx;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.platform.Fp16Conversions;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.nio.ShortBuffer;

/**
 * One tensor whose memory is a direct native-order buffer owned by the adapter: ONNX Runtime reads inputs from and
 * writes pinned outputs into this memory, so after the slot is created no call copies or allocates. Values are read
 * and written as doubles and converted to the tensor's element type ({@code float32, float64, float16, int64, int32})
 * in place (float16 through ONNX Runtime's IEEE half-precision conversions, rounding to nearest).
 * Not thread-safe: each thread has its own slots.
 */
final class TensorSlot implements AutoCloseable {

    private final OnnxJavaType type;
    private final FloatBuffer floats;
    private final DoubleBuffer doubles;
    private final LongBuffer longs;
    private final IntBuffer ints;
    private final ShortBuffer halves;
    private final OnnxTensor tensor;

    private TensorSlot(OnnxJavaType type, ByteBuffer bytes, OnnxTensor tensor) {
        this.type = type;
        this.floats = type == OnnxJavaType.FLOAT ? bytes.asFloatBuffer() : null;
        this.doubles = type == OnnxJavaType.DOUBLE ? bytes.asDoubleBuffer() : null;
        this.longs = type == OnnxJavaType.INT64 ? bytes.asLongBuffer() : null;
        this.ints = type == OnnxJavaType.INT32 ? bytes.asIntBuffer() : null;
        this.halves = type == OnnxJavaType.FLOAT16 ? bytes.asShortBuffer() : null;
        this.tensor = tensor;
    }

    /**
     * @param env the ORT environment
     * @param type element type, one of {@link #supports}
     * @param shape tensor shape, every dimension fixed
     * @return a zero-filled slot
     * @throws OrtException if ORT cannot wrap the buffer
     */
    static TensorSlot allocate(OrtEnvironment env, OnnxJavaType type, long[] shape) throws OrtException {
        long count = 1;
        for (long d : shape) {
            count *= d;
        }
        ByteBuffer bytes = ByteBuffer.allocateDirect(Math.toIntExact(count * type.size)).order(ByteOrder.nativeOrder());
        return new TensorSlot(type, bytes, OnnxTensor.createTensor(env, bytes, shape, type));
    }

    /**
     * @param type an element type
     * @return whether slots of this type can be created
     */
    static boolean supports(OnnxJavaType type) {
        return type == OnnxJavaType.FLOAT || type == OnnxJavaType.DOUBLE || type == OnnxJavaType.FLOAT16
                || type == OnnxJavaType.INT64 || type == OnnxJavaType.INT32;
    }

    /** @return the ORT tensor over this slot's memory */
    OnnxTensor tensor() {
        return tensor;
    }

    /**
     * Writes {@code scale * src[srcOffset + k]} to element {@code offset + k}, {@code k < count}; integer tensors
     * receive the value rounded to the nearest integer.
     *
     * @param offset first element
     * @param src source
     * @param srcOffset first source element
     * @param count number of elements
     * @param scale factor
     */
    void put(int offset, double[] src, int srcOffset, int count, double scale) {
        switch (type) {
            case FLOAT:
                for (int k = 0; k < count; k++) {
                    floats.put(offset + k, (float) (scale * src[srcOffset + k]));
                }
                break;
            case DOUBLE:
                if (scale == 1.0) {
                    doubles.put(offset, src, srcOffset, count);
                } else {
                    for (int k = 0; k < count; k++) {
                        doubles.put(offset + k, scale * src[srcOffset + k]);
                    }
                }
                break;
            case FLOAT16:
                for (int k = 0; k < count; k++) {
                    halves.put(offset + k, Fp16Conversions.floatToFp16((float) (scale * src[srcOffset + k])));
                }
                break;
            case INT64:
                for (int k = 0; k < count; k++) {
                    longs.put(offset + k, Math.round(scale * src[srcOffset + k]));
                }
                break;
            default:
                for (int k = 0; k < count; k++) {
                    ints.put(offset + k, (int) Math.round(scale * src[srcOffset + k]));
                }
        }
    }

    /**
     * Writes {@code value} to elements {@code offset .. offset + count - 1}.
     *
     * @param offset first element
     * @param count number of elements
     * @param value the value (rounded to the nearest integer for integer tensors)
     */
    void fill(int offset, int count, double value) {
        for (int k = 0; k < count; k++) {
            switch (type) {
                case FLOAT:
                    floats.put(offset + k, (float) value);
                    break;
                case DOUBLE:
                    doubles.put(offset + k, value);
                    break;
                case FLOAT16:
                    halves.put(offset + k, Fp16Conversions.floatToFp16((float) value));
                    break;
                case INT64:
                    longs.put(offset + k, Math.round(value));
                    break;
                default:
                    ints.put(offset + k, (int) Math.round(value));
            }
        }
    }

    /**
     * Copies elements {@code offset .. offset + count - 1} to {@code dst[dstOffset ..]} (float tensors only).
     *
     * @param offset first element
     * @param dst destination
     * @param dstOffset first destination element
     * @param count number of elements
     */
    void get(int offset, double[] dst, int dstOffset, int count) {
        if (type == OnnxJavaType.DOUBLE) {
            doubles.get(offset, dst, dstOffset, count);
        } else if (type == OnnxJavaType.FLOAT16) {
            for (int k = 0; k < count; k++) {
                dst[dstOffset + k] = Fp16Conversions.fp16ToFloat(halves.get(offset + k));
            }
        } else {
            for (int k = 0; k < count; k++) {
                dst[dstOffset + k] = floats.get(offset + k);
            }
        }
    }

    @Override
    public void close() {
        tensor.close();
    }
}
