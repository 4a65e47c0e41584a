package io.samplerkit.solvers.diffusers;

import io.samplerkit.core.schedule.Linspace;
import org.hipparchus.distribution.continuous.BetaDistribution;
import org.hipparchus.special.Beta;

/**
 * The noise-level spacings diffusers' discrete schedulers offer, between {@code sigmaMax} and {@code sigmaMin}
 * ({@code N} values, first {@code sigmaMax}), and its map from a noise level back to a fractional training index.
 * Stateless.
 * <pre>
 *   Karras       (max^(1/7) + r_i (min^(1/7) - max^(1/7)))^7,    r = linspace(0, 1, N)   (Karras et al. 2022, eq. 5)
 *   exponential  exp(linspace(log max, log min, N))
 *   beta         min + F^-1(1 - r_i) (max - min),  F the Beta(0.6, 0.6) CDF           (Lee et al. 2024, arXiv:2407.12173)
 *   sigma_to_t   linear interpolation of the training index in log sigma, clamped to the table
 * </pre>
 */
final class SigmaSpacings {

    /** Beta(a, a) parameter of diffusers' beta sigmas. */
    static final double BETA_PARAMETER = 0.6;

    private SigmaSpacings() {
    }

    static double[] karras(double sigmaMax, double sigmaMin, int n) {
        double[] ramp = Linspace.numpy(0.0, 1.0, n);
        double maxInv = Math.pow(sigmaMax, 1 / 7.0);
        double minInv = Math.pow(sigmaMin, 1 / 7.0);
        double[] r = new double[n];
        for (int i = 0; i < n; i++) {
            r[i] = Math.pow(maxInv + ramp[i] * (minInv - maxInv), 7.0);
        }
        return r;
    }

    static double[] exponential(double sigmaMax, double sigmaMin, int n) {
        return logSpaced(Math.log(sigmaMax), Math.log(sigmaMin), n);
    }

    /** {@code exp(linspace(logMax, logMin, n))}. */
    static double[] logSpaced(double logMax, double logMin, int n) {
        double[] r = Linspace.numpy(logMax, logMin, n);
        for (int i = 0; i < n; i++) {
            r[i] = Math.exp(r[i]);
        }
        return r;
    }

    static double[] beta(double sigmaMax, double sigmaMin, int n) {
        double[] ramp = Linspace.numpy(0.0, 1.0, n);
        double[] r = new double[n];
        for (int i = 0; i < n; i++) {
            r[i] = sigmaMin + betaQuantile(1 - ramp[i]) * (sigmaMax - sigmaMin);
        }
        return r;
    }

    /**
     * Quantile of Beta(0.6, 0.6) to double precision: Hipparchus' bracketing inverse, then Newton steps on the
     * regularized incomplete beta function.
     */
    static double betaQuantile(double p) {
        if (p <= 0) {
            return 0.0;
        }
        if (p >= 1) {
            return 1.0;
        }
        double a = BETA_PARAMETER;
        BetaDistribution d = new BetaDistribution(a, a, 1e-14);
        double x = d.inverseCumulativeProbability(p);
        for (int k = 0; k < 4; k++) {
            double f = Beta.regularizedBeta(x, a, a, 1e-16, 10_000) - p;
            double step = f / d.density(x);
            double next = x - step;
            if (!(next > 0 && next < 1) || step == 0) {
                break;
            }
            x = next;
        }
        return x;
    }

    /**
     * diffusers' {@code _sigma_to_t}: the fractional training index whose log sigma interpolates {@code sigma}.
     *
     * @param sigma noise level
     * @param logSigmas increasing log training sigmas
     * @return the index, in [0, N-1]
     */
    static double sigmaToT(double sigma, double[] logSigmas) {
        double logSigma = Math.log(Math.max(sigma, 1e-10));
        int n = logSigmas.length;
        int low = 0;
        for (int i = 0; i < n; i++) {
            if (logSigma - logSigmas[i] >= 0) {
                low = i;
            }
        }
        low = Math.min(low, n - 2);
        double lo = logSigmas[low];
        double hi = logSigmas[low + 1];
        double w = (lo - logSigma) / (lo - hi);
        w = Math.min(Math.max(w, 0.0), 1.0);
        return (1 - w) * low + w * (low + 1);
    }

    /**
     * numpy's {@code interp(x, arange(N), values)}.
     *
     * @param x position, clamped to [0, N-1]
     * @param values table
     * @return the interpolated value
     */
    static double interp(double x, double[] values) {
        int last = values.length - 1;
        if (x <= 0) {
            return values[0];
        }
        if (x >= last) {
            return values[last];
        }
        int j = (int) Math.floor(x);
        double slope = values[j + 1] - values[j];
        return slope * (x - j) + values[j];
    }
}
