package io.samplerkit.bench.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.samplerkit.bench.spec.ModelSpec;
import io.samplerkit.bench.spec.ScheduleSpec;
import io.samplerkit.core.analytic.FrechetDistance;
import io.samplerkit.core.analytic.GaussianData;
import io.samplerkit.core.analytic.GaussianMoments;
import io.samplerkit.core.grid.LogSnrGrid;
import io.samplerkit.core.grid.Timesteps;
import io.samplerkit.core.model.Prediction;
import io.samplerkit.core.schedule.NoiseSchedule;
import io.samplerkit.core.state.Batch;
import io.samplerkit.solvers.SamplingProblem;
import io.samplerkit.solvers.SamplingResult;
import io.samplerkit.solvers.exponential.Ddim;
import org.junit.jupiter.api.Test;

class AffineMapTest {

    private static final ModelSpec.RandomGaussian DATA = new ModelSpec.RandomGaussian(5, 1e-3, 4.0, 1.0, 11);

    private static ProblemInstance problem(double tStart, double tEnd, int batchSize) {
        ProblemSpec spec = new ProblemSpec("g5", "test", DATA, new ScheduleSpec.VpLinear(0.1, 20.0, 1.0),
                Prediction.NOISE, tStart, tEnd);
        return spec.instantiate(new long[] {100}, batchSize);
    }

    private static SamplingResult ddim(ProblemInstance p, Timesteps ts, Batch samples) {
        int d = p.dim();
        Batch x = Batch.zeros(d + 1 + (samples == null ? 0 : samples.size()), d);
        AffineMap.writeProbeRows(x.data(), d);
        if (samples != null) {
            System.arraycopy(samples.data(), 0, x.data(), (d + 1) * d, samples.data().length);
        }
        return new Ddim(0).sample(SamplingProblem.of(p.schedule(), p.model(), ts), x);
    }

    /**
     * One DDIM step s -> t maps each eigen-coordinate of {@code x - alpha_s mu} by
     * {@code g_k = sigma_t/sigma_s + alpha_t (1 - e^{-h}) alpha_s s_k^2 / v_{s,k}} and shifts the mean to
     * {@code ((sigma_t/sigma_s) alpha_s + alpha_t (1 - e^{-h})) mu} from the exact marginal at s.
     */
    @Test
    void extractsTheExactMapOfOneDdimStep() {
        double s = 0.8;
        double t = 0.3;
        ProblemInstance p = problem(s, t, 1);
        NoiseSchedule vp = p.schedule();
        AffineMap map = AffineMap.fromProbeOutputs(ddim(p, Timesteps.of(vp, new double[] {s, t}), null).x());
        GaussianData data = DATA.data();
        double as = vp.alpha(s);
        double ss = vp.sigma(s);
        double at = vp.alpha(t);
        double h = vp.lambda(t) - vp.lambda(s);
        double[] s2 = data.eigenvalues();
        double[] gains = map.eigenGains(data.eigenvectors(), 1e-12);
        assertThat(gains).isNotNull();
        for (int k = 0; k < s2.length; k++) {
            double vs = as * as * s2[k] + ss * ss;
            assertThat(gains[k]).as("g[%d]", k).isCloseTo(vp.sigma(t) / ss + at * -Math.expm1(-h) * as * s2[k] / vs,
                    within(1e-13));
        }
        double[] mean = map.mean(p.gaussianTargets().orElseThrow().prior().mean());
        double shift = vp.sigma(t) / ss * as + at * -Math.expm1(-h);
        for (int i = 0; i < mean.length; i++) {
            assertThat(mean[i]).isCloseTo(shift * data.mean()[i], within(1e-13));
        }
    }

    /** Many DDIM steps: the extracted law agrees with the moments of sampled outputs within sampling error. */
    @Test
    void extractedLawMatchesSampleMomentsOfMultistepDdim() {
        int n = 20_000;
        ProblemInstance p = problem(1.0, 1e-3, n);
        int d = p.dim();
        SamplingResult r = ddim(p, Timesteps.of(p.schedule(), new LogSnrGrid(), 1.0, 1e-3, 6), p.initialStates());
        AffineMap map = AffineMap.fromProbeOutputs(r.x());
        Batch x = Batch.zeros(d + 1 + n, d);
        AffineMap.writeProbeRows(x.data(), d);
        System.arraycopy(p.initialStates().data(), 0, x.data(), (d + 1) * d, n * d);
        assertThat(map.maxDeviation(x, r.x(), d + 1)).isLessThan(1e-12);
        GaussianTargets targets = p.gaussianTargets().orElseThrow();
        double[] lawMean = map.mean(targets.prior().mean());
        double[][] lawCov = map.covariance(targets.priorCovariance());

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
            assertThat(mean[i]).as("mean[%d]", i).isCloseTo(lawMean[i], within(5 * Math.sqrt(lawCov[i][i] / n)));
            for (int j = 0; j < d; j++) {
                double se = Math.sqrt((lawCov[i][i] * lawCov[j][j] + lawCov[i][j] * lawCov[i][j]) / n);
                assertThat(cov[i][j]).as("cov[%d][%d]", i, j).isCloseTo(lawCov[i][j], within(5 * se));
            }
        }
    }

    /** The eigenbasis Fréchet distance the report uses equals the general formula on the same law. */
    @Test
    void eigenbasisFrechetDistanceEqualsTheGeneralFormula() {
        ProblemInstance p = problem(1.0, 1e-3, 1);
        AffineMap map = AffineMap.fromProbeOutputs(
                ddim(p, Timesteps.of(p.schedule(), new LogSnrGrid(), 1.0, 1e-3, 4), null).x());
        GaussianTargets targets = p.gaussianTargets().orElseThrow();
        double[] mean = map.mean(targets.prior().mean());
        double[] gains = map.eigenGains(targets.data().eigenvectors(), 1e-10);
        double[] v = targets.prior().variances();
        for (int k = 0; k < v.length; k++) {
            v[k] *= gains[k] * gains[k];
        }
        double shared = Math.sqrt(FrechetDistance.squaredSharedEigenbasis(targets.dataLaw(),
                new GaussianMoments(mean, v)));
        double general = FrechetDistance.distance(targets.data().mean(), targets.data().covariance(), mean,
                map.covariance(targets.priorCovariance()));
        assertThat(shared).isGreaterThan(1e-3).isCloseTo(general, within(1e-6));
    }
}
