package io.samplerkit.solvers.law;

import io.samplerkit.core.noise.NoiseSource;
import io.samplerkit.core.state.Batch;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The noise of a probe run, in one of three modes.
 *
 * <ul>
 *   <li>Recording (initial mode): every draw is zero, and the distinct streams a run asks for are numbered in
 *       order of first request.</li>
 *   <li>Unit probing ({@link #startUnitProbing}): in a batch of {@code K d + 1} rows, stream number {@code j}
 *       puts a one at row {@code j d + c}, column {@code c}, its own check vector in the last row, and zeros
 *       elsewhere, so row {@code j d + c} of the output carries the response to the unit noise {@code e_c} of
 *       stream {@code j}.</li>
 *   <li>Vector probing ({@link #startVectorProbing}): in a batch of {@code K + 1} rows, stream number {@code j}
 *       draws the given vector {@code v} in row {@code j}, its own check vector in row {@code K} and zeros
 *       elsewhere.</li>
 * </ul>
 *
 * <p>The probing modes must follow a recording run of the same problem; a stream asked for twice gets the same
 * values both times, as from a real source. Stateful and not thread-safe: one instance per probe.
 */
final class ProbeNoise implements NoiseSource {

    private final Map<Long, Integer> streams = new LinkedHashMap<>();
    private boolean unit;
    private double[] vector;
    private double[][] check;

    /** @return the number of distinct streams seen */
    int streamCount() {
        return streams.size();
    }

    /**
     * Switches from recording to unit probing; later requests must name recorded streams.
     *
     * @param checkRows per recorded stream, the draw of the last row ({@code K x d})
     */
    void startUnitProbing(double[][] checkRows) {
        unit = true;
        check = checkRows;
    }

    /**
     * Switches from recording to vector probing; later requests must name recorded streams.
     *
     * @param v the vector every stream draws in its own row, length {@code d}
     * @param checkRows per recorded stream, the draw of the last row ({@code K x d})
     */
    void startVectorProbing(double[] v, double[][] checkRows) {
        vector = v.clone();
        check = checkRows;
    }

    @Override
    public void standardNormal(long stream, Batch out) {
        double[] o = out.data();
        Arrays.fill(o, 0.0);
        Integer index = streams.get(stream);
        if (!unit && vector == null) {
            if (index == null) {
                streams.put(stream, streams.size());
            }
            return;
        }
        if (index == null) {
            throw new IllegalStateException("the probe run drew stream " + stream
                    + ", which the recording run of the same problem did not: the solver's draws are not a fixed"
                    + " function of the grid");
        }
        int d = out.dim();
        int last;
        if (unit) {
            for (int c = 0; c < d; c++) {
                int row = index * d + c;
                if (row < out.size()) {
                    o[row * d + c] = 1.0;
                }
            }
            last = check.length * d;
        } else {
            if (index < out.size()) {
                System.arraycopy(vector, 0, o, index * d, d);
            }
            last = check.length;
        }
        if (last < out.size()) {
            System.arraycopy(check[index], 0, o, last * d, d);
        }
    }
}
