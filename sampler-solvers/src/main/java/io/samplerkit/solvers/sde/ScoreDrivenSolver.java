package io.samplerkit.solvers.sde;

import io.samplerkit.solvers.SamplingProblem;
import io.samplerkit.solvers.Solver;
import io.samplerkit.solvers.internal.GridChecks;

/**
 * A sampler whose steps evaluate the score {@code -noise/sigma} (directly or in the reverse-SDE drift built on it):
 * it is undefined at zero noise, so such a sampler rejects a grid ending at {@code sigma = 0}; a clean sample comes
 * from the problem's {@code denoiseToZero}. The rule, written once for Euler–Maruyama, the predictor–corrector
 * sampler and gotta-go-fast.
 */
public interface ScoreDrivenSolver extends Solver {

    /**
     * @param problem the problem
     * @throws IllegalArgumentException if its grid ends at zero noise
     */
    @Override
    default void validate(SamplingProblem problem) {
        GridChecks.requireNoiseAtEnd(problem, name(), "the score is undefined at zero noise");
    }
}
