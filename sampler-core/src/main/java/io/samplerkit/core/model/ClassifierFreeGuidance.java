package io.samplerkit.core.model;

import io.samplerkit.core.Checks;
import io.samplerkit.core.kernel.Kernels;
import io.samplerkit.core.state.Batch;
import io.samplerkit.core.state.BatchView;

/**
 * Classifier-free guidance (Ho and Salimans 2022, arXiv:2207.12598, eq. 6): combines an unconditional
 * and a conditional model of the same parameterization as
 * <pre>
 *   out = u + w (c - u)
 * </pre>
 * in exactly this rounding order, {@code w = 1} giving the conditional model and {@code w = 0} the
 * unconditional one. The combination is done in the models' common prediction. Because every
 * {@link PredictionConversion} is affine with the same coefficients for both models at a given
 * {@code (x, t)}, guiding in one parameterization and converting equals converting and guiding (up to
 * rounding); this is why the official DPM-Solver guides noise predictions and others guide denoisers.
 *
 * <p>Two model calls per evaluation. Thread-safe if both models are: the unconditional output goes to
 * a per-thread scratch batch (allocated once per thread and shape).
 */
public final class ClassifierFreeGuidance implements DiffusionModel {

    private final DiffusionModel unconditional;
    private final DiffusionModel conditional;
    private final double scale;
    private final ThreadScratch scratch = new ThreadScratch();

    /**
     * @param unconditional model without the condition
     * @param conditional model with the condition; must predict what {@code unconditional} predicts
     * @param scale guidance scale {@code w}, finite (typically 1 to 10)
     * @throws IllegalArgumentException if the two predictions differ
     */
    public ClassifierFreeGuidance(DiffusionModel unconditional, DiffusionModel conditional, double scale) {
        this.unconditional = Checks.requireNonNull(unconditional, "unconditional");
        this.conditional = Checks.requireNonNull(conditional, "conditional");
        this.scale = Checks.requireFinite(scale, "scale");
        if (unconditional.prediction() != conditional.prediction()) {
            throw new IllegalArgumentException(Checks.format(
                    "conditional.prediction must equal unconditional.prediction=%s, got %s",
                    unconditional.prediction(), conditional.prediction()));
        }
    }

    /** @return the guidance scale {@code w} */
    public double scale() {
        return scale;
    }

    @Override
    public Prediction prediction() {
        return conditional.prediction();
    }

    /** @return the two models' counts added: one guided call runs both */
    @Override
    public int networkEvaluationsPerCall() {
        return unconditional.networkEvaluationsPerCall() + conditional.networkEvaluationsPerCall();
    }

    @Override
    public void evaluate(BatchView x, double t, Batch out) {
        Batch u = scratch.batchLike(out);
        unconditional.evaluate(x, t, u);
        conditional.evaluate(x, t, out);
        Kernels.lerp(out, u, scale, out);
    }

    @Override
    public String toString() {
        return "ClassifierFreeGuidance(w=" + scale + ", " + unconditional + ", " + conditional + ")";
    }
}
