package io.samplerkit.solvers.internal;

import io.samplerkit.solvers.SamplingProblem;

/**
 * Cross-field checks of a problem's grid shared by solvers' {@code validate} methods. Thread-safe:
 * stateless.
 */
public final class GridChecks {

    private GridChecks() {
    }

    /**
     * Rejects a grid that ends at zero noise ({@code sigma = 0}, {@code lambda = +inf}).
     *
     * @param problem the problem
     * @param solver the solver's name, for the message
     * @param reason why the solver cannot step there, for the message
     * @throws IllegalArgumentException naming the timesteps, the solver and the reason
     */
    public static void requireNoiseAtEnd(SamplingProblem problem, String solver, String reason) {
        if (problem.timesteps().endsAtZeroNoise()) {
            throw new IllegalArgumentException("timesteps must end at sigma > 0 for " + solver + " (" + reason
                    + "), got a zero-noise end");
        }
    }
}
