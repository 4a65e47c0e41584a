package io.samplerkit.core.grid;

import io.samplerkit.core.Checks;
import io.samplerkit.core.schedule.Linspace;
import io.samplerkit.core.schedule.NoiseSchedule;
import io.samplerkit.core.schedule.VpDiscreteSchedule;
import java.util.Arrays;

/**
 * diffusers' {@code timestep_spacing} on a discrete schedule ({@code N} training steps, {@code K}
 * inference steps), reproduced as its schedulers compute it (numpy float64, {@code round} = round
 * half to even). The three spacings are Table 2 of Lin et al. 2024, arXiv:2305.08891.
 *
 * <pre>
 * family      linspace                              leading                                   trailing
 * DDIM        rint(linspace(0, N-1, K)), reversed   (N div K)*arange(K) reversed + offset       rint(arange(N, 0, -N/K)) - 1
 * MULTISTEP   rint(linspace(0, N'-1, K+1)),         (N' div (K+1))*arange(K+1) reversed,        rint(arange(N', 0, -N/K)) - 1
 *             reversed, last (0) dropped            last dropped, + offset
 * EULER       linspace(0, N-1, K) reversed          as DDIM (as floats)                         as DDIM (as floats)
 * </pre>
 * {@code N' = N} minus the number of training levels with {@code lambda < lambdaMinClipped}
 * (MULTISTEP only; diffusers' default {@code -inf} clips nothing). Example {@code N = 1000, K = 10}:
 * MULTISTEP linspace {@code 999, 899, ..., 599, 500, 400, ..., 100}, leading {@code 900, 810, ..., 90},
 * trailing {@code 999, 899, ..., 99}.
 *
 * <p><b>Times.</b> An integer timestep {@code n} is the time {@link VpDiscreteSchedule#timeOfIndex(int)}
 * {@code (n+1)/N}, where {@code rho} equals diffusers' {@code sqrt((1 - alphabar_n)/alphabar_n)} to
 * round-off. EULER's fractional linspace timesteps get diffusers' {@code rho}, linear interpolation
 * of {@code rho_n} in the index, mapped to time by {@code timeOfRho}.
 *
 * <p><b>End.</b> {@link #times} returns the {@code K} inference times followed by the caller's
 * {@code tEnd}: pass {@code schedule.tMin()} (the time of index 0) for diffusers'
 * {@code final_sigmas_type="sigma_min"} and DEIS; for a final step to zero noise
 * ({@code final_sigmas_type="zero"}, DDIM's {@code set_alpha_to_one}) use
 * {@code Timesteps.ofZeroNoiseEnd(schedule, inferenceTimes(schedule, K))}.
 * {@code tStart} is ignored: the spacing fixes the first time.
 *
 * <p><b>Quirks</b> (docs/math.md section 5). DDIM and PNDM step from {@code t} to {@code t - N div K}
 * ({@link #ddimStride}), which is the next grid point only for {@code leading}. numpy's
 * {@code arange(N, 0, -N/K)} has {@code K + 1} elements for some {@code K} (61, 103, 121, ... for
 * {@code N = 1000}), making diffusers' {@code trailing} end at timestep {@code -1}; that is rejected.
 *
 * @param spacing linspace, leading or trailing
 * @param family which diffusers schedulers' variant
 * @param stepsOffset added to {@code leading} timesteps (diffusers {@code steps_offset}), at least 0
 * @param lambdaMinClipped MULTISTEP's {@code lambda_min_clipped} (use {@code -inf} for none; must
 *     be {@code -inf} for the other families)
 */
