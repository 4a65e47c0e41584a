package io.samplerkit.solvers.law;

import io.samplerkit.core.noise.NoiseSource;
import io.samplerkit.core.state.Batch;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The noise of a probe run. Recording: every draw is zero, and the distinct streams a run asks for are
 * numbered in order of first request. Unit probing (after a recording run of the same problem): in a batch
 * of {@code K d} rows, stream number {@code j} puts a one at row {@code j d + c}, column {@code c}, and zeros
 * elsewhere, so row {@code j d + c} of the output carries the response to the unit noise {@code e_c} of
 * stream {@code j}. A stream asked for twice gets the same values both times, as from a real source.
 *
 * <p>Stateful and not thread-safe: one instance per probe.
 */
final class ProbeNoise implements NoiseSource {

    private final Map<Long, Integer> streams = new LinkedHashMap<>();
    private boolean unit;

    /** @return the number of distinct streams seen */
    int streamCount() {
        return streams.size();
    }

    /** Switches from recording to unit probing; later requests must name recorded streams. */
    void startUnitProbing() {
        unit = true;
    }

    @Override
    public void standardNormal(long stream, Batch out) {
        double[] o = out.data();
        Arrays.fill(o, 0.0);
        Integer index = streams.get(stream);
        if (!unit) {
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
        for (int c = 0; c < d; c++) {
            int row = index * d + c;
            if (row < out.size()) {
                o[row * d + c] = 1.0;
            }
        }
    }
}
