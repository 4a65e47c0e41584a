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
 * </table>
 *
 * <p>The bound a step can reach is {@code passes * 8 * dim * batch} bytes at the triad bandwidth of
 * that size ({@link BandwidthBenchmark}).
 */
public final class StepTraffic {

    private static final Map<String, Integer> PASSES = Map.of(
            "ddim", 4,
            "euler", 4);

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
