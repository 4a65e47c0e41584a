package io.samplerkit.core.model;

import io.samplerkit.core.state.Batch;
import io.samplerkit.core.state.BatchView;

/**
 * Per-thread scratch storage for model wrappers that are shared between runs: each thread gets its
 * own batch (and row buffer), allocated on first use and again only when the requested shape changes,
 * so steady-state evaluation allocates nothing and concurrent runs never share a buffer.
 */
final class ThreadScratch {

    private final ThreadLocal<Batch> batch = new ThreadLocal<>();
    private final ThreadLocal<double[]> row = new ThreadLocal<>();

    /**
     * @param shape batch whose shape is wanted. Not modified.
     * @return this thread's scratch batch of that shape (contents unspecified)
     */
    Batch batchLike(BatchView shape) {
        Batch b = batch.get();
        if (b == null || b.size() != shape.size() || b.dim() != shape.dim()) {
            b = Batch.zeros(shape.size(), shape.dim());
            batch.set(b);
        }
        return b;
    }

    /**
     * @param length wanted length
     * @return this thread's scratch array of at least {@code length} elements (contents unspecified)
     */
    double[] row(int length) {
        double[] r = row.get();
        if (r == null || r.length < length) {
            r = new double[length];
            row.set(r);
        }
        return r;
    }
}
