package io.samplerkit.bench.jmh;

import java.util.Map;
import java.util.OptionalInt;

/**
 * Memory traffic of one solver step with the {@link ZeroCostModel}, counted in passes over
 * state-sized arrays ({@code dim * batch} doubles, 8 bytes each): every array a step's kernels read
 * plus every array they write, plus the one read per model call of {@code SolverContext}'s
 * non-finite guard. The zero-cost model itself writes nothing (a real model would add one write per
 * call). Read off each solver's {@code step} code:
 *
 * <table>
 * <caption>Passes per step</caption>
 * <tr><th>solver</th><th>passes</th><th>count</th></tr>
 * <tr><td>ddim (eta = 0)</td><td>4</td><td>guard read of x0hat; {@code lincomb2}: read x, x0hat, write x</td></tr>
 * <tr><td>euler</td><td>4</td><td>guard read of x0hat; {@code lincomb2}: read x, x0hat, write x</td></tr>
 * <tr><td>dpmpp-2m, dpmpp-multistep</td><td>5</td><td>{@code lincomb3}: read x, m_0, m_1, write x; the model
 *     writes straight into the history ring (no copy); guard read of the new output</td></tr>
 * <tr><td>dpmpp-3m, dpmpp-3m-corrected</td><td>6</td><td>{@code lincomb4}: read x, m_0, m_1, m_2, write x;
 *     guard read of the new output</td></tr>
 * </table>
 * Multistep counts are the steady state (full history; the benchmark's grid is long). A solver not
 * listed prints {@code ?}: add its count here after reading its {@code step}.
 *
 * <p>The bound a step can reach is {@code passes * 8 * dim * batch} bytes at the triad bandwidth of
 * that size ({@link BandwidthBenchmark}).
 */
public final class StepTraffic {

    private static final Map<String, Integer> PASSES = Map.of(
            "ddim", 4,
            "euler", 4,
            "dpmpp-2m", 5,
            "dpmpp-multistep", 5,
            "dpmpp-3m", 6,
            "dpmpp-3m-corrected", 6);

    private StepTraffic() {
    }

    /**
     * @param solver registry name
     * @return passes over state-sized arrays per step, if counted
     */
    public static OptionalInt passes(String solver) {
        Integer p = PASSES.get(solver);
        return p == null ? OptionalInt.empty() : OptionalInt.of(p);
    }

    /**
     * @param solver registry name
     * @param elements {@code dim * batch}
     * @return bytes moved per step, or -1 when not counted
     */
    public static long bytesPerStep(String solver, long elements) {
        OptionalInt p = passes(solver);
        return p.isPresent() ? 8L * p.getAsInt() * elements : -1;
    }
}
