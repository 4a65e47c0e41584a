package io.samplerkit.core.dynamics;

import io.samplerkit.core.Checks;
import io.samplerkit.core.model.DiffusionModel;
import io.samplerkit.core.schedule.NoiseSchedule;
import io.samplerkit.core.state.Batch;
import io.samplerkit.core.state.BatchView;

/**
 * The family of reverse-time SDEs that share the forward marginals (Song et al. 2021, arXiv:2011.13456,
 * eq. 6 for {@code eta = 1}; the family is the lambda-family of Zhang and Chen 2022, "DEIS",
 * arXiv:2204.13902, section 2; Karras et al. 2022, arXiv:2206.00364, eq. 6, write the same family with a
 * free rate {@code beta(t)}):
 * <pre>
 *   dx = [f(t) x - ((1 + eta^2)/2) g(t)^2 s(x, t)] dt + eta g(t) dw',
 * </pre>
 * integrated from large to small {@code t} ({@code dt < 0}) with {@code w'} a Brownian motion in
 * reverse time. {@code eta = 1} is Anderson's reverse SDE (Anderson 1982, doi:10.1016/0304-4149(82)90051-5),
 * {@code eta = 0} the probability-flow ODE. k-diffusion's {@code eta} of {@code dpmpp_2m_sde} is
 * {@code eta^2} here. An Euler–Maruyama step from {@code s} to {@code t < s} reads
 * {@code x_t = x_s + drift(x_s, s) (t - s) + diffusion(s) sqrt(s - t) z}, {@code z ~ N(0, I)}.
 *
 * <p>The score comes from the model through the same exact conversion as
 * {@link ProbabilityFlowOde} (shared code). One model call per {@link #drift}; stochastic (Itô).
 * Immutable; thread-safe if the model is. Allocates nothing.
 *
 * @param schedule the schedule, whose time the model takes
 * @param model the model
 * @param eta noise scale {@code eta >= 0}
 */
public record ReverseSde(NoiseSchedule schedule, DiffusionModel model, double eta) {

    /** Validates. */
    public ReverseSde {
        Checks.requireNonNull(schedule, "schedule");
        Checks.requireNonNull(model, "model");
        Checks.requireNonNegative(eta, "eta");
    }

    /**
     * Anderson's reverse SDE, {@code eta = 1}.
     *
     * @param schedule schedule
     * @param model model
     * @return the SDE
     */
    public static ReverseSde anderson(NoiseSchedule schedule, DiffusionModel model) {
        return new ReverseSde(schedule, model, 1.0);
    }

    /**
     * Writes the drift {@code f x - ((1 + eta^2)/2) g^2 s} at {@code (x, t)}.
     *
     * @param x state. Not modified.
     * @param t schedule time with {@code sigma(t) > 0}
     * @param out drift, same shape as {@code x}; must not be {@code x}. Modified.
     */
    public void drift(BatchView x, double t, Batch out) {
        ScoreDrift.evaluate(schedule, model, x, t, 1.0 + eta * eta, out);
    }

    /**
     * The drift is affine in the state and the model's output {@code p} at {@code (x, t)}:
     * {@code drift = a x + b p}; this is {@code a}. With {@link #driftOutputCoefficient} a solver can fold the drift
     * into its own update and read the model output once ({@link #drift} forms it in a pass of its own).
     *
     * @param t schedule time with {@code sigma(t) > 0}
     * @return the state's coefficient {@code a}
     */
    public double driftStateCoefficient(double t) {
        return ScoreDrift.stateCoefficient(schedule, model.prediction(), t, 1.0 + eta * eta);
    }

    /**
     * @param t schedule time with {@code sigma(t) > 0}
     * @return the model output's coefficient {@code b} of {@code drift = a x + b p} ({@link #driftStateCoefficient})
     */
    public double driftOutputCoefficient(double t) {
        return ScoreDrift.outputCoefficient(schedule, model.prediction(), t, 1.0 + eta * eta);
    }

    /**
     * The diffusion coefficient, the same for every coordinate.
     *
     * @param t schedule time
     * @return {@code eta g(t)}
     */
    public double diffusion(double t) {
        return eta * Math.sqrt(schedule.g2(t));
    }
}
