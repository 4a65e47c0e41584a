package io.samplerkit.core.model;

import io.samplerkit.core.Checks;
import io.samplerkit.core.kernel.Kernels;
import io.samplerkit.core.schedule.NoiseSchedule;
import io.samplerkit.core.state.Batch;
import io.samplerkit.core.state.BatchView;

/**
 * Exact conversions between the parameterizations of a Gaussian-marginal diffusion at a fixed
 * {@code (x, t)} with {@code x = alpha x0 + sigma eps}. The single place where these formulas live:
 * solvers never branch on the model's parameterization, they ask for data or noise predictions.
 *
 * <p>Every prediction {@code p} is a fixed linear combination of the clean data and the noise,
 * {@code p = A_p x0 + B_p eps} ({@link #dataWeight}, {@link #noiseWeight}):
 * <pre>
 *   prediction   A_p          B_p
 *   DATA         1            0
 *   NOISE        0            1
 *   SCORE        0            -1/sigma          (s = -eps/sigma)
 *   VELOCITY     -sigma       alpha             (v = alpha eps - sigma x0)
 *   FLOW         alpha'       sigma'            (u = alpha' x0 + sigma' eps = dx/dt)
 * </pre>
 * Given the output {@code in} of type {@code from} and the state {@code x}, the pair
 * {@code (x, in)} determines {@code (x0, eps)} through the 2x2 system
 * {@code [x; in] = [[alpha, sigma], [A, B]] [x0; eps]}, whose determinant is
 * {@code D = alpha B - sigma A}. Hence every conversion is one affine map
 * <pre>
 *   to = cx x + cin in,   cx = (A_to B_from - B_to A_from) / D_from,
 *                         cin = (B_to alpha - A_to sigma) / D_from,
 * </pre>
 * which reproduces the familiar closed forms: {@code x0 = (x - sigma eps)/alpha},
 * {@code eps = (x - alpha x0)/sigma}, Tweedie {@code x0 = (x + sigma^2 s)/alpha}; for velocity
 * {@code x0 = (alpha x - sigma v)/(alpha^2+sigma^2)}, {@code eps = (sigma x + alpha v)/(alpha^2+sigma^2)}
 * (Salimans and Ho 2022, arXiv:2202.00512, appendix D; the VP formulas when {@code alpha^2+sigma^2=1});
 * for flow {@code x0 = (sigma' x - sigma u)/(alpha sigma' - sigma alpha')},
 * {@code eps = (alpha u - alpha' x)/(alpha sigma' - sigma alpha')} (Lipman et al. 2023, arXiv:2210.02747).
 * Composing through this one system avoids the cancellation of a two-stage conversion (for example
 * noise to score gets {@code cx = 0} exactly).
 *
 * <p>FLOW needs the derivatives {@code alpha'}, {@code sigma'} of the {@link NoiseLevel}; the other
 * predictions ignore them. Thread-safe: stateless. {@link #convert} allocates nothing.
 */
public final class PredictionConversion {

    private PredictionConversion() {
    }

    /**
     * Converts a model output between parameterizations: {@code out = cx x + cin in}.
     *
     * @param from parameterization of {@code in}
     * @param to wanted parameterization
     * @param x the noisy state the output belongs to. Not modified unless aliased.
     * @param in model output. Not modified unless aliased.
     * @param level alpha, sigma (and derivatives for FLOW) at the output's time
     * @param out destination; may alias {@code x} or {@code in} (element-wise). Modified.
     */
    public static void convert(Prediction from, Prediction to, BatchView x, BatchView in, NoiseLevel level,
            Batch out) {
        requireShapes(x, in, out);
        if (from != to) {
            combine(x, in, xCoefficient(from, to, level), inputCoefficient(from, to, level), out);
        } else if (out != in) {
            Kernels.copy(out, in);
        }
    }

    /**
     * {@link #convert(Prediction, Prediction, BatchView, BatchView, NoiseLevel, Batch)} at time {@code t} of
     * {@code schedule}, for callers that convert at every model call: no {@link NoiseLevel} is allocated (the
     * coefficients of {@link #xCoefficient(Prediction, Prediction, NoiseSchedule, double)} and
     * {@link #inputCoefficient(Prediction, Prediction, NoiseSchedule, double)}: the same bits).
     *
     * @param from parameterization of {@code in}
     * @param to wanted parameterization
     * @param x the noisy state the output belongs to. Not modified unless aliased.
     * @param in model output. Not modified unless aliased.
     * @param schedule the schedule
     * @param t the output's time
     * @param out destination; may alias {@code x} or {@code in} (element-wise). Modified.
     */
    public static void convert(Prediction from, Prediction to, BatchView x, BatchView in, NoiseSchedule schedule,
            double t, Batch out) {
        requireShapes(x, in, out);
        if (from != to) {
            combine(x, in, xCoefficient(from, to, schedule, t), inputCoefficient(from, to, schedule, t), out);
        } else if (out != in) {
            Kernels.copy(out, in);
        }
    }

