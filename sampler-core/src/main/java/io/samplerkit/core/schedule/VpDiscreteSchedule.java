package io.samplerkit.core.schedule;

import io.samplerkit.core.Checks;
import java.util.Arrays;

/**
 * A DDPM-style schedule given by a table of {@code N} training noise levels, turned into a
 * continuous-time VP schedule by the convention of the official DPM-Solver
 * {@code NoiseScheduleVP('discrete')} (Lu et al. 2022, "DPM-Solver", arXiv:2206.00927, appendix;
 * Ho et al. 2020, arXiv:2006.11239, eq. 4 for {@code alphas_cumprod}).
 *
 * <pre>
 *   table     log alpha_n = 0.5 * sum_{k &lt;= n} log(1 - beta_k)     (sequential sum, n = 0..N-1)
 *             or 0.5 log alphabar_n, or given directly
 *   knots     t_n = (n + 1) / N                                      (domain [1/N, 1], T = 1)
 *   log alpha piecewise-linear through (t_n, log alpha_n); outside [t_0, t_{N-1}] the first or last
 *             segment is extended linearly:
 *             y = a_j + (t - t_j) * (a_{j+1} - a_j) / (t_{j+1} - t_j)
 *   inverse   log alpha = -0.5 logaddexp(0, -2 lambda), then the same interpolation with the roles
 *             of (t_n) and (log alpha_n) exchanged
 *   f(t)      slope of the segment containing t;  g^2 = -2 f
 * </pre>
 *
 * <p><b>Segments.</b> A time strictly inside a segment uses that segment; a time exactly on an inner
 * knot {@code t_n} uses the segment to its left, {@code [t_{n-1}, t_n]}, which is the one a
 * sampler moving towards smaller times crosses next. Both give the same {@code log alpha} up to
 * rounding; only {@link #f(double)} (a step function) depends on the choice.
 *
 * <p><b>Index and time.</b> Training index {@code n} sits at {@code t = (n+1)/N}; the continuous
 * index of a time is {@link #indexOfTime(double) n(t) = N t - 1}. The official code feeds a network
 * {@code 1000 (t - 1/N)}, which equals {@code n(t)} only when {@code N = 1000} (and, with lambda
 * clipping, only when nothing was clipped).
 *
 * <p><b>Lambda clipping</b> ({@link #withLambdaClipping(double)}, off by default): the official
 * DPM-Solver drops the trailing table entries whose {@code lambda_n} is below
 * {@link #OFFICIAL_LAMBDA_CLIP} and rescales the time axis to the shorter table, so {@code N}
 * becomes the clipped length (the iDDPM cosine betas lose 4 entries, {@code N = 996}). UniPC's
 * copy of the class does not clip.
 *
 * <p><b>Zero terminal SNR.</b> A table whose last entry has {@code alphabar = 0} (see
 * {@link ZeroTerminalSnr}) keeps {@code N} and its time axis, but that entry (lambda = -inf) is
 * not a knot: the domain ends at {@link #tMax()} {@code = (N-1)/N}, the time of index
 * {@code N-2}, and larger times extrapolate the last finite segment. Samplers that must start from
 * pure noise treat index {@code N-1} separately (diffusers substitutes {@code alphabar = 2^-24}).
 *
 * <p>Immutable and thread-safe.
 */
public final class VpDiscreteSchedule implements VpSchedule {

    /** The official DPM-Solver clipping threshold for {@code lambda} ({@code numerical_clip_alpha}). */
    public static final double OFFICIAL_LAMBDA_CLIP = -5.1;

    /** Finite part of the log-alpha table, strictly decreasing, at least 2 entries. */
    private final double[] logAlpha;
    /** Knot times {@code (n+1)/N}, one per finite table entry. */
    private final double[] knots;
    /** Length of the whole table (including a zero-terminal-SNR entry), defining the time axis. */
    private final int size;
    /** Whether the table had a last entry with alpha = 0 (not stored in {@link #logAlpha}). */
    private final boolean terminalZero;

    private VpDiscreteSchedule(double[] logAlphaTable) {
        int n = logAlphaTable.length;
        boolean zero = n > 0 && logAlphaTable[n - 1] == Double.NEGATIVE_INFINITY;
        int finite = zero ? n - 1 : n;
        if (finite < 2) {
            throw new IllegalArgumentException(Checks.format(
                    "log-alpha table must have at least 2 entries with alpha > 0, got %d", finite));
        }
        for (int i = 0; i < finite; i++) {
            double a = logAlphaTable[i];
            double upper = i == 0 ? 0.0 : logAlphaTable[i - 1];
            if (!(a < upper && a > Double.NEGATIVE_INFINITY)) {
                throw new IllegalArgumentException(Checks.format(
                        "logAlpha[%d] must be in (-inf, %s) (negative and strictly decreasing), got %s",
                        i, upper, a));
            }
        }
        this.logAlpha = Arrays.copyOf(logAlphaTable, finite);
        this.size = n;
        this.terminalZero = zero;
        this.knots = new double[finite];
        for (int i = 0; i < finite; i++) {
            knots[i] = (i + 1) / (double) n;
        }
    }

