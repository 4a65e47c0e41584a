package io.samplerkit.core.schedule;

import io.samplerkit.core.Checks;

/**
 * The rectified-flow / flow-matching interpolation {@code x_t = (1 - t) x0 + t eps} (Liu et al. 2022,
 * "Flow Straight and Fast", arXiv:2209.03003; Lipman et al. 2022, "Flow Matching for Generative
 * Modeling", arXiv:2210.02747; Esser et al. 2024, SD3, arXiv:2403.03206, section 3):
 * <pre>
 *   alpha = 1 - t,   sigma = t,   lambda = log((1 - t)/t) = log1p(-t) - log t,   t(lambda) = 1/(1 + e^lambda)
 *   f = -1/(1 - t),   g^2 = 2t/(1 - t)
 * </pre>
 * diffusers' timestep shift {@code t -> s t / (1 + (s - 1) t)} does not change the interpolation
 * the network was trained on, only where the sampler places its steps, so it is a time grid
 * ({@code io.samplerkit.core.grid.FlowShiftGrid}), not a different schedule.
 *
 * <p>At {@code t = 1} the state is pure noise ({@code alpha = 0}, {@code lambda = -inf}): solvers
 * that step in {@code t} (Euler on the velocity) may start there, exponential integrators need a
 * start below 1.
 *
 * @param tMax largest time, in (0, 1]; 1 for diffusers' flow-match schedulers
 */
public record FlowMatchingSchedule(double tMax) implements NoiseSchedule {

    /** Validates. */
    public FlowMatchingSchedule {
        if (!(tMax > 0 && tMax <= 1)) {
            throw new IllegalArgumentException(Checks.format("tMax must be in (0, 1], got %s", tMax));
        }
    }

    /** @return the schedule on the full interval {@code [0, 1]} */
    public static FlowMatchingSchedule standard() {
        return new FlowMatchingSchedule(1.0);
    }

    @Override
    public double alpha(double t) {
        return 1.0 - t;
    }

    @Override
    public double sigma(double t) {
        return t;
    }

    @Override
    public double lambda(double t) {
        return Math.log1p(-t) - Math.log(t);
    }

    @Override
    public double timeOfLambda(double lambda) {
        return 1.0 / (1.0 + Math.exp(lambda));
    }

    /** @return {@code t = rho/(1 + rho)} */
    @Override
    public double timeOfRho(double rho) {
        return rho / (1.0 + rho);
    }

    @Override
    public double f(double t) {
        return -1.0 / (1.0 - t);
    }

    @Override
    public double g2(double t) {
        return 2.0 * t / (1.0 - t);
    }

    @Override
    public double alphaDerivative(double t) {
        return -1.0;
    }

    @Override
    public double sigmaDerivative(double t) {
        return 1.0;
    }

    /** @return 0 (clean data) */
    @Override
    public double tMin() {
        return 0.0;
    }

    @Override
    public String describe() {
        return Checks.format("flow-matching(T=%s)", tMax);
    }
}
