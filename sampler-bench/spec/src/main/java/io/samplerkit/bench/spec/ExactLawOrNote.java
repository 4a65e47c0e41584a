package io.samplerkit.bench.spec;

import io.samplerkit.core.SamplingException;
import io.samplerkit.solvers.Solver;
import io.samplerkit.solvers.law.ExactLaw;
import java.util.function.Supplier;

/**
 * A run's exact output law on Gaussian data, or why it has none: exactly one of the two is set, or neither when the
 * data is not Gaussian.
 *
 * @param law the exact law, or {@code null}
 * @param note why there is no law, or {@code null}
 */
public record ExactLawOrNote(ExactLaw law, String note) {

    /** No Gaussian data: neither a law nor a note. */
    public static final ExactLawOrNote NONE = new ExactLawOrNote(null, null);

    private static final String ADAPTIVE_STOCHASTIC =
            "an adaptive stochastic solver has no exact law (its steps depend on the noise)";

    /**
     * The law {@code compute} gives for {@code solver}'s run, or the reason there is none: an adaptive stochastic
     * solver (its steps depend on the noise), a run that is not affine in the state (clipping or thresholding of
     * the data prediction: affine near the mode only, so the output is not Gaussian), with the refusal's message, or
     * a probe run that failed (a {@link SamplingException}: the probes start from other states than the sampled run,
     * e.g. a zero state, whose error an extreme {@code atol} cannot measure).
     *
     * @param solver the run's solver
     * @param compute computes the law; throws {@link IllegalArgumentException} for a run that is not affine
     * @return the law, or the note
     */
    public static ExactLawOrNote of(Solver solver, Supplier<ExactLaw> compute) {
        if (solver.adaptive() && solver.stochastic()) {
            return new ExactLawOrNote(null, ADAPTIVE_STOCHASTIC);
        }
        try {
            return new ExactLawOrNote(compute.get(), null);
        } catch (IllegalArgumentException notAffine) {
            return new ExactLawOrNote(null, notAffine.getMessage());
        } catch (SamplingException probeFailed) {
            // the law is read off runs from other states than the sampled ones (an adaptive solver's unit probes)
            return new ExactLawOrNote(null, "not computed: a probe run of the solver failed ("
                    + probeFailed.getMessage() + ")");
        }
    }
}