    /**
     * Schedule of DDPM betas: {@code log alpha_n = 0.5 * sum_{k<=n} log(1 - beta_k)}, summed in
     * order. {@code 1 - beta_k} is formed in floating point first, as every reference
     * implementation does (so the table matches theirs to round-off). A last beta of exactly 1
     * gives a zero-terminal-SNR table.
     *
     * @param betas {@code beta_0 .. beta_{N-1}}, each in (0, 1); the last may be 1; {@code N >= 2}
     * @return the schedule (no lambda clipping)
     */
    public static VpDiscreteSchedule fromBetas(double[] betas) {
        Checks.requireNonNull(betas, "betas");
        double[] table = new double[betas.length];
        double sum = 0.0;
        for (int i = 0; i < betas.length; i++) {
            double b = betas[i];
            boolean last = i == betas.length - 1;
            if (!(b > 0 && (b < 1 || (last && b == 1)))) {
                throw new IllegalArgumentException(Checks.format(
                        "betas[%d] must be in (0, 1)%s, got %s", i, last ? " (or exactly 1 for the last)" : "", b));
            }
            sum += Math.log(1 - b);
            table[i] = 0.5 * sum;
        }
        return new VpDiscreteSchedule(table);
    }

    /**
     * Schedule of cumulative products {@code alphabar_n = prod_{k<=n} (1 - beta_k)}:
     * {@code log alpha_n = 0.5 log alphabar_n}.
     *
     * @param alphasCumprod strictly decreasing values in (0, 1); the last may be 0
     * @return the schedule (no lambda clipping)
     */
    public static VpDiscreteSchedule fromAlphasCumprod(double[] alphasCumprod) {
        Checks.requireNonNull(alphasCumprod, "alphasCumprod");
        double[] table = new double[alphasCumprod.length];
        for (int i = 0; i < table.length; i++) {
            double ab = alphasCumprod[i];
            boolean last = i == table.length - 1;
            if (!(ab > 0 && ab < 1) && !(last && ab == 0)) {
                throw new IllegalArgumentException(Checks.format(
                        "alphasCumprod[%d] must be in (0, 1)%s, got %s", i, last ? " (or exactly 0 for the last)" : "", ab));
            }
            table[i] = 0.5 * Math.log(ab);
        }
        return new VpDiscreteSchedule(table);
    }

    /**
     * Schedule of a log-alpha table as is.
     *
     * @param logAlpha strictly decreasing negative values; the last may be {@code -inf}
     * @return the schedule (no lambda clipping)
     */
    public static VpDiscreteSchedule fromLogAlphas(double[] logAlpha) {
        Checks.requireNonNull(logAlpha, "logAlpha");
        return new VpDiscreteSchedule(logAlpha.clone());
    }

    /**
     * The official DPM-Solver clipping: drops every trailing entry whose
     * {@code lambda_n = log alpha_n - 0.5 log(1 - alpha_n^2)} is below {@code lambdaMin} and
     * re-spreads the knots over {@code (0, 1]} for the shorter table ({@code N} = new length).
     *
     * @param lambdaMin threshold, finite ({@link #OFFICIAL_LAMBDA_CLIP} = -5.1 officially)
     * @return this schedule if nothing is dropped, else the clipped schedule
     */
    public VpDiscreteSchedule withLambdaClipping(double lambdaMin) {
        Checks.requireFinite(lambdaMin, "lambdaMin");
        int keep = logAlpha.length;
        while (keep > 0 && lambdaOfLogAlpha(logAlpha[keep - 1]) < lambdaMin) {
            keep--;
        }
        if (keep == logAlpha.length && !terminalZero) {
            return this;
        }
        if (keep < 2) {
            throw new IllegalArgumentException(Checks.format(
                    "lambdaMin=%s leaves %d table entries, need at least 2 (lambda_0=%s)",
                    lambdaMin, keep, lambdaOfLogAlpha(logAlpha[0])));
        }
        return new VpDiscreteSchedule(Arrays.copyOf(logAlpha, keep));
    }

    private static double lambdaOfLogAlpha(double a) {
        return a - 0.5 * Math.log(-Math.expm1(2.0 * a));
    }

    /** @return {@code N}, the table length defining the time axis (after any clipping) */
    public int size() {
        return size;
    }

