package io.samplerkit.solvers.diffusers;

import io.samplerkit.core.InvalidInputException;
import io.samplerkit.core.schedule.BetaSchedule;
import io.samplerkit.core.schedule.Linspace;
import io.samplerkit.core.schedule.ZeroTerminalSnr;

/**
 * The training noise table of a discrete diffusers scheduler, {@code betas} and {@code alphas_cumprod}, built from a
 * config exactly as the scheduler's constructor builds it:
 * <pre>
 *   trained_betas        the given list
 *   linear               torch.linspace(beta_start, beta_end, N)
 *   scaled_linear        torch.linspace(sqrt(beta_start), sqrt(beta_end), N)^2
 *   squaredcos_cap_v2    beta_i = min(1 - abar((i+1)/N)/abar(i/N), 0.999),  abar(t) = cos((t + 0.008)/1.008 pi/2)^2
 *   rescale_betas_zero_snr (classes that take it): the zero-terminal-SNR rescaling (Lin et al. 2024, Algorithm 1)
 *   alphas_cumprod       cumulative product of 1 - beta; Euler, EulerAncestral, DPMSolverMultistep and UniPC then
 *                        replace a zero last entry by 2^-24 so that their sigmas stay finite
 * </pre>
 * In {@link Precision#FLOAT32} every operation is the float32 one torch performs ({@link Linspace#torchFloat32},
 * {@code cumprod} accumulated in double and rounded per element); in {@link Precision#FLOAT64} the float64 one.
 *
 * @param betas the betas (float32 values widened in FLOAT32)
 * @param alphasCumprod the cumulative products, same length
 * @param precision the precision they were built in
 */
public record TrainingTable(double[] betas, double[] alphasCumprod, Precision precision) {

    /** diffusers' floor for a zero last {@code alphas_cumprod}: {@code 2^-24}. */
    public static final double ZERO_SNR_FLOOR = 0x1p-24;

    /**
     * Builds the table of an effective config.
     *
     * @param config effective config of a discrete class
     * @param precision precision
     * @return the table
     * @throws InvalidInputException for a beta schedule that is not supported
     */
    public static TrainingTable of(SchedulerConfig config, Precision precision) {
        int n = config.integer("num_train_timesteps");
        if (n < 2) {
            throw new InvalidInputException("num_train_timesteps", n, "at least 2");
        }
        double[] betas = betas(config, n, precision);
        boolean zeroSnr = config.schedulerClass().accepts("rescale_betas_zero_snr")
                && config.bool("rescale_betas_zero_snr");
        SchedulerClass cls = config.schedulerClass();
        boolean zeroEndAllowed = cls == SchedulerClass.DDIM || cls == SchedulerClass.DDPM;
        double[] raw = zeroSnr ? cumprod(betas, precision) : null;
        if (zeroSnr) {
            // the rescaling needs the table it rescales to be a noise schedule (no zero before the end either)
            requireNoiseLevels(config, raw, false, zeroEndAllowed || floorsZeroSnr(cls));
        }
        if (zeroSnr && raw[n - 1] > 0) {
            // (a table that already ends at zero SNR is left as it is: the rescaling is the identity there)
            if (precision == Precision.FLOAT64) {
                betas = ZeroTerminalSnr.rescaleBetas(betas);
            } else {
                betas = rescaleFloat32(betas);
            }
        }
        double[] acp = cumprod(betas, precision);
        boolean floored = zeroSnr && acp[n - 1] == 0.0 && floorsZeroSnr(cls);
        if (floored) {
            acp[n - 1] = ZERO_SNR_FLOOR;
        }
        requireNoiseLevels(config, acp, floored, zeroEndAllowed);
        return new TrainingTable(betas, acp, precision);
    }

    /**
     * A table is a noise schedule only when {@code alphas_cumprod} falls strictly inside {@code (0, 1)}; its last
     * entry may be exactly 0 (zero terminal SNR) for DDIM and DDPM, whose runs start from pure noise (the other
     * classes divide by it). Betas that round {@code 1 - beta} to 1, products that underflow
     * to 0 before the last index, and a zero-SNR floor above the entry before it are refused, naming the key that
     * made the table.
     */
    private static void requireNoiseLevels(SchedulerConfig config, double[] acp, boolean floored,
            boolean zeroEndAllowed) {
        int n = acp.length;
        for (int i = 0; i < n; i++) {
            double prev = i == 0 ? 1.0 : acp[i - 1];
            boolean ok = acp[i] < prev && (acp[i] > 0 || zeroEndAllowed && i == n - 1 && acp[i] == 0.0);
            if (ok) {
                continue;
            }
            String where = String.format("alphas_cumprod[%d] = %s after %s", i, acp[i], prev);
            if (floored && i == n - 1) {
                throw new InvalidInputException("rescale_betas_zero_snr", true, "false for this beta table: "
                        + config.schedulerClass().className() + " raises a zero last alphas_cumprod to 2^-24, "
                        + "which is not below the entry before it, so the noise levels are not monotone (" + where
                        + ")");
            }
            boolean underflow = !(acp[i] > 0);
            if (config.value("trained_betas") != null) {
                throw new InvalidInputException("trained_betas[" + i + "]", config.numbers("trained_betas")[i],
                        "betas giving alphas_cumprod strictly decreasing in (0, 1) (" + where + ")");
            }
            String key = underflow ? "beta_end" : "beta_start";
            throw new InvalidInputException(key, config.value(key), underflow
                    ? "small enough that alphas_cumprod stays above 0 before the last of num_train_timesteps="
                            + n + " (" + where + ")"
                    : "large enough that 1 - beta is below 1 at every index (" + where + ")");
        }
    }

