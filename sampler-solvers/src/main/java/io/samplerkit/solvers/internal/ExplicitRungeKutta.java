package io.samplerkit.solvers.internal;

import io.samplerkit.core.Checks;
import io.samplerkit.core.kernel.Kernels;
import io.samplerkit.core.state.Batch;
import io.samplerkit.core.state.BatchView;

/**
 * Runs one step of any explicit {@link ButcherTableau} on {@code dy/dtau = f(tau, y)}:
 * <pre>
 *   Y_j = y0 + h sum_{l &lt; j} a_{jl} k_l,   k_j = f(tau0 + c_j h, Y_j),   y1 = y0 + h sum_j b_j k_j,
 * </pre>
 * with {@code h = tau1 - tau0} (either sign). Nodes with {@code c_j = 1} are evaluated at exactly
 * {@code tau1} and nodes with {@code c_j = 0} at exactly {@code tau0}, so a derivative that maps
 * {@code tau} back to a grid time can recognise grid points by equality.
 *
 * <p>All stage buffers are allocated by the constructor (from a solver's {@code start()}); a step
 * allocates nothing. Each stage state and the new state are one fused {@link Kernels#lincomb} call
 * over the non-zero coefficients only. The stages stay available after a step, for the embedded error
 * estimate ({@link #error}) and for FSAL reuse ({@link #reuseLastStage()}).
 *
 * <p>Not thread-safe; owned by one run.
 */
public final class ExplicitRungeKutta {

    /** The right-hand side of the ODE. */
    @FunctionalInterface
    public interface Derivative {
        /**
         * Evaluates {@code out = f(tau, y)}.
         *
         * @param tau the independent variable
         * @param y state. Not modified.
         * @param out destination. Modified; never aliases {@code y}.
         */
        void evaluate(double tau, BatchView y, Batch out);
    }

    private final ButcherTableau tableau;
    private final Batch[] k;
    private final Batch stageState;
    /** For stage j: indices l of the non-zero a_{jl}. */
    private final int[][] nonZeroA;
    /** Indices of the non-zero b_j. */
    private final int[] nonZeroB;
    /** Indices of the non-zero error weights b_j - bHat_j (empty without an embedded solution). */
    private final int[] nonZeroE;
    private final double[] coefficients;
    private final BatchView[] terms;

    /**
     * Allocates the stage buffers.
     *
     * @param tableau the method
     * @param like a batch of the run's shape (only its shape is used)
     */
    public ExplicitRungeKutta(ButcherTableau tableau, BatchView like) {
        this.tableau = Checks.requireNonNull(tableau, "tableau");
        int s = tableau.stages();
        k = new Batch[s];
        for (int j = 0; j < s; j++) {
            k[j] = Batch.zeros(like.size(), like.dim());
        }
        stageState = Batch.zeros(like.size(), like.dim());
        nonZeroA = new int[s][];
        for (int j = 0; j < s; j++) {
            int n = 0;
            int[] idx = new int[j];
            for (int l = 0; l < j; l++) {
                if (tableau.a(j, l) != 0) {
                    idx[n++] = l;
                }
            }
            nonZeroA[j] = java.util.Arrays.copyOf(idx, n);
        }
        nonZeroB = nonZero(s, j -> tableau.b(j));
        nonZeroE = tableau.embedded() ? nonZero(s, tableau::errorWeight) : new int[0];
        coefficients = new double[s + 1];
        terms = new BatchView[s + 1];
    }

    private static int[] nonZero(int s, java.util.function.IntToDoubleFunction w) {
        int n = 0;
        int[] idx = new int[s];
        for (int j = 0; j < s; j++) {
            if (w.applyAsDouble(j) != 0) {
                idx[n++] = j;
            }
        }
        return java.util.Arrays.copyOf(idx, n);
    }

    /** @return the method */
    public ButcherTableau tableau() {
        return tableau;
    }

    /**
     * The buffer of stage derivative {@code k_j}. Before a step with {@code firstStageKnown}, the
     * caller writes {@code f(tau0, y0)} into {@code stage(0)}.
     *
     * @param j stage
     * @return the buffer (owned by this engine)
     */
    public Batch stage(int j) {
        return k[j];
    }

    /**
     * One step from {@code (tau0, y0)} to {@code tau1}.
     *
     * @param f right-hand side; called {@code s} times, or {@code s - 1} when the first stage is known
     * @param tau0 start of the step
     * @param tau1 end of the step
     * @param y0 state at {@code tau0}. Not modified unless aliased with {@code y1}.
     * @param y1 state at {@code tau1}. Modified; may alias {@code y0} (then {@code y0} is lost).
     * @param firstStageKnown whether {@link #stage(int) stage(0)} already holds {@code f(tau0, y0)}
     */
    public void step(Derivative f, double tau0, double tau1, BatchView y0, Batch y1, boolean firstStageKnown) {
        double h = tau1 - tau0;
        if (!firstStageKnown) {
            f.evaluate(tau0, y0, k[0]);
        }
        for (int j = 1; j < k.length; j++) {
            combine(stageState, y0, h, nonZeroA[j], j, true);
            double cj = tableau.c(j);
            double tau = cj == 1 ? tau1 : cj == 0 ? tau0 : tau0 + cj * h;
            f.evaluate(tau, stageState, k[j]);
        }
        combine(y1, y0, h, nonZeroB, -1, true);
    }

    /**
     * The embedded local error estimate of the last step, {@code out = h sum_j (b_j - bHat_j) k_j}
     * ({@code = y1 - y1^}).
     *
     * @param tau0 start of the last step
     * @param tau1 end of the last step
     * @param out destination. Modified.
     */
    public void error(double tau0, double tau1, Batch out) {
        if (!tableau.embedded()) {
            throw new IllegalStateException("tableau " + tableau.name() + " has no embedded solution");
        }
        combine(out, null, tau1 - tau0, nonZeroE, -2, false);
    }

    /**
     * FSAL: makes the last stage of the step just taken the first stage of the next one (swaps
     * buffers, copies nothing). Only meaningful when the tableau is FSAL and the step was accepted.
     */
    public void reuseLastStage() {
        int last = k.length - 1;
        Batch tmp = k[0];
        k[0] = k[last];
        k[last] = tmp;
    }

    /**
     * {@code out = [y0 +] h sum_{l in idx} w_l k_l} with {@code w} the row of {@code a} (row >= 0),
     * {@code b} (row = -1) or the error weights (row = -2).
     */
    private void combine(Batch out, BatchView y0, double h, int[] idx, int row, boolean withY0) {
        int n = 0;
        if (withY0) {
            coefficients[n] = 1.0;
            terms[n++] = y0;
        }
        for (int l : idx) {
            double w = row >= 0 ? tableau.a(row, l) : row == -1 ? tableau.b(l) : tableau.errorWeight(l);
            coefficients[n] = h * w;
            terms[n++] = k[l];
        }
        if (n == 0) {
            Kernels.scale(out, 0.0, out);
            return;
        }
        Kernels.lincomb(out, n, coefficients, terms);
    }
}
