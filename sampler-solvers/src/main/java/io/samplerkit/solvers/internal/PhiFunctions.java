package io.samplerkit.solvers.internal;

import io.samplerkit.core.Checks;

/**
 * The phi-functions of exponential integrators, evaluated without cancellation:
 * <pre>
 *   phi_1(z) = (e^z - 1)/z,   phi_{k+1}(z) = (phi_k(z) - 1/k!)/z,   phi_k(0) = 1/k!,
 *   equivalently  phi_k(z) = sum_{j >= 0} z^j/(j+k)!  and  h^k phi_k(h) = int_0^h e^{h-u} u^{k-1}/(k-1)! du
 * </pre>
 * (Hochbruck and Ostermann 2010, "Exponential integrators", Acta Numerica 19, eq. 2.10; used by
 * DPM-Solver, Lu et al. 2022, arXiv:2206.00927, eq. 3.4, and DPM-Solver++, arXiv:2211.01095, eq. 7),
 * plus the two signed shorthands every solver in this package writes its updates with:
 * <pre>
 *   noise side  chi_k(h) = h phi_k(h):   chi_1 = e^h - 1,  chi_2 = (e^h - 1 - h)/h,  chi_3 = (e^h - 1 - h - h^2/2)/h^2
 *   data side   psi_k(h) = h phi_k(-h):  psi_1 = 1 - e^{-h}, psi_2 = (e^{-h} - 1 + h)/h, psi_3 = (1 - h + h^2/2 - e^{-h})/h^2
 * </pre>
 *
 * <p><b>Accuracy.</b> The recurrence started from {@code Math.expm1} amplifies the rounding of
 * {@code phi_1} by roughly {@code k!/|z|^{k-1}} (about {@code 2e-6} relative for {@code phi_4} at
 * {@code |z| = 1e-3}, the cutoff often quoted), so below {@link #SERIES_CUTOFF} {@code = 2} the Taylor
 * series is summed by Horner's rule with {@link #SERIES_TERMS} {@code = 26} terms: the first omitted term is
 * {@code 2^26/(26+k)! < 1e-19} relative. Measured against 80-digit {@code BigDecimal} sums on
 * {@code |z|} in {@code [1e-3, 40]}, the worst relative error is 1.6, 1.5, 2.3 and 5.1 ulps of 1 for
 * {@code k} = 1..4 (with the cutoff at 1 instead, 19 ulps for {@code phi_4} just above it). Both branches
 * agree to a few ulps at the cutoff (tested). Cost: a handful of flops, once per step.
 *
 * <p>{@code psi_k(+inf)} is defined by its limit {@code 1/(k-1)!} (since
 * {@code h phi_k(-h) = 1/(k-1)! - phi_{k-1}(-h)}), the value a data-prediction step to zero noise ({@code lambda_t = +inf}) needs.
 *
 * <p>Thread-safe: stateless.
 */
public final class PhiFunctions {

    /** Highest supported index k. */
    public static final int MAX_ORDER = 4;

    /** Below this {@code |z|} the series is used. */
    public static final double SERIES_CUTOFF = 2.0;

    /** Number of series terms summed for {@code |z| < SERIES_CUTOFF}. */
    public static final int SERIES_TERMS = 26;

    /** {@code 1/n!} for n = 0 .. SERIES_TERMS + MAX_ORDER. */
    private static final double[] INVERSE_FACTORIAL = inverseFactorials(SERIES_TERMS + MAX_ORDER + 1);

    private PhiFunctions() {
    }

    /**
     * {@code phi_k(z)}.
     *
     * @param k index, 1 to {@link #MAX_ORDER}
     * @param z argument, finite (overflows like {@code e^z} for {@code z > ~709})
     * @return {@code phi_k(z)}
     */
    public static double phi(int k, double z) {
        checkIndex(k);
        if (Math.abs(z) < SERIES_CUTOFF) {
            return series(k, z);
        }
        double p = Math.expm1(z) / z;
        for (int j = 1; j < k; j++) {
            p = (p - INVERSE_FACTORIAL[j]) / z;
        }
        return p;
    }

    /**
     * Fills {@code out[k-1] = phi_k(z)} for k = 1 .. {@code count}: the values of {@link #phi}, bit for bit, with one
     * exponential, or below the series cutoff with the series of every index summed side by side.
     *
     * @param z argument
     * @param count how many, 1 to {@link #MAX_ORDER}
     * @param out destination of length at least {@code count}. Modified.
     */
    public static void phis(double z, int count, double[] out) {
        checkIndex(count);
        if (Math.abs(z) < SERIES_CUTOFF) {
            out[0] = series(1, z);
            scaledPhis(z, 1.0, Double.NaN, count, out, 0);
            return;
        }
        double e = Math.expm1(z);
        out[0] = e / z;
        scaledPhis(z, 1.0, e, count, out, 0);
    }

    /**
     * Noise-side shorthand {@code chi_k(h) = h phi_k(h)} ({@code chi_1 = e^h - 1}).
     *
     * @param k index, 1 to {@link #MAX_ORDER}
     * @param h step in half log-SNR, finite
     * @return {@code h phi_k(h)}
     */
    public static double chi(int k, double h) {
        if (k == 1) {
            checkIndex(k);
            return Math.expm1(h);
        }
        return h * phi(k, h);
    }

