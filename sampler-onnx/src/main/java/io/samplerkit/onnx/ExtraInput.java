package io.samplerkit.onnx;

import ai.onnxruntime.OnnxJavaType;

/**
 * A graph input other than the sample and the time, fed a fixed value on every call (a conditioning tensor, a class
 * label, a guidance embedding). {@code perRow} inputs have the sample's batch dimension and receive {@code values}
 * once per row; the others receive {@code values} as the whole tensor. With classifier-free guidance the guided
 * input's unconditional rows receive {@code unconditional} instead.
 *
 * @param name graph input name
 * @param type element type
 * @param shape tensor shape in the graph (the batch dimension, if any, as in the graph)
 * @param perRow whether the first dimension is the batch dimension
 * @param values value per row (perRow) or of the whole tensor, row-major
 * @param unconditional the unconditional value for classifier-free guidance, or null
 */
record ExtraInput(String name, OnnxJavaType type, long[] shape, boolean perRow, double[] values,
        double[] unconditional) {

    /**
     * @param row global row index in the (possibly doubled) batch
     * @param conditionalRows number of conditional rows (the batch size) when guided
     * @return the values of that row
     */
    double[] valuesOfRow(int row, int conditionalRows) {
        return unconditional != null && row >= conditionalRows ? unconditional : values;
    }
}
