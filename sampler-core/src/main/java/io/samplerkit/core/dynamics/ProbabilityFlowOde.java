package io.samplerkit.core.dynamics;

import io.samplerkit.core.Checks;
import io.samplerkit.core.model.DiffusionModel;
import io.samplerkit.core.schedule.NoiseSchedule;
import io.samplerkit.core.state.Batch;
import io.samplerkit.core.state.BatchView;

/**
 * The probability-flow ODE of a Gaussian-marginal diffusion (Song et al. 2021, "Score-Based Generative
 * Modeling through SDEs", arXiv:2011.13456, eq. 13):
 * <pre>
 *   dx/dt = f(t) x - (1/2) g(t)^2 s(x, t),      f = d log alpha/dt,  g^2 = -2 sigma^2 d lambda/dt,
 * </pre>
 * whose solutions carry the marginals {@code p_t} of the forward process in either time direction.
 * The model may predict anything: its output is turned into the score by the exact affine
 * {@link io.samplerkit.core.model.PredictionConversion} (written once, in the score form), so the noise
 * form {@code f x + g^2/(2 sigma) eps}, the data form {@code (sigma'/sigma) x + alpha lambda' x0} and the
 * velocity form {@code alpha' x0 + sigma' eps} all follow from it.
 *
 * <p>One model call per {@link #drift} evaluation; deterministic. The drift is singular where
 * {@code sigma = 0}. Generic ODE solvers integrate this; exponential integrators use the semi-linear
 * forms instead. Immutable; thread-safe if the model is. Allocates nothing.
 *
 * @param schedule the schedule, whose time the model takes
 * @param model the model
 */
public record ProbabilityFlowOde(NoiseSchedule schedule, DiffusionModel model) {

    /** Validates. */
    public ProbabilityFlowOde {
        Checks.requireNonNull(schedule, "schedule");
        Checks.requireNonNull(model, "model");
    }

    /**
     * Writes {@code dx/dt} at {@code (x, t)}.
     *
     * @param x state. Not modified.
     * @param t schedule time with {@code sigma(t) > 0}
     * @param out drift, same shape as {@code x}; must not be {@code x} (the model writes into it first). Modified.
     */
    public void drift(BatchView x, double t, Batch out) {
        ScoreDrift.evaluate(schedule, model, x, t, 1.0, out);
    }
}
