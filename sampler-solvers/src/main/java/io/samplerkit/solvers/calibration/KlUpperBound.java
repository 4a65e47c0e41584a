package io.samplerkit.solvers.calibration;

import io.samplerkit.core.grid.Timesteps;

/**
 * The KL upper bound (KLUB) of Align Your Steps (Sabour, Fidler and Kreis 2024, arXiv:2404.14507, section 3)
 * in closed form for Gaussian data.
 *
 * <p>In the scaled variable {@code y = x/alpha}, whose noise level is {@code rho = sigma/alpha}, every schedule
 * is the variance-exploding process {@code y = x0 + rho eps}. The sampler that freezes the denoiser at the
 * start of each interval ({@code D(y_i, rho_i)} on {@code [rho_{i+1}, rho_i]}, stochastic DDIM) differs from
 * the exact reverse SDE only in its drift, and Girsanov's theorem bounds the KL divergence between the two path
 * laws by
 * <pre>
 *   KLUB = sum_i integral_{rho_{i+1}}^{rho_i} E ||D(y_rho, rho) - D(y_{rho_i}, rho_i)||^2 drho / rho^3,
 * </pre>
 * the expectation taken along the exact process. For Gaussian data, per eigen-direction with variance
 * {@code c^2}, {@code D = mu + c^2/(c^2 + rho^2) (y - mu)}; the exact reverse SDE has the forward process's
 * joint laws, so {@code y_{rho_i} = y_rho + sqrt(rho_i^2 - rho^2) xi}, and with {@code r = rho^2}
 * <pre>
 *   E |Delta D|^2 = c^4 (r_i - r) / ((c^2 + r_i)(c^2 + r)).
 * </pre>
 * Integrating ({@code drho/rho^3 = dr/(2 r^2)}, partial fractions), with {@code q = r_i - r_{i+1}}:
 * <pre>
 *   K_i = (1/2) [log1p(q/(c^2 + r_{i+1})) - log1p(q/r_{i+1})] + c^2 q / (2 r_{i+1} (c^2 + r_i)),
 * </pre>
 * summed over intervals and eigen-directions. The mean drops out. For isotropic data the minimiser is the
 * paper's closed form {@code rho_i = c tan(...)}, uniform in {@code arctan(rho/c)} (checked by the tests).
 *
 * <p>Immutable and thread-safe.
 */
public final class KlUpperBound {

    private final double[] variances;

    /**
     * @param target the calibration problem (only its covariance eigenvalues matter)
     */
    public KlUpperBound(CalibrationTarget target) {
        this.variances = target.data().eigenvalues();
    }

    /**
     * The bound for a grid.
     *
     * @param timesteps grid points, positive noise everywhere
     * @return the KLUB (nats)
     */
    public double value(Timesteps timesteps) {
        double total = 0;
        for (int i = 0; i < timesteps.steps(); i++) {
            total += interval(timesteps.rho(i), timesteps.rho(i + 1));
        }
        return total;
    }

    /**
     * The bound's contribution of one interval, summed over eigen-directions.
     *
     * @param rhoFrom noisier level {@code rho_i}
     * @param rhoTo cleaner level {@code rho_{i+1} > 0}
     * @return {@code sum_k K_i(c_k^2)}
     */
    double interval(double rhoFrom, double rhoTo) {
        double ri = rhoFrom * rhoFrom;
        double rj = rhoTo * rhoTo;
        double q = ri - rj;
        double sum = 0;
        for (double c2 : variances) {
            if (c2 == 0) {
                continue;
            }
            sum += 0.5 * (Math.log1p(q / (c2 + rj)) - Math.log1p(q / rj)) + c2 * q / (2 * rj * (c2 + ri));
        }
        return sum;
    }
}