    private static boolean floorsZeroSnr(SchedulerClass c) {
        return c == SchedulerClass.EULER || c == SchedulerClass.EULER_ANCESTRAL
                || c == SchedulerClass.DPM_SOLVER_MULTISTEP || c == SchedulerClass.UNIPC;
    }

    private static double[] betas(SchedulerConfig config, int n, Precision precision) {
        Object trained = config.value("trained_betas");
        if (trained != null) {
            double[] b = config.numbers("trained_betas");
            if (b.length != n) {
                throw new InvalidInputException("trained_betas", "a list of " + b.length + " values",
                        "a list of num_train_timesteps=" + n + " betas");
            }
            for (int i = 0; i < b.length; i++) {
                if (!(b[i] > 0 && b[i] <= 1)) {
                    throw new InvalidInputException("trained_betas[" + i + "]", b[i], "in (0, 1]");
                }
            }
            return precision.roundAll(b);
        }
        String schedule = config.string("beta_schedule");
        double start = config.number("beta_start");
        double end = config.number("beta_end");
        switch (schedule) {
            case "linear" -> {
                return precision == Precision.FLOAT64 ? Linspace.torch(start, end, n)
                        : widen(Linspace.torchFloat32(start, end, n));
            }
            case "scaled_linear" -> {
                if (precision == Precision.FLOAT64) {
                    double[] r = Linspace.torch(Math.sqrt(start), Math.sqrt(end), n);
                    for (int i = 0; i < n; i++) {
                        r[i] = r[i] * r[i];
                    }
                    return r;
                }
                float[] f = Linspace.torchFloat32(Math.sqrt(start), Math.sqrt(end), n);
                double[] r = new double[n];
                for (int i = 0; i < n; i++) {
                    r[i] = f[i] * f[i];
                }
                return r;
            }
            case "squaredcos_cap_v2" -> {
                return precision.roundAll(BetaSchedule.SQUAREDCOS_CAP_V2.betas(n, 0.5, 0.5));
            }
            default -> throw new InvalidInputException("beta_schedule", schedule,
                    "one of [linear, scaled_linear, squaredcos_cap_v2] (or trained_betas)");
        }
    }

    private static double[] widen(float[] f) {
        double[] r = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            r[i] = f[i];
        }
        return r;
    }

    /** {@code cumprod(1 - betas)}; float32: {@code 1 - beta} in float32, products accumulated in double, rounded. */
    private static double[] cumprod(double[] betas, Precision precision) {
        if (precision == Precision.FLOAT64) {
            return BetaSchedule.alphasCumprod(betas);
        }
        double[] r = new double[betas.length];
        double p = 1.0;
        for (int i = 0; i < betas.length; i++) {
            p *= (float) (1.0f - (float) betas[i]);
            r[i] = (float) p;
        }
        return r;
    }

    /** The zero-terminal-SNR rescaling with torch's float32 operations, in diffusers' order. */
    private static double[] rescaleFloat32(double[] betas) {
        int n = betas.length;
        double[] acp = cumprod(betas, Precision.FLOAT32);
        float[] s = new float[n];
        for (int i = 0; i < n; i++) {
            s[i] = (float) Math.sqrt((float) acp[i]);
        }
        float a0 = s[0];
        float at = s[n - 1];
        float scale = a0 / (a0 - at);
        float[] bar = new float[n];
        for (int i = 0; i < n; i++) {
            float v = (s[i] - at) * scale;
            bar[i] = v * v;
        }
        double[] r = new double[n];
        r[0] = 1.0f - bar[0];
        for (int i = 1; i < n; i++) {
            r[i] = 1.0f - bar[i] / bar[i - 1];
        }
        return r;
    }

    /** @return {@code N}, the number of training timesteps */
    public int size() {
        return alphasCumprod.length;
    }

    /**
     * diffusers' training sigmas {@code ((1 - alphas_cumprod)/alphas_cumprod)^0.5} (float32 operations in FLOAT32).
     *
     * @return a new array, increasing with the index
     */
    public double[] sigmas() {
        double[] r = new double[size()];
        for (int i = 0; i < r.length; i++) {
            r[i] = sigma(i);
        }
        return r;
    }

    /**
     * @param i training index
     * @return {@code ((1 - alphas_cumprod[i])/alphas_cumprod[i])^0.5}
     */
    public double sigma(int i) {
        double a = alphasCumprod[i];
        if (precision == Precision.FLOAT32) {
            float f = (float) a;
            return (float) Math.sqrt((1.0f - f) / f);
        }
        return Math.sqrt((1 - a) / a);
    }

    /** @return {@code log} of {@link #sigmas()} (numpy keeps the float32 dtype in FLOAT32) */
    public double[] logSigmas() {
        double[] s = sigmas();
        for (int i = 0; i < s.length; i++) {
            s[i] = precision.round(Math.log(s[i]));
        }
        return s;
    }
}
