package io.samplerkit.bench.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.samplerkit.core.analytic.GaussianData;
import io.samplerkit.core.grid.Timesteps;
import io.samplerkit.core.model.Prediction;
import io.samplerkit.core.schedule.NoiseSchedule;
import io.samplerkit.core.state.Batch;
import io.samplerkit.solvers.SamplingProblem;
import io.samplerkit.solvers.SamplingResult;
import io.samplerkit.solvers.exponential.Ddim;
import org.junit.jupiter.api.Test;

class AffineMapTest {

    private static final DataSpec.Gaussian DATA = new DataSpec.Gaussian(5, 1e-3, 4.0, 1.0, 11);

    private static ProblemInstance problem(double tStart, double tEnd, int batches, int batchSize) {
        ProblemSpec spec = new ProblemSpec("g5", "test", DATA, new ScheduleSpec.VpLinear(0.1, 20, 1),
                Prediction.NOISE, tStart, tEnd);
        long[] seeds = new long[batches];
        for (int b = 0; b < batches; b++) {
            seeds[b] = 100 + b;
        }
        return spec.data().instantiate(spec, seeds, batchSize);
    }

    /**
     * One DDIM step s -> t maps each eigen-coordinate of {@code x - alpha_s mu} by
     * {@code g_k = sigma_t/sigma_s + alpha_t (1 - e^{-h}) alpha_s s_k^2 / v_{s,k}}; from the exact
     * marginal at s the output law is N(((sigma_t/sigma_s) alpha_s + alpha_t (1 - e^{-h})) mu, U diag(g^2 v_s) U^T).
     */
    @Test
    void extractsTheExactLawOfOneDdimStep() {
        double s = 0.8;
        double t = 0.3;
        ProblemInstance p = problem(s, t, 1, 1);
        NoiseSchedule vp = p.schedule();
        int d = p.dim();
        Batch x = Batch.zeros(d + 1, d);
        AffineMap.writeProbeRows(x.data(), d);
        SamplingProblem sp = SamplingProblem.of(vp, p.model(), Timesteps.of(vp, new double[] {s, t}));
        SamplingResult r = new Ddim(0).sample(sp, x);
        GaussianLaw got = AffineMap.fromProbeOutputs(r.x()).pushForward(p.gaussianLaws().orElseThrow().prior());

        GaussianData data = DATA.data();
        double as = vp.alpha(s);
        double ss = vp.sigma(s);
        double at = vp.alpha(t);
        double st = vp.sigma(t);
        double h = vp.lambda(t) - vp.lambda(s);
        double[] s2 = data.eigenvalues();
        double[] values = new double[d];
        for (int k = 0; k < d; k++) {
            double vs = as * as * s2[k] + ss * ss;
            double g = st / ss + at * -Math.expm1(-h) * as * s2[k] / vs;
            values[k] = g * g * vs;
        }
        double[] mean = data.mean();
        double shift = st / ss * as + at * -Math.expm1(-h);
        for (int i = 0; i < d; i++) {
            mean[i] *= shift;
        }
        GaussianLaw expected = GaussianLaw.ofEigen(mean, data.eigenvectors(), values);
        for (int i = 0; i < d; i++) {
            assertThat(got.mean()[i]).isCloseTo(expected.mean()[i], within(1e-12));
            for (int j = 0; j < d; j++) {
                assertThat(got.covariance()[i][j]).as("cov[%d][%d]", i, j)
                        .isCloseTo(expected.covariance()[i][j], within(1e-12));
            }
        }
    }

    /** Many DDIM steps: the extracted law agrees with the moments of sampled outputs within sampling error. */
    @Test
    void extractedLawMatchesSampleMomentsOfMultistepDdim() {
        int n = 20_000;
        ProblemInstance p = problem(1.0, 1e-3, 1, n);
        NoiseSchedule vp = p.schedule();
        int d = p.dim();
        Batch x = Batch.zeros(d + 1 + n, d);
        AffineMap.writeProbeRows(x.data(), d);
        System.arraycopy(p.initialStates().data(), 0, x.data(), (d + 1) * d, n * d);
        double[] times = new GridSpec.LogSnr().times(vp, 1.0, 1e-3, 6);
        SamplingResult r = new Ddim(0).sample(SamplingProblem.of(vp, p.model(), Timesteps.of(vp, times)), x);
        AffineMap map = AffineMap.fromProbeOutputs(r.x());
        assertThat(map.maxDeviation(x, r.x(), d + 1)).isLessThan(1e-12);
        GaussianLaw law = map.pushForward(p.gaussianLaws().orElseThrow().prior());

        double[] mean = new double[d];
        for (int row = d + 1; row < d + 1 + n; row++) {
            for (int i = 0; i < d; i++) {
                mean[i] += r.x().get(row, i) / n;
            }
        }
        double[][] cov = new double[d][d];
        for (int row = d + 1; row < d + 1 + n; row++) {
            for (int i = 0; i < d; i++) {
                for (int j = 0; j < d; j++) {
                    cov[i][j] += (r.x().get(row, i) - mean[i]) * (r.x().get(row, j) - mean[j]) / (n - 1);
                }
            }
        }
        for (int i = 0; i < d; i++) {
            double se = Math.sqrt(law.covariance()[i][i] / n);
            assertThat(mean[i]).as("mean[%d]", i).isCloseTo(law.mean()[i], within(5 * se));
            for (int j = 0; j < d; j++) {
                double seCov = Math.sqrt((law.covariance()[i][i] * law.covariance()[j][j]
                        + law.covariance()[i][j] * law.covariance()[i][j]) / n);
                assertThat(cov[i][j]).as("cov[%d][%d]", i, j).isCloseTo(law.covariance()[i][j], within(5 * seCov));
            }
        }
    }
}
