package io.samplerkit.bench.jmh;

import io.samplerkit.bench.report.SolverVariant;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * Memory traffic of one steady-state solver step with the {@link ZeroCostModel}, derived from the
 * kernel calls the step makes ({@link Call}), in passes over state-sized arrays ({@code dim * batch}
 * doubles, 8 bytes each): every array a kernel reads plus every array it writes. The zero-cost model
 * writes nothing (a real model would add one write per call); {@code SolverContext} reads each model
 * output once for its non-finite guard, and converts it when the solver wants another
 * parameterization than the model's (the benchmark model predicts data).
 *
 * <table>
 * <caption>Kernel calls per step (multistep solvers with full history; the benchmark grid is long)</caption>
 * <tr><th>solver</th><th>calls</th><th>passes</th></tr>
 * <tr><td>ddim</td><td>guard, {@code lincomb2} (x, x0hat to x)</td><td>4</td></tr>
 * <tr><td>dpmpp-2m, dpmpp-multistep</td><td>{@code lincomb3} (x, m0, m1; the model writes straight into the
 *     history ring), guard</td><td>5</td></tr>
 * <tr><td>dpmpp-3m, dpmpp-3m-corrected</td><td>{@code lincomb4}, guard</td><td>6</td></tr>
 * <tr><td>deis</td><td>{@code lincomb3}, guard, data-to-noise conversion ({@code lincomb2})</td><td>8</td></tr>
 * <tr><td>deis[order=3]</td><td>{@code lincomb4}, guard, conversion</td><td>9</td></tr>
 * <tr><td>unipc-bh2</td><td>copy of x for the corrector, predictor {@code lincomb3}, guard, UniC
 *     corrector {@code lincomb4}</td><td>12</td></tr>
 * <tr><td>unipc-bh2[order=3]</td><td>copy, predictor {@code lincomb4}, guard, corrector
 *     {@code lincomb5}</td><td>14</td></tr>
 * <tr><td>euler</td><td>EDM coordinates: {@code scale} to x~; derivative ({@code scale} to the model input,
 *     guard, {@code lincomb2}); update (generic {@code lincomb} of 2 terms); {@code scale} back</td><td>15</td></tr>
 * <tr><td>heun</td><td>{@code scale}; two derivatives; stage state (generic {@code lincomb}, 2 terms); update
 *     (generic {@code lincomb}, 3 terms); {@code scale} back</td><td>29</td></tr>
 * </table>
 * A solver not listed prints {@code ?}: add its calls here after reading its {@code step}.
 *
 * <p>The bound a step can reach is {@code passes * 8 * dim * batch} bytes at the triad bandwidth of
 * that size ({@link BandwidthBenchmark}).
 */
public final class StepTraffic {

    /** One kernel call of a step and the passes over state-sized arrays it makes. */
    enum Call {
        /** Non-finite guard on a model output: one read. */
        GUARD(1),
        /** {@code Kernels.scale}: one read, one write. */
        SCALE(2),
        /** {@code Batch.copyFrom}: one read, one write. */
        COPY(2),
        /** Fused {@code Kernels.lincomb2}: two reads, one write. */
        LINCOMB2(3),
        /** Fused {@code Kernels.lincomb3}. */
        LINCOMB3(4),
        /** Fused {@code Kernels.lincomb4}. */
        LINCOMB4(5),
        /** Fused {@code Kernels.lincomb5}. */
        LINCOMB5(6),
        /** {@code PredictionConversion.convert} between two parameterizations: a {@code lincomb2}. */
        CONVERT(3),
        /** Generic {@code Kernels.lincomb} of two terms: first term read + write, then read out, term, write out. */
        GENERIC2(genericLincomb(2)),
        /** Generic {@code Kernels.lincomb} of three terms. */
        GENERIC3(genericLincomb(3));

        private final int passes;

        Call(int passes) {
            this.passes = passes;
        }

        /** @return passes over state-sized arrays */
        int passes() {
            return passes;
        }
    }

    /** EDM-coordinate derivative {@code (x~ - x0hat)/rho}: model input, guard, combination. */
    private static final List<Call> DERIVATIVE = List.of(Call.SCALE, Call.GUARD, Call.LINCOMB2);

    private static final Map<String, List<Call>> STEPS = Map.ofEntries(
            Map.entry("ddim", List.of(Call.GUARD, Call.LINCOMB2)),
            Map.entry("dpmpp-2m", List.of(Call.LINCOMB3, Call.GUARD)),
            Map.entry("dpmpp-multistep", List.of(Call.LINCOMB3, Call.GUARD)),
            Map.entry("dpmpp-3m", List.of(Call.LINCOMB4, Call.GUARD)),
            Map.entry("dpmpp-3m-corrected", List.of(Call.LINCOMB4, Call.GUARD)),
            Map.entry("deis", List.of(Call.LINCOMB3, Call.GUARD, Call.CONVERT)),
            Map.entry("deis[order=3]", List.of(Call.LINCOMB4, Call.GUARD, Call.CONVERT)),
            Map.entry("unipc-bh2", List.of(Call.COPY, Call.LINCOMB3, Call.GUARD, Call.LINCOMB4)),
            Map.entry("unipc-bh2[order=3]", List.of(Call.COPY, Call.LINCOMB4, Call.GUARD, Call.LINCOMB5)),
            Map.entry("euler", concat(List.of(Call.SCALE), DERIVATIVE, List.of(Call.GENERIC2, Call.SCALE))),
            Map.entry("heun", concat(List.of(Call.SCALE), DERIVATIVE, List.of(Call.GENERIC2), DERIVATIVE,
                    List.of(Call.GENERIC3, Call.SCALE))));

    private StepTraffic() {
    }

    /**
     * Passes of the generic (multi-pass) {@code Kernels.lincomb} over {@code terms} terms.
     *
     * @param terms number of terms, at least 1
     * @return {@code 2 + 3 (terms - 1)}
     */
    static int genericLincomb(int terms) {
        return 2 + 3 * (terms - 1);
    }

    @SafeVarargs
    private static List<Call> concat(List<Call>... parts) {
        return java.util.Arrays.stream(parts).flatMap(List::stream).toList();
    }

    /**
     * @param solver registry name, optionally with options ({@code unipc-bh2[order=3]})
     * @return the kernel calls of one step, if counted
     */
    static List<Call> calls(String solver) {
        return STEPS.getOrDefault(SolverVariant.parse(solver).label(), List.of());
    }

    /**
     * @param solver registry name, optionally with options ({@code unipc-bh2[order=3]})
     * @return passes over state-sized arrays per step, if counted
     */
    public static OptionalInt passes(String solver) {
        List<Call> c = calls(solver);
        return c.isEmpty() ? OptionalInt.empty() : OptionalInt.of(c.stream().mapToInt(Call::passes).sum());
    }

    /**
     * @param solver registry name, optionally with options
     * @param elements {@code dim * batch}
     * @return bytes moved per step, or -1 when not counted
     */
    public static long bytesPerStep(String solver, long elements) {
        OptionalInt p = passes(solver);
        return p.isPresent() ? 8L * p.getAsInt() * elements : -1;
    }
}
