package io.samplerkit.solvers.internal;

import io.samplerkit.core.model.Prediction;
import io.samplerkit.core.state.Batch;
import io.samplerkit.core.state.BatchView;
import io.samplerkit.solvers.SolverContext;

/**
 * Which prediction an exponential integrator integrates exactly in its linear part: the noise
 * {@code epshat} (DPM-Solver, DEIS, UniPC "noise_prediction") or the clean data {@code x0hat}
 * (DPM-Solver++, UniPC "data_prediction"). The two families are the same formula with mirrored signs,
 * so every update in this library is written once as
 * <pre>
 *   x_t = A x_s + C sum_k w_k(h) E_k,     h = lambda_t - lambda_s,
 *   NOISE:  A = alpha_t/alpha_s,  C = -sigma_t,  w_k = chi_k(h) = h phi_k(h)
 *   DATA:   A = sigma_t/sigma_s,  C = +alpha_t,  w_k = psi_k(h) = h phi_k(-h)
 * </pre>
 * where {@code E_1} is the model output at {@code s} and {@code E_k} ({@code k >= 2}) approximates
 * {@code h^{k-1}} times its {@code (k-1)}-th lambda-derivative (variation of constants on
 * {@code d(x/alpha)/dlambda = -e^{-lambda} epshat}, resp. {@code d(x/sigma)/dlambda = e^{lambda} x0hat};
 * Lu et al. 2022, arXiv:2206.00927, eq. 3.6; Lu et al. 2022, arXiv:2211.01095, eq. 9).
 */
public enum ModelSide {

    /** Noise prediction: DPM-Solver's {@code algorithm_type="dpmsolver"}. */
    NOISE(Prediction.NOISE) {
        @Override
        public double weight(int k, double h) {
            return PhiFunctions.chi(k, h);
        }

        @Override
        public void weights(int count, double h, double[] out, int from) {
            PhiFunctions.chis(h, count, out, from);
        }

        @Override
        public double ratio(double alphaS, double sigmaS, double alphaT, double sigmaT) {
            return alphaT / alphaS;
        }

        @Override
        public double scale(double alphaT, double sigmaT) {
            return -sigmaT;
        }
    },

    /** Data prediction: DPM-Solver++'s {@code algorithm_type="dpmsolver++"}. */
    DATA(Prediction.DATA) {
        @Override
        public double weight(int k, double h) {
            return PhiFunctions.psi(k, h);
        }

        @Override
        public void weights(int count, double h, double[] out, int from) {
            PhiFunctions.psis(h, count, out, from);
        }

        @Override
        public double ratio(double alphaS, double sigmaS, double alphaT, double sigmaT) {
            return sigmaT / sigmaS;
        }

        @Override
        public double scale(double alphaT, double sigmaT) {
            return alphaT;
        }
    };

    private final Prediction prediction;

    ModelSide(Prediction prediction) {
        this.prediction = prediction;
    }

    /** @return the prediction the solver asks the model for */
    public Prediction prediction() {
        return prediction;
    }

    /**
     * The weight {@code w_k(h)}: {@code chi_k(h)} (noise) or {@code psi_k(h)} (data).
     *
     * @param k index 1 to {@link PhiFunctions#MAX_ORDER}
     * @param h step in half log-SNR ({@code +inf} allowed on the data side)
     * @return the weight
     */
    public abstract double weight(int k, double h);

    /**
     * The weights {@code w_1(h) .. w_count(h)} into {@code out[from ..]}: the values of {@link #weight}, bit for bit,
     * from one exponential ({@link PhiFunctions#chis}, {@link PhiFunctions#psis}).
     *
     * @param count how many, 1 to {@link PhiFunctions#MAX_ORDER}
     * @param h step in half log-SNR ({@code +inf} allowed on the data side)
     * @param out destination. Modified.
     * @param from index of {@code w_1} in {@code out}
     */
    public abstract void weights(int count, double h, double[] out, int from);

    /**
     * The homogeneous factor {@code A}: {@code alpha_t/alpha_s} (noise) or {@code sigma_t/sigma_s} (data).
     *
     * @param alphaS alpha at the start
     * @param sigmaS sigma at the start
     * @param alphaT alpha at the target
     * @param sigmaT sigma at the target
     * @return {@code A}
     */
    public abstract double ratio(double alphaS, double sigmaS, double alphaT, double sigmaT);

    /**
     * The signed output scale {@code C}: {@code -sigma_t} (noise) or {@code +alpha_t} (data).
     *
     * @param alphaT alpha at the target
     * @param sigmaT sigma at the target
     * @return {@code C}
     */
    public abstract double scale(double alphaT, double sigmaT);

    /**
     * Whether a step may end at zero noise ({@code lambda_t = +inf}): only the data side stays finite.
     *
     * @return true for {@link #DATA}
     */
    public boolean reachesZeroNoise() {
        return this == DATA;
    }

    /**
     * Evaluates the model in this side's parameterization.
     *
     * @param context the run's context (counts the call)
     * @param x state. Not modified.
     * @param t time
     * @param out destination. Modified.
     */
    public void evaluate(SolverContext context, BatchView x, double t, Batch out) {
        context.evaluate(x, t, prediction, out);
    }
}
