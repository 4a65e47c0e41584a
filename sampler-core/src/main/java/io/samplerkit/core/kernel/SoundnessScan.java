package io.samplerkit.core.kernel;

/**
 * The magnitude guard's scan: the first element of a range that is NaN, infinite or beyond a magnitude bound.
 *
 * <p>Every guard of a run (the model output after each call, the state, the fused checks of {@link FusedEvaluation})
 * goes through {@link #firstUnsound}. HotSpot C2 (JDK 17) does not vectorize a loop that exits early or reduces
 * to one value, so the plain loop costs about 0.3 ns per element, more than the update kernel that follows it
 * (docs/performance.md, "Where a step's time goes"). When the JDK's incubating Vector API is resolved
 * ({@code --add-modules jdk.incubator.vector}, which the {@code samplerkit} launcher, the benchmarks and the
 * tests pass), the scan tests blocks of whole vectors at a time and falls back to the plain loop only to locate the
 * first unsound element, so the returned index is the same either way. Without the module, or with
 * {@code -Dsamplerkit.kernel.vector=false}, the plain loop runs.
 */
public final class SoundnessScan {

    /**
     * System property that turns the Vector API kernels off ({@code false}): this scan and {@link Kernels#lincombPair}
     * over a term ({@code VectorPairKernel}); any other value, or none, leaves them on.
     */
    public static final String VECTOR_PROPERTY = "samplerkit.kernel.vector";

    /** Name of the JDK module that holds the Vector API. */
    public static final String VECTOR_MODULE = "jdk.incubator.vector";

    private static final boolean VECTOR = vectorRequestedAndResolved();

    private SoundnessScan() {
    }

    /**
     * The first element beyond the bound.
     *
     * @param a the values. Not modified.
     * @param from first index scanned
     * @param to end of the scan (exclusive)
     * @param bound largest sound magnitude
     * @return the first index in {@code [from, to)} whose element is NaN or has magnitude above {@code bound}, or
     *     -1
     */
    public static int firstUnsound(double[] a, int from, int to, double bound) {
        return VECTOR ? VectorSoundnessScan.firstUnsound(a, from, to, bound) : firstUnsoundPlain(a, from, to, bound);
    }

    /**
     * The plain element-by-element scan (the reference the vector scan is tested against, and its locator).
     *
     * @param a the values. Not modified.
     * @param from first index scanned
     * @param to end of the scan (exclusive)
     * @param bound largest sound magnitude
     * @return as {@link #firstUnsound}
     */
    static int firstUnsoundPlain(double[] a, int from, int to, double bound) {
        for (int i = from; i < to; i++) {
            if (!(Math.abs(a[i]) <= bound)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * @return whether {@link #firstUnsound} runs the vector scan in this JVM (and {@link Kernels#lincombPair} its vector
     *     loop when the second destination is a term)
     */
    public static boolean vectorized() {
        return VECTOR;
    }

    /**
     * @return how this JVM scans, for benchmark and report headers: {@code "vector (N doubles per vector, M per
     *     compare)"} or
     *     {@code "plain"} with the reason
     */
    public static String describe() {
        if (VECTOR) {
            return "vector (" + VectorSoundnessScan.lanes() + " doubles per vector, "
                    + VectorSoundnessScan.lanes() * VectorSoundnessScan.VECTORS_PER_BLOCK + " per compare)";
        }
        return vectorModuleResolved() ? "plain (-D" + VECTOR_PROPERTY + "=false)"
                : "plain (module " + VECTOR_MODULE + " not resolved: run java with --add-modules " + VECTOR_MODULE + ")";
    }

    private static boolean vectorRequestedAndResolved() {
        return !"false".equalsIgnoreCase(System.getProperty(VECTOR_PROPERTY)) && vectorModuleResolved();
    }

    private static boolean vectorModuleResolved() {
        return ModuleLayer.boot().findModule(VECTOR_MODULE).isPresent();
    }
}