public record DiffusersSpacing(Spacing spacing, Family family, int stepsOffset, double lambdaMinClipped)
        implements TimeGrid {

    /** diffusers' {@code timestep_spacing}. */
    public enum Spacing {
        /** Evenly over the whole range, rounded. */
        LINSPACE,
        /** Integer multiples of the stride from 0 (plus {@code stepsOffset}). */
        LEADING,
        /** Evenly spaced down from the last training step. */
        TRAILING
    }

    /** Which schedulers' variant of the spacing. */
    public enum Family {
        /** {@code DDIMScheduler}, {@code PNDMScheduler}, {@code DDPMScheduler}: K timesteps, including 0 for linspace. */
        DDIM,
        /**
         * {@code DPMSolverMultistepScheduler}, {@code UniPCMultistepScheduler}, {@code DEISMultistepScheduler}:
         * K+1 spaced, last dropped.
         */
        MULTISTEP,
        /** {@code EulerDiscreteScheduler}, {@code HeunDiscreteScheduler}, {@code LMSDiscreteScheduler}: fractional linspace. */
        EULER
    }

    /** Validates. */
    public DiffusersSpacing {
        Checks.requireNonNull(spacing, "spacing");
        Checks.requireNonNull(family, "family");
        Checks.requireInRange(stepsOffset, 0, Integer.MAX_VALUE, "stepsOffset");
        if (family != Family.MULTISTEP && lambdaMinClipped != Double.NEGATIVE_INFINITY) {
            throw new IllegalArgumentException(Checks.format(
                    "lambdaMinClipped must be -inf for family %s (only MULTISTEP clips), got %s", family, lambdaMinClipped));
        }
        if (Double.isNaN(lambdaMinClipped) || lambdaMinClipped == Double.POSITIVE_INFINITY) {
            throw new IllegalArgumentException(Checks.format(
                    "lambdaMinClipped must be in [-inf, inf), got %s", lambdaMinClipped));
        }
    }

    /**
     * @param spacing spacing
     * @param family family
     * @return the spacing with {@code stepsOffset = 0} and no lambda clipping
     */
    public static DiffusersSpacing of(Spacing spacing, Family family) {
        return new DiffusersSpacing(spacing, family, 0, Double.NEGATIVE_INFINITY);
    }

    /**
     * The timesteps without lambda clipping ({@code N' = N}), as doubles: integers except for
     * EULER's linspace.
     *
     * @param numTrain {@code N}, at least 1
     * @param steps {@code K}, in [1, N]
     * @return {@code K} decreasing timesteps
     */
    public double[] timesteps(int numTrain, int steps) {
        return timesteps(numTrain, numTrain, steps);
    }

    /**
     * Integer timesteps for the DDIM and MULTISTEP families without lambda clipping.
     *
     * @param numTrain {@code N}, at least 1
     * @param steps {@code K}, in [1, N]
     * @return {@code K} decreasing training indices
     * @throws IllegalArgumentException for EULER's fractional linspace
     */
    public int[] trainTimesteps(int numTrain, int steps) {
        return toIndices(timesteps(numTrain, steps));
    }

    /**
     * Integer timesteps on a schedule, with MULTISTEP's lambda clipping.
     *
     * @param schedule discrete schedule ({@code N = schedule.size()})
     * @param steps {@code K}
     * @return {@code K} decreasing training indices
     */
    public int[] trainTimesteps(VpDiscreteSchedule schedule, int steps) {
        return toIndices(timesteps(schedule, steps));
    }

    /**
     * DDIM/PNDM's step: from timestep {@code t} they go to {@code t - N div K}.
     *
     * @param numTrain {@code N}
     * @param steps {@code K}
     * @return {@code N div K}
     */
    public static int ddimStride(int numTrain, int steps) {
        Checks.requirePositive(numTrain, "numTrain");
        Checks.requireInRange(steps, 1, numTrain, "steps");
        return numTrain / steps;
    }

    /**
     * The {@code K} inference times on a discrete schedule (no final point).
     *
     * @param schedule discrete schedule
     * @param steps {@code K}
     * @return {@code K} strictly decreasing times
     */
    public double[] inferenceTimes(VpDiscreteSchedule schedule, int steps) {
        double[] ts = timesteps(schedule, steps);
        double[] t = new double[ts.length];
        double[] rho = null;
        for (int i = 0; i < ts.length; i++) {
            double n = ts[i];
            if (n == Math.rint(n)) {
                t[i] = schedule.timeOfIndex((int) n);
            } else {
                if (rho == null) {
                    rho = trainingRhos(schedule);
                }
                int lo = (int) Math.floor(n);
                double w = n - lo;
                t[i] = schedule.timeOfRho(rho[lo] + w * (rho[lo + 1] - rho[lo]));
            }
        }
        return t;
    }

    /**
     * {@inheritDoc}
     *
     * <p>The {@code steps} inference times followed by {@code tEnd}; {@code tStart} is ignored.
     *
     * @param schedule a {@link VpDiscreteSchedule}
     * @param tEnd final time, below the last inference time
     */
    @Override
    public double[] times(NoiseSchedule schedule, double tStart, double tEnd, int steps) {
        if (!(schedule instanceof VpDiscreteSchedule discrete)) {
            throw new IllegalArgumentException(Checks.format(
                    "schedule must be a VpDiscreteSchedule for diffusers spacings, got %s",
                    schedule == null ? "null" : schedule.describe()));
        }
        double[] inner = inferenceTimes(discrete, steps);
        double last = inner[inner.length - 1];
        if (!(tEnd < last)) {
            throw new IllegalArgumentException(Checks.format(
                    "tEnd must be below the last inference time %s (%s), got %s; for a last step to zero noise"
                            + " use Timesteps.ofZeroNoiseEnd(schedule, inferenceTimes(...))",
                    last, describe(), tEnd));
        }
        double[] t = Arrays.copyOf(inner, inner.length + 1);
        t[inner.length] = tEnd;
        return t;
    }

    private double[] timesteps(VpDiscreteSchedule schedule, int steps) {
        Checks.requireNonNull(schedule, "schedule");
        int n = schedule.size();
        int last = n;
        if (family == Family.MULTISTEP && lambdaMinClipped > Double.NEGATIVE_INFINITY) {
            while (last > 0 && lambdaOfIndex(schedule, last - 1) < lambdaMinClipped) {
                last--;
            }
        }
        return timesteps(n, last, steps);
    }

    private static double lambdaOfIndex(VpDiscreteSchedule schedule, int n) {
        double a = schedule.logAlphaOfIndex(n);
        return a - 0.5 * Math.log(-Math.expm1(2.0 * a));
    }

    /** diffusers' {@code sigmas = sqrt((1 - alphabar)/alphabar)} of every training index. */
    private static double[] trainingRhos(VpDiscreteSchedule schedule) {
        double[] r = new double[schedule.size()];
        for (int i = 0; i < r.length; i++) {
            r[i] = Math.sqrt(Math.expm1(-2.0 * schedule.logAlphaOfIndex(i)));
        }
        return r;
    }

    /**
     * @param n {@code N}
     * @param last {@code N'} (clipped length, MULTISTEP only)
     * @param k {@code K}
     */
    private double[] timesteps(int n, int last, int k) {
        Checks.requirePositive(n, "numTrain");
        Checks.requireInRange(k, 1, last, "steps");
        double[] ts;
        switch (spacing) {
            case LINSPACE -> {
                if (family == Family.MULTISTEP) {
                    ts = reverse(Linspace.numpy(0, last - 1, k + 1), true);
                    roundAll(ts);
                } else {
                    ts = reverse(Linspace.numpy(0, n - 1, k), false);
                    if (family == Family.DDIM) {
                        roundAll(ts);
                    }
                }
            }
            case LEADING -> {
                int count = family == Family.MULTISTEP ? k + 1 : k;
                int ratio = (family == Family.MULTISTEP ? last : n) / count;
                double[] up = new double[count];
                for (int i = 0; i < count; i++) {
                    up[i] = (double) i * ratio;
                }
                ts = reverse(up, family == Family.MULTISTEP);
                for (int i = 0; i < ts.length; i++) {
                    ts[i] += stepsOffset;
                }
            }
            case TRAILING -> {
                ts = numpyArangeDown(family == Family.MULTISTEP ? last : n, (double) n / k);
                roundAll(ts);
                for (int i = 0; i < ts.length; i++) {
                    ts[i] -= 1;
                }
            }
            default -> throw new IllegalStateException(spacing.toString());
        }
        for (int i = 0; i < ts.length; i++) {
            if (!(ts[i] >= 0 && ts[i] <= n - 1) || (i > 0 && !(ts[i] < ts[i - 1]))) {
                throw new IllegalArgumentException(Checks.format(
                        "%s gives timestep[%d]=%s for numTrain=%d, steps=%d (must be strictly decreasing in [0, %d])",
                        describe(), i, ts[i], n, k, n - 1));
            }
        }
        if (ts.length != k) {
            throw new IllegalArgumentException(Checks.format(
                    "%s gives %d timesteps for steps=%d, numTrain=%d (numpy arange rounding)", describe(), ts.length, k, n));
        }
        return ts;
    }

    /** numpy {@code arange(start, 0, -step)} for float step: {@code start + i*delta}, delta re-derived as numpy does. */
    private static double[] numpyArangeDown(int start, double step) {
        int len = (int) Math.ceil((0.0 - start) / -step);
        double[] r = new double[len];
        double delta = (start - step) - start;
        for (int i = 0; i < len; i++) {
            r[i] = start + i * delta;
        }
        return r;
    }

    private static double[] reverse(double[] a, boolean dropLast) {
        int len = dropLast ? a.length - 1 : a.length;
        double[] r = new double[len];
        for (int i = 0; i < len; i++) {
            r[i] = a[a.length - 1 - i];
        }
        return r;
    }

    private static void roundAll(double[] a) {
        for (int i = 0; i < a.length; i++) {
            a[i] = Math.rint(a[i]);
        }
    }

    private static int[] toIndices(double[] ts) {
        int[] r = new int[ts.length];
        for (int i = 0; i < ts.length; i++) {
            if (ts[i] != Math.rint(ts[i])) {
                throw new IllegalArgumentException(Checks.format(
                        "timestep[%d]=%s is not an integer (EULER linspace is fractional; use timesteps or inferenceTimes)",
                        i, ts[i]));
            }
            r[i] = (int) ts[i];
        }
        return r;
    }

    @Override
    public String describe() {
        String base = Checks.format("diffusers-%s(%s", spacing.name().toLowerCase(java.util.Locale.ROOT),
                family.name().toLowerCase(java.util.Locale.ROOT));
        if (stepsOffset != 0) {
            base += ", stepsOffset=" + stepsOffset;
        }
        if (lambdaMinClipped > Double.NEGATIVE_INFINITY) {
            base += ", lambdaMinClipped=" + lambdaMinClipped;
        }
        return base + ")";
    }
}
