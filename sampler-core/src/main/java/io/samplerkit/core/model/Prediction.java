package io.samplerkit.core.model;

/**
 * What a model predicts at {@code (x, t)} for {@code x = alpha x0 + sigma eps}.
 * Conversions between any two are exact, see {@link PredictionConversion}.
 */
public enum Prediction {
    /** Noise {@code eps} (DDPM, Ho et al. 2020). */
    NOISE,
    /** Clean data {@code x0} (a denoiser, EDM's D). */
    DATA,
    /** Velocity {@code v = alpha eps - sigma x0} (Salimans and Ho 2022, arXiv:2202.00512). */
    VELOCITY,
    /** Score {@code grad log p_t(x) = -eps/sigma}. */
    SCORE,
    /** Flow velocity {@code u = alpha' x0 + sigma' eps = dx/dt} (flow matching, Lipman et al. 2023, arXiv:2210.02747). */
    FLOW
}
