"""Writes the small ONNX graphs of the adapter's robustness tests (OnnxShapesAndTypesTest, OnnxRobustnessTest).

Run from the repository root, with the `onnx` Python package (Debian: apt-get install python3-onnx):

    /usr/bin/python3 sampler-onnx/src/test/python/make_robustness_graphs.py sampler-onnx/src/test/resources/robustness

Every graph except the deliberately broken ones computes out = 0.5 * x + tau (+ label), elementwise, where tau is
the network time it receives: the tests know the exact answer for any layout, batch and time convention. Built with
onnx.helper only (no training framework); opset 17, IR version 8. The output is deterministic.
"""
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, external_data_helper, helper, numpy_helper

F32, F64, F16, I64 = TensorProto.FLOAT, TensorProto.DOUBLE, TensorProto.FLOAT16, TensorProto.INT64


def const(name, values, dtype=np.float32):
    return numpy_helper.from_array(np.array(values, dtype=dtype), name)


def save(out_dir, file, nodes, inputs, outputs, initializers):
    graph = helper.make_graph(nodes, file.replace(".onnx", ""), inputs, outputs, initializers)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)], producer_name="samplerkit-tests")
    model.ir_version = 8
    onnx.checker.check_model(model)
    onnx.save(model, os.path.join(out_dir, file))


def half_plus_time(out_dir, file, sample_shape, time_shape, dtype=F32, time_dtype=None, out_name="out",
                   label=False, second_output=False, out_shape=None, time_op=None, extra_inits=()):
    """out = 0.5 x + tau (+ label), tau broadcast over every element of its row (or of the batch)."""
    time_dtype = dtype if time_dtype is None else time_dtype
    np_dtype = {F32: np.float32, F64: np.float64, F16: np.float16}[dtype]
    rank = len(sample_shape)
    nodes = [helper.make_node("Mul", ["x", "half"], ["scaled"])]
    tau = "time"
    if time_dtype != dtype:
        nodes.append(helper.make_node("Cast", ["time"], ["time_cast"], to=dtype))
        tau = "time_cast"
    if time_op is not None:
        nodes += time_op(tau)
        tau = "tau_op"
    # [batch] or [1] time -> [batch or 1, 1, ..., 1] so that it broadcasts row by row; a scalar, and [batch, 1] for
    # a vector sample, broadcast as they are
    if len(time_shape) == 1:
        nodes.append(helper.make_node("Reshape", [tau, "row_shape"], ["tau_rows"]))
        tau = "tau_rows"
    added = [helper.make_node("Add", ["scaled", tau], ["with_time"])]
    result = "with_time"
    if label:
        added.append(helper.make_node("Cast", ["label"], ["label_f"], to=dtype))
        added.append(helper.make_node("Reshape", ["label_f", "row_shape"], ["label_rows"]))
        added.append(helper.make_node("Add", ["with_time", "label_rows"], ["with_label"]))
        result = "with_label"
    nodes += added
    nodes.append(helper.make_node("Identity", [result], [out_name]))
    inputs = [helper.make_tensor_value_info("x", dtype, sample_shape),
              helper.make_tensor_value_info("time", time_dtype, time_shape)]
    if label:
        inputs.append(helper.make_tensor_value_info("label", I64, [sample_shape[0]]))
    outputs = [helper.make_tensor_value_info(out_name, dtype, out_shape or sample_shape)]
    if second_output:
        nodes.append(helper.make_node("Identity", ["x"], ["copy"]))
        outputs.append(helper.make_tensor_value_info("copy", dtype, sample_shape))
    inits = [const("half", 0.5, np_dtype), const("row_shape", [-1] + [1] * (rank - 1), np.int64)] + list(extra_inits)
    save(out_dir, file, nodes, inputs, outputs, inits)


