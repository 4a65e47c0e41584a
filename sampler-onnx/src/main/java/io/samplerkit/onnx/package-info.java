/**
 * Trained networks exported to ONNX, run by ONNX Runtime, as {@link io.samplerkit.core.model.DiffusionModel}s:
 * {@link io.samplerkit.onnx.OnnxModel} (built with {@link io.samplerkit.onnx.OnnxModel#builder}), the network time
 * conventions ({@link io.samplerkit.onnx.TimeConvention}), EDM input scaling ({@link io.samplerkit.onnx.InputScaling})
 * and the build-time error {@link io.samplerkit.onnx.OnnxModelException}.
 */
package io.samplerkit.onnx;
