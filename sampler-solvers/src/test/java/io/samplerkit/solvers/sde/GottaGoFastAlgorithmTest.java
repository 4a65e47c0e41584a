package io.samplerkit.solvers.sde;

import static org.assertj.core.api.Assertions.assertThat;

import io.samplerkit.core.analytic.GaussianData;
import io.samplerkit.core.grid.Timesteps;
import io.samplerkit.core.model.Prediction;
import io.samplerkit.core.noise.BrownianPath;
import io.samplerkit.core.noise.NoiseMode;
import io.samplerkit.core.noise.SeededNoise;
import io.samplerkit.core.schedule.NoiseSchedule;
import io.samplerkit.core.schedule.VeSchedule;
import io.samplerkit.core.schedule.VpLinearSchedule;
import io.samplerkit.core.state.Batch;
import io.samplerkit.solvers.SamplingProblem;
import io.samplerkit.solvers.RejectedStep;
import io.samplerkit.solvers.SamplingResult;
import io.samplerkit.solvers.Solver;
import io.samplerkit.solvers.SolverOptions;
import io.samplerkit.solvers.SolverRegistry;
import io.samplerkit.solvers.StepInfo;
import io.samplerkit.solvers.StepObserver;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/**
 * {@code gotta-go-fast} with its default options equals a line-by-line transcription of Algorithm 1 of
 * Jolicoeur-Martineau et al. 2021 (arXiv:2105.14080) written here from the paper, with its defaults {@code h_init =
 * 0.01}, {@code r = 0.9}, {@code theta = 0.9}: the Euler–Maruyama stage {@code x'} and the improved-Euler stage with
 * the same Brownian increment, the extrapolated state {@code x''}, the tolerance {@code max(atol, rtol max(|x'|,
 * |x'_prev|))}, the scaled L2 norm, acceptance at {@code E <= 1}, {@code h <- min(t - t_end, theta h E^-r)} after
 * every attempt, and the final denoising step {@code x <- (x + sigma^2 s(x))/alpha} at {@code t_end}. The score is
 * the closed form of diagonal Gaussian data (not the model's conversion), the increments those of the run's
 * Brownian path. Every attempt the observer reports (rejected ones with their error, accepted ones with the state
 * after them) is recomputed from the state the solver had reached: its end, error and state agree to 1e-9
 * relative, and model calls (two per attempt plus the denoising call) and rejections agree exactly, on VP linear
 * and VE, three paths each.
 */
class GottaGoFastAlgorithmTest {

    private static final double[] MEAN = {0.5, -1.0, 2.0};
    private static final double[] VARIANCE = {1e-2, 0.3, 4.0};

    @Test
    void vpLinearRunsEqualTheTranscription() {
        int rejected = 0;
        for (long seed = 1; seed <= 3; seed++) {
            rejected += compare(VpLinearSchedule.standard(), 1.0, 1e-3, seed);
        }
        assertThat(rejected).as("rejections exercised").isPositive();
    }

    @Test
    void veRunsEqualTheTranscription() {
        int rejected = 0;
        for (long seed = 1; seed <= 3; seed++) {
            rejected += compare(VeSchedule.standard(), 1.0, 1e-5, seed);
        }
        assertThat(rejected).as("rejections exercised").isPositive();
    }

    /** One attempt as the observer saw it: its ends, and the error (rejected) or the state after it (accepted). */
    private record Attempt(double from, double to, double error, double[] after) {
    }

