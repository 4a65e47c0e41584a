package io.samplerkit.core.model;

import io.samplerkit.core.Checks;
import io.samplerkit.core.state.Batch;
import io.samplerkit.core.state.BatchView;

/**
 * Exact conversions between the parameterizations of a Gaussian-marginal diffusion at a fixed
 * {@code (x, t)} with {@code x = alpha x0 + sigma eps}. The single place where these formulas live:
 * solvers never branch on the model's parameterization, they ask for data or noise predictions.
 *
 * <ul>
 * <li>{@code x0 = (x - sigma eps)/alpha}, {@code eps = (x - alpha x0)/sigma};</li>
 * <li>score {@code s = -eps/sigma} (Tweedie: {@code x0 = (x + sigma^2 s)/alpha});</li>
 * <li>velocity {@code v = alpha eps - sigma x0}; for general {@code (alpha, sigma)}
 *     {@code x0 = (alpha x - sigma v)/(alpha^2+sigma^2)}, {@code eps = (sigma x + alpha v)/(alpha^2+sigma^2)}
 *     (Salimans and Ho 2022, arXiv:2202.00512, appendix D; reduces to the VP formulas);</li>
 * <li>flow {@code u = alpha' x0 + sigma' eps}: {@code x0 = (sigma' x - sigma u)/(alpha sigma' - sigma alpha')},
 *     {@code eps = (alpha u - alpha' x)/(alpha sigma' - sigma alpha')} (Lipman et al. 2023, arXiv:2210.02747).</li>
 * </ul>
 *
 * <p>Every method is element-wise: {@code out} may alias {@code in} or {@code x}. Allocation-free.
 */
public final class PredictionConversion {

    private PredictionConversion() {
    }

    /**
     * Converts a model output between parameterizations.
     *
     * @param from parameterization of {@code in}
     * @param to wanted parameterization
     * @param x the noisy state the output belongs to. Not modified unless aliased.
     * @param in model output. Not modified unless aliased.
     * @param level alpha, sigma (and derivatives for FLOW) at the output's time
     * @param out destination. Modified.
     */
    public static void convert(Prediction from, Prediction to, BatchView x, BatchView in, NoiseLevel level,
            Batch out) {
        out.requireSameShape(x);
        out.requireSameShape(in);
        if (from == to) {
            if (out != in) {
                System.arraycopy(in.data(), 0, out.data(), 0, out.data().length);
            }
            return;
        }
        // Every conversion is out = cx * x + cin * in; find (cx, cin) via data or noise.
        double[] toData = dataCoefficients(from, level);
        double[] coef;
        if (to == Prediction.DATA) {
            coef = toData;
        } else {
            coef = fromDataCoefficients(to, level, toData);
        }
        double cx = coef[0];
        double cin = coef[1];
        double[] o = out.data();
        double[] xs = x.data();
        double[] is = in.data();
        for (int i = 0; i < o.length; i++) {
            o[i] = cx * xs[i] + cin * is[i];
        }
    }

    /**
     * Coefficients {@code (cx, cin)} with {@code x0 = cx x + cin in} for an output of type {@code from}.
     * Allocates a two-element array; used once per conversion, never inside an element loop.
     *
     * @param from parameterization
     * @param level noise level
     * @return {@code {cx, cin}}
     */
    static double[] dataCoefficients(Prediction from, NoiseLevel level) {
        double a = level.alpha();
        double s = level.sigma();
        switch (from) {
            case DATA:
                return new double[] {0, 1};
            case NOISE:
                return new double[] {1 / a, -s / a};
            case SCORE:
                return new double[] {1 / a, s * s / a};
            case VELOCITY: {
                double n = a * a + s * s;
                return new double[] {a / n, -s / n};
            }
            case FLOW: {
                double da = level.alphaDerivative();
                double ds = level.sigmaDerivative();
                double det = a * ds - s * da;
                Checks.requireFinite(det, "alpha*sigma' - sigma*alpha'");
                return new double[] {ds / det, -s / det};
            }
            default:
                throw new IllegalArgumentException("unknown prediction " + from);
        }
    }

    /**
     * Given {@code x0 = dx x + din in}, the coefficients of {@code to} as {@code cx x + cin in}.
     */
    private static double[] fromDataCoefficients(Prediction to, NoiseLevel level, double[] d) {
        double a = level.alpha();
        double s = level.sigma();
        double dx = d[0];
        double din = d[1];
        switch (to) {
            case NOISE:
                // eps = (x - a x0)/s
                return new double[] {(1 - a * dx) / s, -a * din / s};
            case SCORE:
                // score = -(x - a x0)/s^2
                return new double[] {-(1 - a * dx) / (s * s), a * din / (s * s)};
            case VELOCITY: {
                // v = a eps - s x0 = (a/s)(x - a x0) - s x0 = (a/s) x - (a^2/s + s) x0
                double k = a * a / s + s;
                return new double[] {a / s - k * dx, -k * din};
            }
            case FLOW: {
                // u = a' x0 + s' eps = a' x0 + (s'/s)(x - a x0)
                double da = level.alphaDerivative();
                double ds = level.sigmaDerivative();
                double k = da - ds * a / s;
                return new double[] {ds / s + k * dx, k * din};
            }
            default:
                throw new IllegalArgumentException("unknown prediction " + to);
        }
    }
}
