package io.samplerkit.core.kernel;

/**
 * Values a kernel generates block by block inside its own loop instead of reading them from a state-sized array:
 * the step noise of a stochastic solver ({@link FusedEvaluation#drawLater}). The values are those of one flat
 * array, delivered in order: each {@link #next} call continues where the previous one stopped.
 */
public interface BlockSource {

    /**
     * Writes the next {@code length} values of the flat sequence.
     *
     * @param dest destination. Modified.
     * @param offset first index of {@code dest} to write
     * @param length number of values
     */
    void next(double[] dest, int offset, int length);
}
