package io.samplerkit.solvers.law;

import static org.assertj.core.api.Assertions.assertThat;

import io.samplerkit.core.state.Batch;
import io.samplerkit.solvers.SamplingProblem;
import io.samplerkit.solvers.Solver;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Sampling agrees with the exact output law: {@link #SAMPLES} samples of a stochastic sampler on 20 steps (where
 * its law is visibly biased) have the mean and covariance of {@link ExactOutputLaw}'s law within sampling error.
 *
 * <p>Statistics (Gaussian output, {@code M} samples, exact law {@code N(m, C)}): per coordinate
 * {@code (mean_i - m_i) / sqrt(C_ii / M)}, and per entry {@code i <= j}
 * {@code (S_ij - C_ij) / sqrt((C_ii C_jj + C_ij^2) / M)}, each asymptotically standard normal: 4 + 10 = 14
 * statistics per solver, each within {@link #Z} = 4.5. False-alarm rate: two-sided {@code P(|N(0,1)| > 4.5) =
 * 6.8e-6} per statistic, at most {@code 14 x 6.8e-6 = 1e-4} per solver (union bound), {@code 5e-4} for the five
 * cases. The seeds are fixed, so the test is deterministic; the rate says how unlucky a seed would have to be.
 * Power: the same samples are checked to be inconsistent with the exact marginal at the last time (the law the
 * sampler converges to), so the test can tell a wrong law from a right one at this sample size.
 */
class SamplingAgreesWithExactLawTest {

    private static final int SAMPLES = 20_000;
    private static final double Z = 4.5;
    private static final int STEPS = 20;

    @ParameterizedTest
    @CsvSource({"euler-maruyama, VP_LINEAR", "dpmpp-2m-sde, VP_COSINE", "ddpm, VP_LINEAR",
        "dpmpp-3m-sde-diffusers, VP_COSINE", "sa-solver, VP_LINEAR"})
    void empiricalMomentsMatchTheExactLaw(String name, SdeProblems.Schedule schedule) {
        Solver solver = SdeProblems.solver(name, Map.of());
        SamplingProblem problem = schedule.problem(STEPS).withSeed(2024);
        GaussianLaw start = GaussianLaw.marginal(SdeProblems.DATA, problem.timesteps().alpha(0),
                problem.timesteps().sigma(0));
        Batch x = solver.sample(problem, GaussianSamples.draw(start, SAMPLES, 77)).x();
        ExactLaw exact = ExactOutputLaw.of(solver, problem, SdeProblems.DATA);
        double worst = GaussianSamples.worstStatistic(x, exact.law());
        assertThat(worst).as("%s: largest |statistic| against the exact law", name).isLessThanOrEqualTo(Z);
        int last = problem.timesteps().points() - 1;
        GaussianLaw marginal = GaussianLaw.marginal(SdeProblems.DATA, problem.timesteps().alpha(last),
                problem.timesteps().sigma(last));
        assertThat(GaussianSamples.worstStatistic(x, marginal)).as("%s: the samples must reject the (different) marginal", name)
                .isGreaterThan(Z);
    }
}
