package io.samplerkit.core.model;

import io.samplerkit.core.Checks;
import io.samplerkit.core.schedule.NoiseSchedule;
import io.samplerkit.core.state.Batch;
import io.samplerkit.core.state.BatchView;
import java.util.Arrays;

/**
 * Dynamic thresholding of the data prediction (Saharia et al. 2022, "Imagen", arXiv:2205.11487,
 * section 2.3). Per sample (one row of the batch):
 * <pre>
 *   q  = quantile_p(|x0hat|)                    over the row's elements
 *   s  = max(q, maxValue)                       OFFICIAL  (DPM-Solver, UniPC: thresholding_max_val)
 *   s  = min(max(q, 1), maxValue)               DIFFUSERS (clamp(q, 1, sample_max_value))
 *   x0 = clamp(x0hat, -s, s) / s
 * </pre>
 * The quantile is {@code torch.quantile}'s default linear interpolation: for the row sorted
 * ascending, {@code v_0 <= ... <= v_{n-1}}, the rank {@code r = p (n-1)}, {@code i = floor(r)},
 * {@code w = r - i}, and {@code q = lerp(v_i, v_{ceil(r)}, w)} with torch's two-sided lerp
 * ({@code a + w (b - a)} if {@code w < 0.5}, else {@code b - (b - a)(1 - w)}); a row holding NaN has
 * quantile NaN.
 *
 * <p><b>Output type: always {@link Prediction#DATA}.</b> The wrapped model's output is converted to
 * {@code x0hat} (which needs the schedule), thresholded, and returned as a data prediction. Returning
 * the thresholded {@code x0} itself (rather than converting it back to the model's parameterization)
 * keeps data-prediction solvers exact, and a noise-prediction solver then receives
 * {@code eps = (x - alpha x0)/sigma}, which is exactly the diffusers noise-path formula (convert to
 * {@code x0}, threshold, convert back). Note that the official DPM-Solver applies its thresholding only
 * in its data-prediction algorithms ({@code dpmsolver++}); with a noise-prediction algorithm it does
 * not threshold at all, so do not wrap the model for such a comparison.
 *
 * <p>Thread-safe if the wrapped model is; the per-row sort buffer is per thread. One model call
 * per evaluation, plus an {@code O(d log d)} sort per row.
 */
public final class DynamicThresholding implements DiffusionModel {

    /** How the per-sample quantile becomes the scale {@code s}. */
    public enum Variant {
        /** {@code s = max(q, maxValue)}: official DPM-Solver and UniPC ({@code max_val}, default 1). */
        OFFICIAL {
            @Override
            double scale(double q, double maxValue) {
                return Math.max(q, maxValue);
            }
        },
        /** {@code s = clamp(q, 1, maxValue)}: diffusers ({@code sample_max_value}, default 1; must be at least 1). */
        DIFFUSERS {
            @Override
            double scale(double q, double maxValue) {
                return Math.min(Math.max(q, 1.0), maxValue);
            }
        };

        /**
         * @param q per-sample quantile
         * @param maxValue the variant's bound
         * @return the scale {@code s}
         */
        abstract double scale(double q, double maxValue);
    }

    private final DiffusionModel model;
    private final NoiseSchedule schedule;
    private final double ratio;
    private final double maxValue;
    private final Variant variant;
    private final ThreadScratch scratch = new ThreadScratch();

    /**
     * @param model the model whose data prediction is thresholded
     * @param schedule the schedule of the model's time (to convert its output to {@code x0hat})
     * @param ratio quantile level {@code p} in {@code [0, 1]} (0.995 in the paper and both codes)
     * @param maxValue OFFICIAL: lower bound of {@code s}, positive; DIFFUSERS: upper bound of {@code s},
     *     at least 1 (both default to 1)
     * @param variant how the quantile becomes the scale
     */
    public DynamicThresholding(DiffusionModel model, NoiseSchedule schedule, double ratio, double maxValue,
            Variant variant) {
        this.model = Checks.requireNonNull(model, "model");
        this.schedule = Checks.requireNonNull(schedule, "schedule");
        this.ratio = Checks.requireInRange(ratio, 0.0, 1.0, "ratio");
        this.variant = Checks.requireNonNull(variant, "variant");
        if (variant == Variant.DIFFUSERS) {
            this.maxValue = Checks.requireInRange(maxValue, 1.0, Double.MAX_VALUE, "maxValue");
        } else {
            this.maxValue = Checks.requirePositive(maxValue, "maxValue");
        }
    }

    /** @return the quantile level {@code p} */
    public double ratio() {
        return ratio;
    }

    /** @return the variant's bound on {@code s} */
    public double maxValue() {
        return maxValue;
    }

    /** @return the variant */
    public Variant variant() {
        return variant;
    }

    /** @return {@link Prediction#DATA}, whatever the wrapped model predicts */
    @Override
    public int networkEvaluationsPerCall() {
        return model.networkEvaluationsPerCall();
    }

    @Override
    public Prediction prediction() {
        return Prediction.DATA;
    }

    @Override
    public void evaluate(BatchView x, double t, Batch out) {
        model.evaluate(x, t, out);
        Prediction native_ = model.prediction();
        if (native_ != Prediction.DATA) {
            PredictionConversion.convert(native_, Prediction.DATA, x, out,
                    NoiseLevel.of(schedule, t, native_, Prediction.DATA), out);
        }
        int dim = out.dim();
        double[] o = out.data();
        double[] sorted = scratch.row(dim);
        for (int r = 0; r < out.size(); r++) {
            thresholdRow(o, r * dim, dim, sorted);
        }
    }

    private void thresholdRow(double[] o, int offset, int dim, double[] sorted) {
        for (int j = 0; j < dim; j++) {
            sorted[j] = Math.abs(o[offset + j]);
        }
        Arrays.sort(sorted, 0, dim);
        double s = variant.scale(quantileOfSorted(sorted, dim, ratio), maxValue);
        for (int j = offset; j < offset + dim; j++) {
            o[j] = Math.min(Math.max(o[j], -s), s) / s;
        }
    }

    /**
     * The quantile {@code quantile_p(values)} defined in the class comment (torch.quantile, linear
     * interpolation).
     *
     * @param values values, at least one. Not modified.
     * @param p level in {@code [0, 1]}
     * @return the interpolated quantile (NaN if any value is NaN)
     */
    public static double quantile(double[] values, double p) {
        Checks.requireNonNull(values, "values");
        Checks.requirePositive(values.length, "values.length");
        Checks.requireInRange(p, 0.0, 1.0, "p");
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return quantileOfSorted(sorted, sorted.length, p);
    }

    /** Quantile of the ascending {@code sorted[0, n)} (NaN sorts last, as in torch). */
    private static double quantileOfSorted(double[] sorted, int n, double p) {
        if (Double.isNaN(sorted[n - 1])) {
            return Double.NaN;
        }
        double rank = p * (n - 1);
        int below = (int) rank;
        int above = (int) Math.ceil(rank);
        double w = rank - below;
        double a = sorted[below];
        double b = sorted[above];
        return Math.abs(w) < 0.5 ? a + w * (b - a) : b - (b - a) * (1 - w);
    }

    @Override
    public String toString() {
        return Checks.format("DynamicThresholding(%s, p=%s, max=%s, %s)", variant, ratio, maxValue, model);
    }
}
