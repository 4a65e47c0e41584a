package io.samplerkit.solvers.internal;

import io.samplerkit.core.kernel.Kernels;
import io.samplerkit.core.Checks;
import io.samplerkit.core.state.Batch;
import io.samplerkit.core.state.BatchView;
import io.samplerkit.solvers.SolverContext;
import java.util.function.Supplier;

/**
 * Ring buffer of the last {@code capacity} model outputs of a multistep run, each with the time,
 * {@code alpha}, {@code sigma} and {@code lambda} of the point it was evaluated at. All batches are
 * allocated once by the constructor; {@link #push} writes into the slot of the oldest entry, so a run
 * allocates nothing per step.
 *
 * <p>Entry {@code 0} is the newest ({@code m_0}, the output at {@code t_{i-1}}, in the
 * notation of docs/math.md §1 when stepping from point {@code i-1}), entry {@code j} the {@code j}-th older one.
 *
 * <p>Typical use: {@code context.data(x, t, history.slot()); history.push(t, alpha, sigma, lambda);}
 * ({@link #slot()} hands out the storage the next push will make newest, so the model writes into it
 * directly; {@link #push(BatchView, double, double, double, double)} copies instead).
 *
 * <p>Not thread-safe; owned by one run.
 */
public final class ModelHistory {

    private final Batch[] outputs;
    private final double[] time;
    private final double[] alpha;
    private final double[] sigma;
    private final double[] lambda;
    private int newest = -1;
    private int size;
    // the slot's storage was exchanged while it held the oldest entry: that entry is gone until the next push
    private boolean oldestGone;

    /**
     * Allocates the buffer.
     *
     * @param capacity number of outputs kept, at least 1
     * @param batchSize rows of each output
     * @param dim columns of each output
     */
    public ModelHistory(int capacity, int batchSize, int dim) {
        this(capacity, () -> Batch.zeros(batchSize, dim));
    }

    /**
     * Takes the buffer from the run's context ({@link SolverContext#newBatch()}: from the run's workspace when it
     * has one).
     *
     * @param capacity number of outputs kept, at least 1
     * @param context the run's context
     */
    public ModelHistory(int capacity, SolverContext context) {
        this(capacity, context::newBatch);
    }

    private ModelHistory(int capacity, Supplier<Batch> storage) {
        Checks.requirePositive(capacity, "capacity");
        outputs = new Batch[capacity];
        for (int j = 0; j < capacity; j++) {
            outputs[j] = storage.get();
        }
        time = new double[capacity];
        alpha = new double[capacity];
        sigma = new double[capacity];
        lambda = new double[capacity];
    }

    /** @return how many outputs it can hold */
    public int capacity() {
        return outputs.length;
    }

    /** @return how many outputs it holds now */
    public int size() {
        return size;
    }

    /** Forgets every entry (the storage is kept). */
    public void clear() {
        size = 0;
        newest = -1;
        oldestGone = false;
    }

    /**
     * The storage the next {@link #push(double, double, double, double)} makes newest (the oldest slot
     * once the buffer is full: its entry is dropped by that push). Write the new output here.
     *
     * @return a batch owned by this history
     */
    public Batch slot() {
        return outputs[(newest + 1) % outputs.length];
    }

    /**
     * Takes {@code storage} as the storage of {@link #slot()} and hands the slot's former storage to the caller. When
     * the history is full the slot holds the oldest entry, which the next push drops anyway; after this call that
     * entry is gone at once: asking for its output throws until the next push (its time, alpha, sigma and lambda stay
     * readable, and {@link #size()} is unchanged). A kernel that reads the oldest output for the last time may so
     * write its result over it (its cache lines are loaded anyway) and keep the result under its own name.
     *
     * @param storage a batch shaped as the entries, not one of them (its content is irrelevant: the next output is
     *     written into it)
     * @return the slot's former storage, now the caller's (with the oldest output while the caller has not
     *     written it)
     * @throws IllegalArgumentException if {@code storage} has another shape or is already one of the entries
     */
    public Batch exchangeSlot(Batch storage) {
        Batch former = slot();
        storage.requireSameShape(former);
        for (Batch b : outputs) {
            if (b == storage) {
                throw new IllegalArgumentException("storage must not be one of the history's own batches");
            }
        }
        outputs[(newest + 1) % outputs.length] = storage;
        oldestGone = size == outputs.length;
        return former;
    }

    /** @return whether {@link #exchangeSlot} took the oldest entry's storage since the last push */
    public boolean oldestGone() {
        return oldestGone;
    }

    /**
     * Makes the content of {@link #slot()} the newest entry.
     *
     * @param t time of the evaluation
     * @param alphaT alpha there
     * @param sigmaT sigma there
     * @param lambdaT lambda there
     */
    public void push(double t, double alphaT, double sigmaT, double lambdaT) {
        newest = (newest + 1) % outputs.length;
        time[newest] = t;
        alpha[newest] = alphaT;
        sigma[newest] = sigmaT;
        lambda[newest] = lambdaT;
        if (size < outputs.length) {
            size++;
        }
        oldestGone = false;
    }

    /**
     * Copies {@code output} into {@link #slot()} and pushes it.
     *
     * @param output model output. Not modified.
     * @param t time of the evaluation
     * @param alphaT alpha there
     * @param sigmaT sigma there
     * @param lambdaT lambda there
     */
    public void push(BatchView output, double t, double alphaT, double sigmaT, double lambdaT) {
        Kernels.copy(slot(), output);
        push(t, alphaT, sigmaT, lambdaT);
    }

    /**
     * @param j age, 0 = newest, up to {@code size() - 1}
     * @return the stored output (owned by this history; valid until it is overwritten)
     * @throws IllegalStateException for the oldest entry after {@link #exchangeSlot} took its storage
     */
    public Batch output(int j) {
        int k = index(j);
        if (oldestGone && j == size - 1) {
            throw new IllegalStateException(Checks.format(
                    "history entry %d (the oldest) was handed out by exchangeSlot before the next push", j));
        }
        return outputs[k];
    }

    /**
     * @param j age
     * @return time of entry {@code j}
     */
    public double t(int j) {
        return time[index(j)];
    }

    /**
     * @param j age
     * @return alpha of entry {@code j}
     */
    public double alpha(int j) {
        return alpha[index(j)];
    }

    /**
     * @param j age
     * @return sigma of entry {@code j}
     */
    public double sigma(int j) {
        return sigma[index(j)];
    }

    /**
     * @param j age
     * @return lambda of entry {@code j}
     */
    public double lambda(int j) {
        return lambda[index(j)];
    }

    private int index(int j) {
        if (j < 0 || j >= size) {
            throw new IndexOutOfBoundsException(Checks.format("history age must be in [0, %d], got %d", size - 1, j));
        }
        int k = newest - j;
        return k >= 0 ? k : k + outputs.length;
    }
}
