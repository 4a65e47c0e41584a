package io.samplerkit.core.schedule;

import io.samplerkit.core.Checks;

/**
 * The zero-terminal-SNR rescaling of Lin et al. 2024, "Common Diffusion Noise Schedules and Sample
 * Steps are Flawed", arXiv:2305.08891, Algorithm 1: shift and scale {@code sqrt(alphabar)} so that
 * its first value is unchanged and its last becomes exactly 0.
 * <pre>
 *   s_n  = sqrt(alphabar_n)
 *   s'_n = (s_n - s_{N-1}) * s_0 / (s_0 - s_{N-1})
 *   alphabar'_n = s'_n^2,   beta'_n = 1 - alphabar'_n / alphabar'_{n-1}  (beta'_0 = 1 - alphabar'_0)
 * </pre>
 * The last rescaled beta is exactly 1, the last alphabar exactly 0; see {@link VpDiscreteSchedule}
 * for how such a table's domain ends. Stateless.
 */
public final class ZeroTerminalSnr {

    private ZeroTerminalSnr() {
    }

    /**
     * Rescales cumulative products.
     *
     * @param alphasCumprod strictly decreasing values in (0, 1], at least 2
     * @return a new array: rescaled {@code alphabar}, last element 0
     */
    public static double[] rescaleAlphasCumprod(double[] alphasCumprod) {
        Checks.requireAllFinite(alphasCumprod, "alphasCumprod");
        int n = alphasCumprod.length;
        Checks.requireInRange(n, 2, Integer.MAX_VALUE, "alphasCumprod.length");
        for (int i = 0; i < n; i++) {
            double upper = i == 0 ? 1.0 : alphasCumprod[i - 1];
            boolean ok = i == 0 ? alphasCumprod[0] > 0 && alphasCumprod[0] <= 1
                    : alphasCumprod[i] > 0 && alphasCumprod[i] < upper;
            if (!ok) {
                throw new IllegalArgumentException(Checks.format(
                        "alphasCumprod[%d] must be in (0, %s%s (strictly decreasing), got %s",
                        i, upper, i == 0 ? "]" : ")", alphasCumprod[i]));
            }
        }
        double first = Math.sqrt(alphasCumprod[0]);
        double last = Math.sqrt(alphasCumprod[n - 1]);
        double scale = first / (first - last);
        double[] r = new double[n];
        for (int i = 0; i < n; i++) {
            double s = (Math.sqrt(alphasCumprod[i]) - last) * scale;
            r[i] = s * s;
        }
        return r;
    }

    /**
     * Rescales betas: {@code alphabar} by {@link #rescaleAlphasCumprod(double[])}, then back to betas.
     *
     * @param betas betas in (0, 1)
     * @return a new array of rescaled betas, last element exactly 1
     */
    public static double[] rescaleBetas(double[] betas) {
        Checks.requireAllFinite(betas, "betas");
        for (int i = 0; i < betas.length; i++) {
            Checks.requireInOpenRange(betas[i], 0.0, 1.0, "betas[" + i + "]");
        }
        double[] ab = rescaleAlphasCumprod(BetaSchedule.alphasCumprod(betas));
        double[] r = new double[ab.length];
        r[0] = 1 - ab[0];
        for (int i = 1; i < r.length; i++) {
            r[i] = 1 - ab[i] / ab[i - 1];
        }
        return r;
    }
}