    /** @return rejected attempts of the run */
    private static int compare(NoiseSchedule schedule, double tStart, double tEnd, long seed) {
        int d = MEAN.length;
        GaussianData data = GaussianData.diagonal(MEAN, VARIANCE);
        SeededNoise noise = new SeededNoise(seed, 0, NoiseMode.BROWNIAN);
        List<Attempt> attempts = new ArrayList<>();
        StepObserver observer = new StepObserver() {
            @Override
            public void onStep(StepInfo info) {
                attempts.add(new Attempt(info.t(), info.tNext(), Double.NaN, info.x().toArray()[0]));
            }

            @Override
            public void onRejected(RejectedStep step) {
                attempts.add(new Attempt(step.t(), step.tAttempted(), step.error(), null));
            }
        };
        SamplingProblem problem = new SamplingProblem(schedule, data.model(schedule, Prediction.NOISE),
                Timesteps.of(schedule, new double[] {tStart, tEnd}), noise, observer, true, false);
        double s0 = schedule.sigma(tStart);
        Batch x0 = Batch.zeros(1, d);
        for (int i = 0; i < d; i++) {
            x0.data()[i] = schedule.alpha(tStart) * MEAN[i] + s0 * (i - 1.0);
        }
        Solver solver = SolverRegistry.standard().create(GottaGoFast.NAME, SolverOptions.of(Map.of()));
        SamplingResult run = solver.sample(problem, x0);

        // Algorithm 1, transcribed, applied to every attempt from the state the solver reached: the Brownian path is
        // rough, so a rounding difference in one step size would grow step by step if the runs were compared whole
        double rtol = 0.01;
        double atol = 0.0078;
        BrownianPath w = noise.brownianPath(tEnd, tStart, 1, d);
        Batch dw = Batch.zeros(1, d);
        double[] x = x0.data().clone();
        double[] prev = x.clone();
        double t = tStart;
        double h = 0.01 * (tStart - tEnd);
        int rejected = 0;
        for (Attempt a : attempts) {
            String at = String.format("seed %d, attempt from t=%s to %s", seed, a.from(), a.to());
            assertThat(a.from()).as(at).isEqualTo(t);
            double next = h >= t - tEnd ? tEnd : t - h;
            assertThat(a.to()).as(at).isCloseTo(next, Offset.offset(1e-9 * h));
            double step = t - a.to();
            w.increment(a.to(), t, dw);
            double[] k1 = new double[d];
            double[] k2 = new double[d];
            double[] euler = new double[d];
            double sum = 0;
            for (int i = 0; i < d; i++) {
                double z = dw.data()[i] / Math.sqrt(step);
                k1[i] = -step * drift(schedule, x[i], t, i) + Math.sqrt(schedule.g2(t) * step) * z;
                euler[i] = x[i] + k1[i];
                k2[i] = -step * drift(schedule, euler[i], a.to(), i) + Math.sqrt(schedule.g2(a.to()) * step) * z;
                double delta = Math.max(atol, rtol * Math.max(Math.abs(euler[i]), Math.abs(prev[i])));
                double e = (euler[i] - (x[i] + 0.5 * (k1[i] + k2[i]))) / delta;
                sum += e * e;
            }
            double error = Math.sqrt(sum / d);
            if (a.after() == null) {
                assertThat(a.error()).as(at).isCloseTo(error, Offset.offset(1e-9 * error)).isGreaterThan(1);
                rejected++;
            } else {
                assertThat(error).as(at).isLessThanOrEqualTo(1 + 1e-12);
                for (int i = 0; i < d; i++) {
                    double extrapolated = x[i] + 0.5 * (k1[i] + k2[i]);
                    assertThat(a.after()[i]).as(at).isCloseTo(extrapolated,
                            Offset.offset(1e-9 * (1 + Math.abs(extrapolated))));
                }
                x = a.after();
                prev = euler;
                t = a.to();
            }
            h = Math.min(t - tEnd, error > 0 ? 0.9 * step * Math.pow(error, -0.9) : Double.POSITIVE_INFINITY);
        }
        // the loop ends within 1e-12 of the span from t_end (the paper's code: within 1e-6)
        assertThat(t).as("seed %d: the run ends at t_end", seed).isCloseTo(tEnd, Offset.offset(1e-12 * (tStart - tEnd)));
        assertThat(run.modelCalls()).as("seed %d: two calls per attempt and the denoising call", seed)
                .isEqualTo(2 * attempts.size() + 1);
        assertThat(run.rejectedSteps()).as("seed %d", seed).isEqualTo(rejected);
        double alpha = schedule.alpha(t);
        double sigma = schedule.sigma(t);
        for (int i = 0; i < d; i++) {
            double denoised = (x[i] + sigma * sigma * score(schedule, x[i], t, i)) / alpha;
            assertThat(run.x().data()[i]).as("seed %d, denoised coordinate %d", seed, i)
                    .isCloseTo(denoised, Offset.offset(1e-9 * (1 + Math.abs(denoised))));
        }
        return rejected;
    }

    /** The reverse SDE's drift {@code f x - g^2 s} (Song et al. 2021, eq. 6). */
    private static double drift(NoiseSchedule schedule, double x, double t, int i) {
        return schedule.f(t) * x - schedule.g2(t) * score(schedule, x, t, i);
    }

    /** The score of the marginal {@code N(alpha m, alpha^2 v + sigma^2)} of diagonal Gaussian data. */
    private static double score(NoiseSchedule schedule, double x, double t, int i) {
        double alpha = schedule.alpha(t);
        double sigma = schedule.sigma(t);
        return -(x - alpha * MEAN[i]) / (alpha * alpha * VARIANCE[i] + sigma * sigma);
    }
}