def main(out_dir):
    os.makedirs(out_dir, exist_ok=True)
    # layouts and types that must work
    half_plus_time(out_dir, "image-3x5x7.onnx", ["batch", 3, 5, 7], ["batch"])
    half_plus_time(out_dir, "vector-5-batch1.onnx", [1, 5], [1])
    half_plus_time(out_dir, "vector-7-scalar-time.onnx", ["batch", 7], [])
    half_plus_time(out_dir, "vector-2-time-column.onnx", ["batch", 2], ["batch", 1])
    half_plus_time(out_dir, "vector-3-f64.onnx", ["batch", 3], ["batch"], dtype=F64)
    half_plus_time(out_dir, "vector-3-int64-time.onnx", ["batch", 3], [1], time_dtype=I64)
    half_plus_time(out_dir, "vector-3-label.onnx", ["batch", 3], ["batch"], label=True)
    half_plus_time(out_dir, "vector-dynamic.onnx", ["batch", "n"], [1])
    half_plus_time(out_dir, "vector-3-two-outputs.onnx", ["batch", 3], ["batch"], out_name="eps", second_output=True)
    # half precision throughout
    half_plus_time(out_dir, "vector-3-f16.onnx", ["batch", 3], ["batch"], dtype=F16)
    # an output whose batch dimension is fixed to 1 while the sample's is dynamic: fits only a probe of one row
    half_plus_time(out_dir, "output-batch1.onnx", ["batch", 3], [1], out_shape=[1, 3])
    # NaN for tau < 0.3 (sqrt of a negative number), +Inf for tau <= 0.3 (1 / relu)
    half_plus_time(out_dir, "nan-below-0.3.onnx", ["batch", 3], [1],
                   time_op=lambda tau: [helper.make_node("Sub", [tau, "point3"], ["shifted"]),
                                        helper.make_node("Sqrt", ["shifted"], ["tau_op"])],
                   extra_inits=[const("point3", 0.3)])
    half_plus_time(out_dir, "inf-below-0.3.onnx", ["batch", 3], [1],
                   time_op=lambda tau: [helper.make_node("Sub", [tau, "point3"], ["shifted"]),
                                        helper.make_node("Relu", ["shifted"], ["pos"]),
                                        helper.make_node("Reciprocal", ["pos"], ["tau_op"])],
                   extra_inits=[const("point3", 0.3)])
    # a graph declaring a dynamic batch that only runs with one row: it reshapes the sample to [1, 3], with the
    # target shape computed from the time input so that shape inference cannot see it (only a run fails)
    nodes = [helper.make_node("Mul", ["time", "zero"], ["time0"]),
             helper.make_node("Add", ["time0", "one_row"], ["one_row_f"]),
             helper.make_node("Cast", ["one_row_f"], ["one_row_i"], to=I64),
             helper.make_node("Reshape", ["x", "one_row_i"], ["flat"]),
             helper.make_node("Mul", ["flat", "half"], ["out"])]
    save(out_dir, "reshape-batch1.onnx", nodes,
         [helper.make_tensor_value_info("x", F32, ["batch", 3]), helper.make_tensor_value_info("time", F32, [1])],
         [helper.make_tensor_value_info("out", F32, ["batch", 3])],
         [const("half", 0.5), const("zero", 0.0), const("one_row", [1, 3])])
    # a sample input without per-sample dimensions
    save(out_dir, "rank1-sample.onnx", [helper.make_node("Mul", ["x", "time"], ["out"])],
         [helper.make_tensor_value_info("x", F32, ["batch"]), helper.make_tensor_value_info("time", F32, [1])],
         [helper.make_tensor_value_info("out", F32, ["batch"])], [])
    # a time input of shape [batch, 2]
    half_plus_time(out_dir, "time-two-columns.onnx", ["batch", 2], ["batch", 2])
    # a sample with a per-sample dimension of size 0
    save(out_dir, "zero-dimension.onnx", [helper.make_node("Mul", ["x", "half"], ["out"])],
         [helper.make_tensor_value_info("x", F32, ["batch", 0]), helper.make_tensor_value_info("time", F32, [1])],
         [helper.make_tensor_value_info("out", F32, ["batch", 0])], [const("half", 0.5)])
    # a graph with one input only (no time)
    save(out_dir, "no-time-input.onnx", [helper.make_node("Mul", ["x", "half"], ["out"])],
         [helper.make_tensor_value_info("x", F32, ["batch", 3])],
         [helper.make_tensor_value_info("out", F32, ["batch", 3])], [const("half", 0.5)])
    # the image transposed: as many elements as the sample, in another shape
    save(out_dir, "image-transposed.onnx", [helper.make_node("Transpose", ["x"], ["out"], perm=[0, 1, 3, 2])],
         [helper.make_tensor_value_info("x", F32, ["batch", 3, 5, 7]),
          helper.make_tensor_value_info("time", F32, ["batch"])],
         [helper.make_tensor_value_info("out", F32, ["batch", 3, 7, 5])], [])
    # the image graph with its weight (the factor 0.5) in a separate file beside it, as exporters store the large
    # tensors of models over 2 GiB (small shape constants stay inside the graph, as there)
    external = onnx.load(os.path.join(out_dir, "image-3x5x7.onnx"))
    for tensor in external.graph.initializer:
        if tensor.name == "half":
            external_data_helper.set_external_data(tensor, "external-data.weights")
    if os.path.exists(os.path.join(out_dir, "external-data.weights")):
        os.remove(os.path.join(out_dir, "external-data.weights"))  # onnx appends to an existing data file
    external = external_data_helper.write_external_data_tensors(external, out_dir)
    onnx.save_model(external, os.path.join(out_dir, "external-data.onnx"))
    # a valid model cut in half
    with open(os.path.join(out_dir, "image-3x5x7.onnx"), "rb") as f:
        whole = f.read()
    with open(os.path.join(out_dir, "truncated.onnx"), "wb") as f:
        f.write(whole[: len(whole) // 2])
    with open(os.path.join(out_dir, "empty.onnx"), "wb") as f:
        pass
    with open(os.path.join(out_dir, "text.onnx"), "w") as f:
        f.write('{"this": "is a JSON file, not a network"}\n')
    print("wrote", len(os.listdir(out_dir)), "files to", out_dir)


if __name__ == "__main__":
    main(sys.argv[1])
