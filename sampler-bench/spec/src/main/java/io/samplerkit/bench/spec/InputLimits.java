package io.samplerkit.bench.spec;

/**
 * The documented limits on every JSON input SamplerKit reads (run specs, report suites and manifests,
 * reference cases). Input beyond a limit is refused with an {@link io.samplerkit.core.InvalidInputException}
 * before it is allocated: a file's size is checked before it is opened, and the parser enforces the
 * same limits while it streams (so {@code /dev/zero} or a pipe is refused too).
 */
public final class InputLimits {

    /** Largest input document, in bytes (and characters): 16 MiB. */
    public static final int MAX_INPUT_BYTES = 16 << 20;

    /** Deepest nesting of arrays and objects. */
    public static final int MAX_NESTING_DEPTH = 32;

    /** Longest number literal, in characters. */
    public static final int MAX_NUMBER_CHARS = 64;

    /** Longest string value or field name, in characters. */
    public static final int MAX_STRING_CHARS = 4096;

    /** Most samples in one run ({@code batch}, or rows of {@code xT}). */
    public static final int MAX_BATCH = 10_000;

    /** Largest dimension of one sample. */
    public static final int MAX_DIM = 1024;

    /** Most numbers in a run's state ({@code batch x dim}); bounds the size of the printed result. */
    public static final int MAX_STATE_VALUES = 1_000_000;

    /** Most steps of a grid, and most entries of a table (betas, alphas, explicit times). */
    public static final int MAX_STEPS = 100_000;

    /** Most components of a mixture. */
    public static final int MAX_COMPONENTS = 1000;

    /** Largest distance of mixture weights' sum from 1: the library's own rule, so a spec and Java code agree. */
    public static final double WEIGHT_SUM_TOLERANCE = io.samplerkit.core.analytic.GaussianMixtureData.WEIGHT_SUM_TOLERANCE;

    /**
     * Largest magnitude of a number in a spec, suite or manifest: the magnitude guard of states and model outputs
     * ({@link io.samplerkit.core.SamplingException#MAX_MAGNITUDE}). A larger mean, variance, bound or initial state
     * could only make a run stop at its first model call, blaming the model for the input.
     */
    public static final double MAX_MAGNITUDE = io.samplerkit.core.SamplingException.MAX_MAGNITUDE;

    private InputLimits() {
    }
}