    private static void requireShapes(BatchView x, BatchView in, Batch out) {
        out.requireSameShape(x);
        out.requireSameShape(in);
    }

    /** The conversion's kernel: {@code out = cx x + cin in}. */
    private static void combine(BatchView x, BatchView in, double cx, double cin, Batch out) {
        Kernels.lincomb2(out, cx, x, cin, in);
    }

    /**
     * Coefficient of the state in {@code to = cx x + cin in}.
     *
     * @param from parameterization of the input
     * @param to wanted parameterization
     * @param level noise level (derivatives needed only when FLOW is involved)
     * @return {@code cx = (A_to B_from - B_to A_from) / (alpha B_from - sigma A_from)}; 0 when {@code from == to}
     * @throws IllegalArgumentException if FLOW is involved and the level's derivatives are not finite
     */
    public static double xCoefficient(Prediction from, Prediction to, NoiseLevel level) {
        return xCoefficient(from, to, level.alpha(), level.sigma(), level.alphaDerivative(), level.sigmaDerivative());
    }

    /**
     * {@link #xCoefficient(Prediction, Prediction, NoiseLevel)} at time {@code t} of {@code schedule}, for callers
     * that convert at every model call: no {@link NoiseLevel} is allocated (the numbers of
     * {@link NoiseLevel#of(NoiseSchedule, double, Prediction, Prediction)}, the same arithmetic, the same bits).
     *
     * @param from parameterization of the input
     * @param to wanted parameterization
     * @param schedule the schedule
     * @param t its time
     * @return {@code cx}; 0 when {@code from == to}
     * @throws IllegalArgumentException if FLOW is involved and the schedule's derivatives are not finite at {@code t}
     */
    public static double xCoefficient(Prediction from, Prediction to, NoiseSchedule schedule, double t) {
        return coefficientAt(false, from, to, schedule, t);
    }

    private static double xCoefficient(Prediction from, Prediction to, double alpha, double sigma,
            double alphaDerivative, double sigmaDerivative) {
        if (from == to) {
            return 0.0;
        }
        double af = dataWeight(from, sigma, alphaDerivative);
        double bf = noiseWeight(from, alpha, sigma, sigmaDerivative);
        return (dataWeight(to, sigma, alphaDerivative) * bf - noiseWeight(to, alpha, sigma, sigmaDerivative) * af)
                / (alpha * bf - sigma * af);
    }

    /**
     * Coefficient of the input in {@code to = cx x + cin in}.
     *
     * @param from parameterization of the input
     * @param to wanted parameterization
     * @param level noise level (derivatives needed only when FLOW is involved)
     * @return {@code cin = (alpha B_to - sigma A_to) / (alpha B_from - sigma A_from)}; 1 when {@code from == to}
     * @throws IllegalArgumentException if FLOW is involved and the level's derivatives are not finite
     */
    public static double inputCoefficient(Prediction from, Prediction to, NoiseLevel level) {
        return inputCoefficient(from, to, level.alpha(), level.sigma(), level.alphaDerivative(),
                level.sigmaDerivative());
    }

    /**
     * {@link #inputCoefficient(Prediction, Prediction, NoiseLevel)} at time {@code t} of {@code schedule}, allocating
     * no {@link NoiseLevel} (as {@link #xCoefficient(Prediction, Prediction, NoiseSchedule, double)}: the same bits).
     *
     * @param from parameterization of the input
     * @param to wanted parameterization
     * @param schedule the schedule
     * @param t its time
     * @return {@code cin}; 1 when {@code from == to}
     * @throws IllegalArgumentException if FLOW is involved and the schedule's derivatives are not finite at {@code t}
     */
    public static double inputCoefficient(Prediction from, Prediction to, NoiseSchedule schedule, double t) {
        return coefficientAt(true, from, to, schedule, t);
    }