    /** @return whether the table ends with an {@code alphabar = 0} entry (zero terminal SNR) */
    public boolean zeroTerminalSnr() {
        return terminalZero;
    }

    /**
     * @param n training index, {@code 0 <= n < N}
     * @return {@code t_n = (n + 1) / N}
     */
    public double timeOfIndex(int n) {
        Checks.requireInRange(n, 0, size - 1, "n");
        return (n + 1) / (double) size;
    }

    /**
     * Continuous training index of a time, {@code N t - 1} (the inverse of
     * {@link #timeOfIndex(int)}). The official DPM-Solver uses {@code 1000 (t - 1/N)}, which agrees
     * only for {@code N = 1000}.
     *
     * @param t time
     * @return {@code N t - 1}
     */
    public double indexOfTime(double t) {
        return size * t - 1.0;
    }

    /** @return a copy of the finite log-alpha table {@code log alpha_n} (length N, or N-1 with zero terminal SNR) */
    public double[] logAlphaTable() {
        return logAlpha.clone();
    }

    /** @return a copy of the knot times {@code (n + 1) / N}, one per entry of {@link #logAlphaTable()} */
    public double[] knotTimes() {
        return knots.clone();
    }

    /** @return {@code alphabar_n = exp(2 log alpha_n)}, length N (a zero-terminal-SNR table ends with 0) */
    public double[] alphasCumprod() {
        double[] out = new double[size];
        for (int i = 0; i < logAlpha.length; i++) {
            out[i] = Math.exp(2.0 * logAlpha[i]);
        }
        return out;
    }

    /**
     * @param n training index
     * @return {@code log alpha_n} ({@code -inf} for a zero-terminal-SNR last index)
     */
    public double logAlphaOfIndex(int n) {
        Checks.requireInRange(n, 0, size - 1, "n");
        return n < logAlpha.length ? logAlpha[n] : Double.NEGATIVE_INFINITY;
    }

    /**
     * Segment index {@code j} (interpolating between knots j and j+1) for time {@code t}: the
     * segment containing {@code t}, the left one on an inner knot, the outermost one outside.
     */
    private int segmentOfTime(double t) {
        int last = knots.length - 2;
        int j = (int) Math.floor(t * size) - 1;
        if (j < 0 || t != t) {
            return 0;
        }
        if (j > last) {
            return last;
        }
        // knots are (n+1)/N up to rounding: correct a possible off-by-one of the floor
        while (j > 0 && t <= knots[j]) {
            j--;
        }
        while (j < last && t > knots[j + 1]) {
            j++;
        }
        return j;
    }

    /**
     * Segment {@code m} (between entries m and m+1, {@code logAlpha[m] > logAlpha[m+1]}) containing
     * {@code a}; the outermost one outside the table.
     */
    private int segmentOfLogAlpha(double a) {
        int lo = 0;
        int hi = logAlpha.length - 2;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (a < logAlpha[mid + 1]) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    @Override
    public double logAlpha(double t) {
        int j = segmentOfTime(t);
        return logAlpha[j] + (t - knots[j]) * (logAlpha[j + 1] - logAlpha[j]) / (knots[j + 1] - knots[j]);
    }

    @Override
    public double timeOfLogAlpha(double a) {
        // interpolation on the reversed arrays (log alpha increasing -> t), starting from the
        // smaller log alpha of the segment, as the reference does
        int m = segmentOfLogAlpha(a);
        return knots[m + 1] + (a - logAlpha[m + 1]) * (knots[m] - knots[m + 1]) / (logAlpha[m] - logAlpha[m + 1]);
    }

    /**
     * {@inheritDoc} The slope of the linear segment containing {@code t} (piecewise constant).
     */
    @Override
    public double f(double t) {
        int j = segmentOfTime(t);
        return (logAlpha[j + 1] - logAlpha[j]) / (knots[j + 1] - knots[j]);
    }

    /** @return {@code 1/N}, the time of training index 0 (the official default end time) */
    @Override
    public double tMin() {
        return knots[0];
    }

    /** @return the time of the last finite table entry: 1, or {@code (N-1)/N} with zero terminal SNR */
    @Override
    public double tMax() {
        return knots[knots.length - 1];
    }

    @Override
    public String describe() {
        return Checks.format("vp-discrete(N=%d, alphabar_0=%s, alphabar_last=%s%s)", size,
                Math.exp(2.0 * logAlpha[0]), terminalZero ? 0.0 : Math.exp(2.0 * logAlpha[logAlpha.length - 1]),
                terminalZero ? ", zero terminal SNR" : "");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof VpDiscreteSchedule other && size == other.size && terminalZero == other.terminalZero
                && Arrays.equals(logAlpha, other.logAlpha);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(logAlpha) + size;
    }

    @Override
    public String toString() {
        return describe();
    }
}
