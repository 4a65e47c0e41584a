package io.samplerkit.core.kernel;

/**
 * Values a kernel generates block by block inside its own loop instead of reading them from a state-sized array:
 * the step noise of a stochastic solver ({@link FusedEvaluation#drawLater}). The values are those of one flat
 * array, delivered in order: each {@link #next} call continues where the previous one stopped.
 *
 * <p>A source whose values can also be produced from any position offers {@link #reader readers}; the threaded kernels
 * ({@link ParallelKernels}) then give each chunk its own reader, so that the chunks generate their parts of the array
 * at once, with the bits of the in-order delivery. A source without readers is delivered in order on the calling
 * thread.
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

    /**
     * A new reader of this source's array by position, or {@code null} (the default) if the values can only be
     * delivered in order. Readers are allocated once per run and kept.
     *
     * @return the reader, or {@code null}
     */
    default Reader reader() {
        return null;
    }

    /**
     * Positioned reads of a {@link BlockSource}'s array: value {@code k} is the value that the {@code k}-th of the
     * {@link BlockSource#next} deliveries from the array's first value on would give, to the bit, whatever the source
     * has delivered so far. A reader neither reads nor moves the position of {@link BlockSource#next}. One reader is
     * used by one thread at a time; several readers of one source may read at once while nobody re-arms the source.
     */
    interface Reader {
        /**
         * Writes values {@code [index, index + length)} of the array.
         *
         * @param index position of the first value in the array
         * @param dest destination. Modified.
         * @param offset first index of {@code dest} to write
         * @param length number of values
         */
        void read(long index, double[] dest, int offset, int length);
    }
}
