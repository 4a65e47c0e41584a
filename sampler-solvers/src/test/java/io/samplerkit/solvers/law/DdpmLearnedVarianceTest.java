package io.samplerkit.solvers.law;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.samplerkit.core.InvalidInputException;
import io.samplerkit.core.SamplingException;
import io.samplerkit.core.analytic.GaussianData;
import io.samplerkit.core.grid.Timesteps;
import io.samplerkit.core.model.Prediction;
import io.samplerkit.core.testing.VarianceChannelModel;
import io.samplerkit.solvers.SamplingProblem;
import io.samplerkit.solvers.SamplingResult;
import io.samplerkit.solvers.Solver;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * DDPM with a learned variance ({@code learned-range}, {@code learned}) on the exact Gaussian model plus a variance
 * channel that is affine in time and independent of {@code x}, so every step stays affine and its exact law has a
 * closed form: with {@code D(x) = mu + K_s (x - alpha_s mu)}, {@code K_s = V diag(alpha_s l/(alpha_s^2 l + sigma_s^2))
 * V^T}, one step is {@code x_t = M x_s + c + diag(std) z}, {@code M = a (sigma_t/sigma_s)^2 I + (q^2/sigma_s^2)
 * alpha_t K_s}, so {@code m' = M m + c} and {@code P' = M P M^T + diag(std^2)} from the exact marginal at the first
 * time. {@link ExactOutputLaw} (which probes the solver) must reproduce it, and sampling must agree with it.
 */
class DdpmLearnedVarianceTest {

    private static final GaussianData DATA = SdeProblems.DATA;
    private static final int STEPS = 20;

    private static SamplingProblem problem(VarianceChannelModel model) {
        SamplingProblem p = SdeProblems.Schedule.VP_LINEAR.problem(STEPS);
        return p.withModel(model);
    }

    private static VarianceChannelModel model(double[] base, double[] slope) {
        return new VarianceChannelModel(DATA.model(SdeProblems.Schedule.VP_LINEAR.schedule(), Prediction.NOISE), base,
                slope);
    }

    @Test
    void theEndsOfTheRangeAreTheFixedVariances() {
        SamplingProblem small = problem(model(new double[] {-1, -1, -1, -1}, new double[4]));
        SamplingProblem large = problem(model(new double[] {1, 1, 1, 1}, new double[4]));
        Solver learned = SdeProblems.solver("ddpm", Map.of("variance", "learned-range"));
        assertSameLaw(ExactOutputLaw.of(learned, small, DATA).law(),
                ExactOutputLaw.of(SdeProblems.solver("ddpm", Map.of()), small, DATA).law(), 1e-12);
        assertSameLaw(ExactOutputLaw.of(learned, large, DATA).law(),
                ExactOutputLaw.of(SdeProblems.solver("ddpm", Map.of("variance", "fixed-large")), large, DATA).law(),
                1e-12);
    }

    @Test
    void learnedRangeHasTheClosedFormLawAndSamplingAgreesWithIt() {
        VarianceChannelModel m = model(new double[] {-0.8, 0.9, 0.1, -0.3}, new double[] {0.5, -1.2, 0.6, 1.0});
        SamplingProblem p = problem(m);
        Solver solver = SdeProblems.solver("ddpm", Map.of("variance", "learned-range"));
        GaussianLaw closed = closedForm(m, p.timesteps(), true);
        assertSameLaw(ExactOutputLaw.of(solver, p, DATA).law(), closed, 1e-10);

        GaussianLaw start = GaussianLaw.marginal(DATA, p.timesteps().alpha(0), p.timesteps().sigma(0));
        SamplingResult r = solver.sample(p.withSeed(31), GaussianSamples.draw(start, 20_000, 8));
        assertThat(r.modelCalls()).isEqualTo(STEPS);
        // 14 statistics at 4.5 standard errors: false-alarm rate at most 1e-4 (SamplingAgreesWithExactLawTest)
        assertThat(GaussianSamples.worstStatistic(r.x(), closed)).isLessThanOrEqualTo(4.5);
        GaussianLaw fixedSmall = ExactOutputLaw.of(SdeProblems.solver("ddpm", Map.of()), p, DATA).law();
        assertThat(GaussianSamples.worstStatistic(r.x(), fixedSmall)).as("power: the fixed-small law is rejected")
                .isGreaterThan(4.5);
    }

    @Test
    void learnedReadsTheChannelAsTheVariance() {
        VarianceChannelModel m = model(new double[] {1e-3, 2e-3, 5e-4, 1e-2}, new double[] {1e-2, 0, 3e-3, 2e-2});
        SamplingProblem p = problem(m);
        Solver solver = SdeProblems.solver("ddpm", Map.of("variance", "learned"));
        assertSameLaw(ExactOutputLaw.of(solver, p, DATA).law(), closedForm(m, p.timesteps(), false), 1e-10);
    }

