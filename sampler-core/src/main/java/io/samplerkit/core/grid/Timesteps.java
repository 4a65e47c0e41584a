package io.samplerkit.core.grid;

import io.samplerkit.core.Checks;
import io.samplerkit.core.InvalidInputException;
import io.samplerkit.core.schedule.NoiseSchedule;
import java.util.Arrays;

/**
 * The concrete points a fixed-step solver visits: times {@code t_0 > t_1 > ... > t_N} (or
 * {@code t_{N-1} = t_N}, see below) together with
 * {@code alpha}, {@code sigma} and {@code lambda} at each, evaluated once when the problem is built.
 *
 * <p>The last point may be the zero-noise point ({@link #endsAtZeroNoise()}): {@code sigma = 0},
 * {@code lambda = +inf}, {@code alpha = schedule.alphaAtZeroNoise()}; its time is recorded as
 * {@code NaN} for schedules whose domain does not reach zero noise. No solver evaluates the model there.
 *
 * <p>Points are strictly decreasing in time, with one explicit exception for diffusers compatibility:
 * {@link #ofRepeatedEnd} repeats the last point, giving a <b>zero-length final interval</b>
 * ({@link #endsWithZeroLengthStep()}). diffusers' sigma schedulers take such a step when the sigma they
 * append equals the last one of their grid ({@code DEISMultistepScheduler}, which always appends the
 * sigma of training step 0, with Karras or exponential sigmas; {@code DPMSolverMultistepScheduler} and
 * {@code UniPCMultistepScheduler} with {@code final_sigmas_type="sigma_min"} and such sigmas;
 * {@code EulerDiscreteScheduler} with {@code "sigma_min"} on a spacing whose last timestep is 0): the
 * model is evaluated at that point and the update over {@code h = 0} leaves the sample unchanged, but
 * the step counts in the scheduler's order rules. Solver runs that can take it say so
 * ({@code SolverRun.supportsZeroLengthEnd()} in sampler-solvers); the sampling driver rejects it for
 * the others.
 *
 * <p>Immutable and thread-safe (accessors return copies or single values).
 */
public final class Timesteps {

    private final double[] t;
    private final double[] alpha;
    private final double[] sigma;
    private final double[] lambda;
    private final boolean endsAtZeroNoise;
    private final boolean repeatedEnd;

    private Timesteps(double[] t, double[] alpha, double[] sigma, double[] lambda, boolean endsAtZeroNoise,
            boolean repeatedEnd) {
        this.t = t;
        this.alpha = alpha;
        this.sigma = sigma;
        this.lambda = lambda;
        this.endsAtZeroNoise = endsAtZeroNoise;
        this.repeatedEnd = repeatedEnd;
    }

    /**
     * Evaluates a schedule at the given times.
     *
     * @param schedule schedule
     * @param times strictly decreasing times inside the schedule's domain, at least 2
     * @return the timesteps
     */
    public static Timesteps of(NoiseSchedule schedule, double[] times) {
        Checks.requireNonNull(times, "times");
        if (times.length < 2) {
            throw new IllegalArgumentException(Checks.format("times must have at least 2 points, got %d",
                    times.length));
        }
        return evaluate(schedule, times);
    }

    /**
     * The given times followed by the zero-noise point ({@code sigma = 0}, see
     * {@link #withZeroNoiseEnd}); unlike {@code of(schedule, times).withZeroNoiseEnd(schedule)} a
     * single time is allowed, giving one step straight to zero noise.
     *
     * @param schedule schedule
     * @param times strictly decreasing times with positive noise, at least 1
     * @return the timesteps, {@code times.length + 1} points
     */
    public static Timesteps ofZeroNoiseEnd(NoiseSchedule schedule, double... times) {
        Checks.requireNonNull(times, "times");
        if (times.length < 1) {
            throw new IllegalArgumentException("times must have at least 1 point, got 0");
        }
        Timesteps ts = evaluate(schedule, times);
        if (ts.endsAtZeroNoise) {
            throw new IllegalArgumentException(Checks.format(
                    "times[%d]=%s must have sigma > 0 before the zero-noise end (%s)", times.length - 1,
                    times[times.length - 1], schedule.describe()));
        }
        return ts.withZeroNoiseEnd(schedule);
    }