    /**
     * Both coefficients of the conversion at time {@code t} of {@code schedule} from one evaluation of the schedule, for
     * callers that convert at every model call: {@code into[0] = }{@link #xCoefficient(Prediction, Prediction,
     * NoiseSchedule, double)} and {@code into[1] = }{@link #inputCoefficient(Prediction, Prediction, NoiseSchedule,
     * double)}, the same bits as those two calls (the same numbers through the same arithmetic), with alpha, sigma and
     * the derivatives evaluated once instead of twice (each is an {@code exp} or {@code expm1} on most schedules).
     *
     * @param from parameterization of the input
     * @param to wanted parameterization
     * @param schedule the schedule
     * @param t its time
     * @param into destination of {@code cx} and {@code cin}, at least 2 long. Modified.
     * @throws IllegalArgumentException if FLOW is involved and the schedule's derivatives are not finite at {@code t}
     */
    public static void coefficientsAt(Prediction from, Prediction to, NoiseSchedule schedule, double t,
            double[] into) {
        boolean flow = from == Prediction.FLOW || to == Prediction.FLOW;
        double alpha = schedule.alpha(t);
        double sigma = schedule.sigma(t);
        double alphaDerivative = flow ? schedule.alphaDerivative(t) : Double.NaN;
        double sigmaDerivative = flow ? schedule.sigmaDerivative(t) : Double.NaN;
        into[0] = xCoefficient(from, to, alpha, sigma, alphaDerivative, sigmaDerivative);
        into[1] = inputCoefficient(from, to, alpha, sigma, alphaDerivative, sigmaDerivative);
    }

    /**
     * The input's or the state's coefficient from the numbers {@link NoiseLevel#of(NoiseSchedule, double, Prediction,
     * Prediction)} would hold: alpha and sigma at {@code t}, the derivatives only when FLOW is involved (NaN otherwise).
     */
    private static double coefficientAt(boolean input, Prediction from, Prediction to, NoiseSchedule schedule,
            double t) {
        boolean flow = from == Prediction.FLOW || to == Prediction.FLOW;
        double alpha = schedule.alpha(t);
        double sigma = schedule.sigma(t);
        double alphaDerivative = flow ? schedule.alphaDerivative(t) : Double.NaN;
        double sigmaDerivative = flow ? schedule.sigmaDerivative(t) : Double.NaN;
        return input ? inputCoefficient(from, to, alpha, sigma, alphaDerivative, sigmaDerivative)
                : xCoefficient(from, to, alpha, sigma, alphaDerivative, sigmaDerivative);
    }

    private static double inputCoefficient(Prediction from, Prediction to, double alpha, double sigma,
            double alphaDerivative, double sigmaDerivative) {
        if (from == to) {
            return 1.0;
        }
        double af = dataWeight(from, sigma, alphaDerivative);
        double bf = noiseWeight(from, alpha, sigma, sigmaDerivative);
        double at = dataWeight(to, sigma, alphaDerivative);
        double bt = noiseWeight(to, alpha, sigma, sigmaDerivative);
        return (alpha * bt - sigma * at) / (alpha * bf - sigma * af);
    }

    /**
     * Weight {@code A_p} of the clean data in {@code p = A_p x0 + B_p eps} (table in the class comment).
     *
     * @param p parameterization
     * @param level noise level
     * @return {@code A_p}
     * @throws IllegalArgumentException for FLOW when {@code level.alphaDerivative()} is not finite
     */
    public static double dataWeight(Prediction p, NoiseLevel level) {
        return dataWeight(p, level.sigma(), level.alphaDerivative());
    }

    private static double dataWeight(Prediction p, double sigma, double alphaDerivative) {
        switch (p) {
            case DATA:
                return 1.0;
            case NOISE:
            case SCORE:
                return 0.0;
            case VELOCITY:
                return -sigma;
            case FLOW:
                return Checks.requireFinite(alphaDerivative, "level.alphaDerivative (needed by FLOW)");
            default:
                throw new IllegalArgumentException("unknown prediction " + p);
        }
    }

    /**
     * Weight {@code B_p} of the noise in {@code p = A_p x0 + B_p eps} (table in the class comment).
     *
     * @param p parameterization
     * @param level noise level
     * @return {@code B_p}
     * @throws IllegalArgumentException for FLOW when {@code level.sigmaDerivative()} is not finite
     */
    public static double noiseWeight(Prediction p, NoiseLevel level) {
        return noiseWeight(p, level.alpha(), level.sigma(), level.sigmaDerivative());
    }

    private static double noiseWeight(Prediction p, double alpha, double sigma, double sigmaDerivative) {
        switch (p) {
            case DATA:
                return 0.0;
            case NOISE:
                return 1.0;
            case SCORE:
                return -1.0 / sigma;
            case VELOCITY:
                return alpha;
            case FLOW:
                return Checks.requireFinite(sigmaDerivative, "level.sigmaDerivative (needed by FLOW)");
            default:
                throw new IllegalArgumentException("unknown prediction " + p);
        }
    }
}
