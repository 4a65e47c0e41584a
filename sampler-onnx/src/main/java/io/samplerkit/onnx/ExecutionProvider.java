package io.samplerkit.onnx;

/**
 * Where ONNX Runtime runs the network. {@link #CPU} is built into the {@code onnxruntime} artifact; {@link #CUDA}
 * needs the {@code onnxruntime_gpu} artifact instead of {@code onnxruntime} and a CUDA installation matching it (see
 * docs/onnx.md). CUDA is documented, not tested here.
 */
public enum ExecutionProvider {
    /** ONNX Runtime's default CPU provider. */
    CPU,
    /** NVIDIA CUDA on device 0. */
    CUDA
}