    /**
     * The given times followed by a copy of the last point: a zero-length final interval (diffusers'
     * repeated final sigma, see the class comment). The repeated point has the same time, {@code alpha},
     * {@code sigma} and {@code lambda}, so the last step has {@code h = 0} exactly; a single time gives
     * one zero-length step.
     *
     * @param schedule schedule
     * @param times strictly decreasing times with positive noise, at least 1
     * @return the timesteps, {@code times.length + 1} points
     * @throws IllegalArgumentException if the times are empty, not strictly decreasing, or the last one
     *     has zero noise ({@code lambda = +inf} admits no zero-length step)
     */
    public static Timesteps ofRepeatedEnd(NoiseSchedule schedule, double... times) {
        Checks.requireNonNull(times, "times");
        if (times.length < 1) {
            throw new IllegalArgumentException("times must have at least 1 point, got 0");
        }
        Timesteps ts = evaluate(schedule, times);
        int n = times.length;
        if (ts.endsAtZeroNoise) {
            throw new IllegalArgumentException(Checks.format(
                    "times[%d]=%s must have sigma > 0 to be repeated as a zero-length final step (%s)", n - 1,
                    times[n - 1], schedule.describe()));
        }
        return new Timesteps(repeatLast(ts.t), repeatLast(ts.alpha), repeatLast(ts.sigma), repeatLast(ts.lambda),
                false, true);
    }

    private static double[] repeatLast(double[] v) {
        double[] out = Arrays.copyOf(v, v.length + 1);
        out[v.length] = v[v.length - 1];
        return out;
    }

    /** Evaluates and validates at least one time. */
    private static Timesteps evaluate(NoiseSchedule schedule, double[] times) {
        Checks.requireAllFinite(times, "times");
        int n = times.length;
        double[] a = new double[n];
        double[] s = new double[n];
        double[] l = new double[n];
        for (int i = 0; i < n; i++) {
            if (i > 0 && !(times[i] < times[i - 1])) {
                throw new IllegalArgumentException(Checks.format(
                        "times must be strictly decreasing, got times[%d]=%s after times[%d]=%s",
                        i, times[i], i - 1, times[i - 1]));
            }
            a[i] = schedule.alpha(times[i]);
            s[i] = schedule.sigma(times[i]);
            l[i] = schedule.lambda(times[i]);
        }
        boolean zeroEnd = s[n - 1] == 0.0;
        if (zeroEnd) {
            l[n - 1] = Double.POSITIVE_INFINITY;
        }
        for (int i = 0; i < n - (zeroEnd ? 1 : 0); i++) {
            if (!(s[i] > 0) || !(a[i] > 0) || Double.isNaN(l[i])) {
                throw new IllegalArgumentException(Checks.format(
                        "times[%d]=%s must lie where alpha > 0 and sigma > 0 (%s), got alpha=%s, sigma=%s",
                        i, times[i], schedule.describe(), a[i], s[i]));
            }
        }
        return new Timesteps(times.clone(), a, s, l, zeroEnd, false);
    }

    /**
     * Evaluates a grid rule.
     *
     * @param schedule schedule
     * @param grid grid rule
     * @param tStart first time
     * @param tEnd last time
     * @param steps number of intervals
     * @return the timesteps
     */
    public static Timesteps of(NoiseSchedule schedule, TimeGrid grid, double tStart, double tEnd, int steps) {
        Checks.requirePositive(steps, "steps");
        return of(schedule, grid.times(schedule, tStart, tEnd, steps));
    }

    /**
     * Appends the zero-noise point (sigma = 0) after the last time.
     *
     * @param schedule schedule (for {@link NoiseSchedule#alphaAtZeroNoise()})
     * @return new timesteps with one more point
     * @throws IllegalStateException if the timesteps already end at zero noise or with a repeated point
     */
    public Timesteps withZeroNoiseEnd(NoiseSchedule schedule) {
        if (endsAtZeroNoise) {
            throw new IllegalStateException("timesteps already end at zero noise");
        }
        if (repeatedEnd) {
            throw new IllegalStateException("timesteps end with a repeated point (zero-length final step); "
                    + "nothing may follow it");
        }
        int n = t.length;
        double[] t2 = Arrays.copyOf(t, n + 1);
        double[] a2 = Arrays.copyOf(alpha, n + 1);
        double[] s2 = Arrays.copyOf(sigma, n + 1);
        double[] l2 = Arrays.copyOf(lambda, n + 1);
        t2[n] = Double.NaN;
        a2[n] = schedule.alphaAtZeroNoise();
        s2[n] = 0.0;
        l2[n] = Double.POSITIVE_INFINITY;
        return new Timesteps(t2, a2, s2, l2, true, false);
    }