    /**
     * Data-side shorthand {@code psi_k(h) = h phi_k(-h)} ({@code psi_1 = 1 - e^{-h}}); finite at
     * {@code h = +inf} (a step to zero noise), where it takes its limit.
     *
     * @param k index, 1 to {@link #MAX_ORDER}
     * @param h step in half log-SNR, finite or {@code +inf}
     * @return {@code h phi_k(-h)}
     */
    public static double psi(int k, double h) {
        checkIndex(k);
        if (h == Double.POSITIVE_INFINITY) {
            return INVERSE_FACTORIAL[k - 1];
        }
        if (k == 1) {
            return -Math.expm1(-h);
        }
        return h * phi(k, -h);
    }

    /**
     * Fills {@code out[from + k - 1] = chi_k(h)} for k = 1 .. {@code count}: the values of {@link #chi}, bit for bit,
     * from one exponential, or below the series cutoff with the series of every index summed side by side (the
     * same operations per index, so the same bits, without waiting on one index's chain before the next).
     *
     * @param h step in half log-SNR, finite
     * @param count how many, 1 to {@link #MAX_ORDER}
     * @param out destination with room for {@code count} values from {@code from}. Modified.
     * @param from index of {@code chi_1} in {@code out}
     */
    public static void chis(double h, int count, double[] out, int from) {
        Checks.requireInRange(count, 1, MAX_ORDER, "count");
        double e = Math.expm1(h);
        out[from] = e;
        scaledPhis(h, h, e, count, out, from);
    }

    /**
     * Fills {@code out[from + k - 1] = psi_k(h)} for k = 1 .. {@code count}: the values of {@link #psi}, bit for bit,
     * as {@link #chis} does for {@link #chi}.
     *
     * @param h step in half log-SNR, finite or {@code +inf}
     * @param count how many, 1 to {@link #MAX_ORDER}
     * @param out destination with room for {@code count} values from {@code from}. Modified.
     * @param from index of {@code psi_1} in {@code out}
     */
    public static void psis(double h, int count, double[] out, int from) {
        Checks.requireInRange(count, 1, MAX_ORDER, "count");
        if (h == Double.POSITIVE_INFINITY) {
            System.arraycopy(INVERSE_FACTORIAL, 0, out, from, count);
            return;
        }
        double e = Math.expm1(-h);
        out[from] = -e;
        scaledPhis(-h, h, e, count, out, from);
    }

    /**
     * {@code out[from + k - 1] = scale phi_k(z)} for k = 2 .. {@code count}, each {@code phi_k} as {@link #phi} computes
     * it (a scale of 1 leaves its bits alone): the series below the cutoff, summed side by side for more than one
     * index; else the recurrence from {@code e = expm1(z)}, which is read only there.
     */
    private static void scaledPhis(double z, double scale, double e, int count, double[] out, int from) {
        if (count < 2) {
            return;
        }
        if (Math.abs(z) < SERIES_CUTOFF && count == 2) {
            out[from + 1] = scale * series(2, z);
            return;
        }
        if (Math.abs(z) < SERIES_CUTOFF) {
            // series(2, z), series(3, z) and series(4, z), step for step
            double s2 = INVERSE_FACTORIAL[SERIES_TERMS + 1];
            double s3 = INVERSE_FACTORIAL[SERIES_TERMS + 2];
            double s4 = INVERSE_FACTORIAL[SERIES_TERMS + 3];
            for (int j = SERIES_TERMS - 2; j >= 0; j--) {
                s2 = s2 * z + INVERSE_FACTORIAL[j + 2];
                s3 = s3 * z + INVERSE_FACTORIAL[j + 3];
                s4 = s4 * z + INVERSE_FACTORIAL[j + 4];
            }
            out[from + 1] = scale * s2;
            if (count > 2) {
                out[from + 2] = scale * s3;
            }
            if (count > 3) {
                out[from + 3] = scale * s4;
            }
            return;
        }
        double p = e / z;
        for (int j = 1; j < count; j++) {
            p = (p - INVERSE_FACTORIAL[j]) / z;
            out[from + j] = scale * p;
        }
    }

    /** {@code sum_{j < SERIES_TERMS} z^j/(j+k)!} by Horner's rule. */
    private static double series(int k, double z) {
        double s = INVERSE_FACTORIAL[SERIES_TERMS - 1 + k];
        for (int j = SERIES_TERMS - 2; j >= 0; j--) {
            s = s * z + INVERSE_FACTORIAL[j + k];
        }
        return s;
    }

    private static void checkIndex(int k) {
        Checks.requireInRange(k, 1, MAX_ORDER, "k");
    }

    private static double[] inverseFactorials(int n) {
        double[] r = new double[n];
        double f = 1;
        r[0] = 1;
        for (int i = 1; i < n; i++) {
            f *= i;
            r[i] = 1 / f;
        }
        return r;
    }
}
