package io.samplerkit.solvers.adaptive;

import io.samplerkit.core.state.BatchView;

/**
 * The mixed absolute/relative error norm of adaptive solvers (Hairer, Nørsett and Wanner, "Solving
 * ODEs I", eq. II.4.11; scipy {@code solve_ivp}, diffrax), applied per sample and maximised over the
 * batch:
 * <pre>
 *   ||e|| = max over rows r of sqrt( mean_i ( e_ri / (atol + rtol max(|a_ri|, |b_ri|)) )^2 ).
 * </pre>
 * Taking the maximum over rows makes every sample meet the tolerance on its own, so a sample's accuracy
 * does not depend on which other samples share its batch (though all share the step sizes).
 *
 * <p>Thread-safe: stateless; allocation-free.
 */
public final class ErrorNorm {

    private ErrorNorm() {
    }

    /**
     * @param e the vector to measure. Not modified.
     * @param a first reference state (e.g. the state before the step). Not modified.
     * @param b second reference state (e.g. the state after the step; may be {@code a}). Not modified.
     * @param atol absolute tolerance, {@code >= 0}
     * @param rtol relative tolerance, {@code >= 0} (not both 0)
     * @return the norm ({@code NaN} if any entry is NaN)
     */
    public static double of(BatchView e, BatchView a, BatchView b, double atol, double rtol) {
        double[] es = e.data();
        double[] as = a.data();
        double[] bs = b.data();
        int dim = e.dim();
        double worst = 0;
        for (int r = 0; r < e.size(); r++) {
            double sum = 0;
            int off = r * dim;
            for (int i = off; i < off + dim; i++) {
                double q = es[i] / (atol + rtol * Math.max(Math.abs(as[i]), Math.abs(bs[i])));
                sum += q * q;
            }
            double rms = Math.sqrt(sum / dim);
            if (Double.isNaN(rms)) {
                return rms;
            }
            worst = Math.max(worst, rms);
        }
        return worst;
    }
}