    /**
     * The same points with the interior points {@code first .. first + times.length - 1} moved to the given
     * times ({@code alpha}, {@code sigma}, {@code lambda} re-evaluated there); the end structure (zero-noise
     * end, repeated end) is kept.
     *
     * @param schedule schedule the points were evaluated on
     * @param first index of the first replaced point, at least 1
     * @param times new times, strictly between their neighbours' times and strictly decreasing
     * @return new timesteps with the same number of points
     * @throws IllegalArgumentException if a replaced point is not interior or the times are out of order
     */
    public Timesteps withInteriorTimes(NoiseSchedule schedule, int first, double... times) {
        int last = first + times.length - 1;
        int lastInterior = t.length - (endsAtZeroNoise || repeatedEnd ? 3 : 2);
        if (first < 1 || last > lastInterior) {
            throw new IllegalArgumentException(Checks.format(
                    "replaced points %d..%d must be interior, i.e. within 1..%d", first, last, lastInterior));
        }
        double[] t2 = t.clone();
        double[] a2 = alpha.clone();
        double[] s2 = sigma.clone();
        double[] l2 = lambda.clone();
        for (int j = 0; j < times.length; j++) {
            int i = first + j;
            if (!(times[j] < t2[i - 1] && times[j] > t[i + 1])) {
                throw new IllegalArgumentException(Checks.format(
                        "times[%d]=%s must lie strictly between %s and %s", j, times[j], t2[i - 1], t[i + 1]));
            }
            t2[i] = times[j];
            a2[i] = schedule.alpha(times[j]);
            s2[i] = schedule.sigma(times[j]);
            l2[i] = schedule.lambda(times[j]);
        }
        return new Timesteps(t2, a2, s2, l2, endsAtZeroNoise, repeatedEnd);
    }

    /**
     * The points from {@code first} on: the tail of the grid a run started part-way down the noise levels walks
     * (img2img). Alpha, sigma and lambda are the stored values, so the tail's steps are bit-identical to the
     * same steps of the whole grid; a zero-noise or repeated end point stays what it was.
     *
     * @param first index of the new first point, {@code 0 <= first < steps()}
     * @return the tail, {@code points() - first} points
     * @throws InvalidInputException if {@code first} is outside that range
     */
    public Timesteps from(int first) {
        if (first < 0 || first >= steps()) {
            throw new InvalidInputException("first", first,
                    "an index in [0, " + (steps() - 1) + "] (at least one interval must remain)");
        }
        int n = t.length;
        return new Timesteps(Arrays.copyOfRange(t, first, n), Arrays.copyOfRange(alpha, first, n),
                Arrays.copyOfRange(sigma, first, n), Arrays.copyOfRange(lambda, first, n), endsAtZeroNoise,
                repeatedEnd);
    }

    /** @return number of intervals (points - 1) */
    public int steps() {
        return t.length - 1;
    }

    /** @return number of points */
    public int points() {
        return t.length;
    }

    /**
     * @param i point index
     * @return time of point {@code i} (NaN for a zero-noise end point)
     */
    public double t(int i) {
        return t[i];
    }

    /**
     * @param i point index
     * @return alpha at point {@code i}
     */
    public double alpha(int i) {
        return alpha[i];
    }

    /**
     * @param i point index
     * @return sigma at point {@code i}
     */
    public double sigma(int i) {
        return sigma[i];
    }

    /**
     * @param i point index
     * @return lambda at point {@code i} ({@code +inf} at a zero-noise end point)
     */
    public double lambda(int i) {
        return lambda[i];
    }

    /**
     * @param i point index
     * @return {@code sigma/alpha} at point {@code i}
     */
    public double rho(int i) {
        return sigma[i] / alpha[i];
    }

    /**
     * @param i point index
     * @return whether point {@code i} is the zero-noise end point
     */
    public boolean isZeroNoise(int i) {
        return endsAtZeroNoise && i == t.length - 1;
    }

    /** @return whether the last point has sigma = 0 */
    public boolean endsAtZeroNoise() {
        return endsAtZeroNoise;
    }

    /**
     * @return whether the last point repeats the one before ({@link #ofRepeatedEnd}): the last step has
     *     zero length
     */
    public boolean endsWithZeroLengthStep() {
        return repeatedEnd;
    }

    /**
     * @param i step index ({@code 0 <= i < steps()}), the interval from point {@code i} to {@code i + 1}
     * @return whether that step has zero length (only the last step of {@link #ofRepeatedEnd} timesteps)
     */
    public boolean isZeroLength(int i) {
        return repeatedEnd && i == t.length - 2;
    }

    /** @return a copy of the times */
    public double[] times() {
        return t.clone();
    }
}
