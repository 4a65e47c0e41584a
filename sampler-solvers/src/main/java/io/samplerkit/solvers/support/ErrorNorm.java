package io.samplerkit.solvers.support;

import io.samplerkit.core.state.BatchView;

/**
 * The mixed absolute/relative error norm of adaptive solvers (Hairer, Nørsett and Wanner, "Solving
 * ODEs I", eq. II.4.11; scipy {@code solve_ivp}, diffrax), applied per sample and maximised over the
 * batch:
 * <pre>
 *   ||e|| = max over rows r of sqrt( mean_i ( s_e e_ri / (atol + rtol max(|s_0 a_ri|, |s_1 b_ri|)) )^2 ).
 * </pre>
 * The scale factors {@code s_e, s_0, s_1} let a solver that integrates a rescaled state (e.g.
 * {@code x/sigma}) measure the error in the coordinates of the sample itself. Taking the maximum over
 * rows makes every sample meet the tolerance on its own, so a sample's accuracy does not depend on
 * which other samples share its batch (though all share the step sizes).
 *
 * <p>Thread-safe: stateless; allocation-free.
 */
public final class ErrorNorm {

    private ErrorNorm() {
    }

    /**
     * @param e the vector to measure. Not modified.
     * @param scaleE factor {@code s_e} applied to {@code e}
     * @param a first reference state. Not modified.
     * @param scaleA factor {@code s_0} applied to {@code a}
     * @param b second reference state (may be {@code a}). Not modified.
     * @param scaleB factor {@code s_1} applied to {@code b}
     * @param atol absolute tolerance, {@code >= 0}
     * @param rtol relative tolerance, {@code >= 0} (not both 0)
     * @return the norm ({@code NaN} if any entry is NaN)
     */
    public static double of(BatchView e, double scaleE, BatchView a, double scaleA, BatchView b, double scaleB,
            double atol, double rtol) {
        double[] es = e.data();
        double[] as = a.data();
        double[] bs = b.data();
        int dim = e.dim();
        double worst = 0;
        for (int r = 0; r < e.size(); r++) {
            double sum = 0;
            int off = r * dim;
            for (int i = off; i < off + dim; i++) {
                double tol = atol + rtol * Math.max(Math.abs(scaleA * as[i]), Math.abs(scaleB * bs[i]));
                double q = scaleE * es[i] / tol;
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