    @Test
    void aNegativeLearnedVarianceStopsTheRun() {
        SamplingProblem p = problem(model(new double[] {0.01, 0.01, -0.01, 0.01}, new double[4]));
        Solver solver = SdeProblems.solver("ddpm", Map.of("variance", "learned"));
        GaussianLaw start = GaussianLaw.marginal(DATA, p.timesteps().alpha(0), p.timesteps().sigma(0));
        assertThatThrownBy(() -> solver.sample(p, GaussianSamples.draw(start, 3, 1)))
                .isInstanceOfSatisfying(SamplingException.class,
                        e -> assertThat(e.kind()).isEqualTo(SamplingException.Kind.MODEL_FAILURE))
                .hasMessageContaining("variance channel >= 0");
    }

    @Test
    void aModelWithoutVarianceIsRejectedBeforeTheRun() {
        SamplingProblem p = SdeProblems.Schedule.VP_LINEAR.problem(STEPS);
        for (String v : new String[] {"learned-range", "learned"}) {
            Solver solver = SdeProblems.solver("ddpm", Map.of("variance", v));
            GaussianLaw start = GaussianLaw.marginal(DATA, p.timesteps().alpha(0), p.timesteps().sigma(0));
            assertThatThrownBy(() -> solver.sample(p, GaussianSamples.draw(start, 2, 1)))
                    .isInstanceOfSatisfying(InvalidInputException.class, e -> {
                        assertThat(e.path()).isEqualTo("options.variance");
                        assertThat(e.value()).isEqualTo(v);
                    });
        }
    }

    /** The law of DDPM's output by the closed form of the class comment. */
    private static GaussianLaw closedForm(VarianceChannelModel m, Timesteps g, boolean range) {
        int d = DATA.dim();
        double[] mu = DATA.mean();
        double[] l = DATA.eigenvalues();
        double[][] v = DATA.eigenvectors();
        double[][] sigma = DATA.covariance();
        double a0 = g.alpha(0);
        double s0 = g.sigma(0);
        double[] mean = new double[d];
        double[][] cov = new double[d][d];
        for (int i = 0; i < d; i++) {
            mean[i] = a0 * mu[i];
            for (int j = 0; j < d; j++) {
                cov[i][j] = a0 * a0 * sigma[i][j] + (i == j ? s0 * s0 : 0);
            }
        }
        for (int i = 0; i + 1 < g.points(); i++) {
            assertThat(g.isZeroNoise(i + 1)).isFalse();
            double as = g.alpha(i);
            double ss = g.sigma(i);
            double at = g.alpha(i + 1);
            double st = g.sigma(i + 1);
            double a = as / at;
            double q2OverS2 = 1 - a * a * st * st / (ss * ss);
            double q2 = ss * ss * q2OverS2;
            double[][] k = new double[d][d];
            for (int r = 0; r < d; r++) {
                for (int c = 0; c < d; c++) {
                    double sum = 0;
                    for (int e = 0; e < d; e++) {
                        sum += v[r][e] * as * l[e] / (as * as * l[e] + ss * ss) * v[c][e];
                    }
                    k[r][c] = sum;
                }
            }
            double[][] mm = new double[d][d];
            double[] shift = new double[d];
            for (int r = 0; r < d; r++) {
                double kmu = 0;
                for (int c = 0; c < d; c++) {
                    mm[r][c] = q2OverS2 * at * k[r][c] + (r == c ? a * st * st / (ss * ss) : 0);
                    kmu += k[r][c] * mu[c];
                }
                shift[r] = q2OverS2 * at * (mu[r] - as * kmu);
            }
            double[] newMean = new double[d];
            double[][] newCov = new double[d][d];
            for (int r = 0; r < d; r++) {
                double sum = shift[r];
                for (int c = 0; c < d; c++) {
                    sum += mm[r][c] * mean[c];
                }
                newMean[r] = sum;
                for (int c = 0; c < d; c++) {
                    double s = 0;
                    for (int p = 0; p < d; p++) {
                        for (int q = 0; q < d; q++) {
                            s += mm[r][p] * cov[p][q] * mm[c][q];
                        }
                    }
                    newCov[r][c] = s;
                }
                double channel = m.channel(r, g.t(i));
                double frac = (channel + 1) / 2;
                double var = range
                        ? Math.exp(frac * Math.log(q2) + (1 - frac) * Math.log(st * st * q2 / (ss * ss)))
                        : channel;
                newCov[r][r] += var;
            }
            mean = newMean;
            cov = newCov;
        }
        return new GaussianLaw(mean, cov);
    }

    private static void assertSameLaw(GaussianLaw actual, GaussianLaw expected, double tol) {
        for (int i = 0; i < expected.dim(); i++) {
            assertThat(actual.mean()[i]).as("mean %d", i)
                    .isCloseTo(expected.mean()[i], org.assertj.core.api.Assertions.within(tol));
            for (int j = 0; j < expected.dim(); j++) {
                assertThat(actual.covariance()[i][j]).as("covariance %d %d", i, j)
                        .isCloseTo(expected.covariance()[i][j], org.assertj.core.api.Assertions.within(tol));
            }
        }
    }
}
