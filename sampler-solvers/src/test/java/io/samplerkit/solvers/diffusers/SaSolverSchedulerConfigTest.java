package io.samplerkit.solvers.diffusers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.samplerkit.core.InvalidInputException;
import io.samplerkit.core.analytic.GaussianData;
import io.samplerkit.core.grid.Timesteps;
import io.samplerkit.core.model.DiffusionModel;
import io.samplerkit.core.state.Batch;
import io.samplerkit.solvers.sde.SaAlgorithm;
import io.samplerkit.solvers.sde.SaSecondOrder;
import io.samplerkit.solvers.sde.SaSolver;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * diffusers' {@code SASolverScheduler} through the config loader: a config file on disk, its keys mapped onto
 * registry {@code sa-solver}, its grid (DPMSolverMultistep's spacing, the sigma of train index 0 appended), the tau
 * window of diffusers' default {@code tau_func}, the values diffusers' constructor rejects, and one sampling run on
 * exact Gaussian data.
 */
class SaSolverSchedulerConfigTest {

    private static final Path FILE = Path.of("src/test/resources/diffusers/sa-solver/scheduler_config.json");

    private static SchedulerConfig withKey(String key, Object value) {
        Map<String, Object> file = new HashMap<>(SchedulerConfig.read(FILE).file());
        file.put(key, value);
        return SchedulerConfig.of(file);
    }

    @Test
    void theFileMapsOntoSaSolverWithItsOrdersAndDiffusersTwoNodeWeights() {
        SchedulerConfig c = SchedulerConfig.read(FILE);
        assertThat(c.schedulerClass()).isEqualTo(SchedulerClass.SA_SOLVER);
        assertThat(c.warnings()).singleElement().asString().contains("clip_sample=false");
        DiffusersPipeline p = DiffusersPipeline.of(c, SetTimesteps.of(20));
        SaSolver s = (SaSolver) p.solver();
        assertThat(s.predictorOrder()).isEqualTo(3);
        assertThat(s.correctorOrder()).isEqualTo(4);
        assertThat(s.tau()).isEqualTo(1.0);
        assertThat(s.lowerOrderFinal()).isTrue();
        assertThat(s.secondOrder()).isEqualTo(SaSecondOrder.DIFFUSERS);
        assertThat(s.algorithm()).isEqualTo(SaAlgorithm.DATA_PREDICTION);
        assertThat(p.initNoiseSigma()).isEqualTo(1.0);
        SaSolver noise = (SaSolver) DiffusersPipeline.of(withKey("algorithm_type", "noise_prediction"),
                SetTimesteps.of(20)).solver();
        assertThat(noise.algorithm()).isEqualTo(SaAlgorithm.NOISE_PREDICTION);
    }

    /**
     * The grid is DPMSolverMultistep's with {@code final_sigmas_type="sigma_min"} (the same spacing code in
     * diffusers); Karras sigmas repeat their last value (a zero-length last step).
     */
    @Test
    void theGridIsTheMultistepSpacingEndingAtTheSigmaOfTrainIndexZero() {
        for (String spacing : new String[] {"linspace", "leading", "trailing"}) {
            SchedulerConfig sa = withKey("timestep_spacing", spacing);
            DiffusersGrid ours = DiffusersGrid.of(sa, SetTimesteps.of(13), Precision.FLOAT64);
            DiffusersGrid dpm = DiffusersGrid.of(sa.as(SchedulerClass.DPM_SOLVER_MULTISTEP,
                    Map.of("final_sigmas_type", "sigma_min", "algorithm_type", "dpmsolver++")), SetTimesteps.of(13),
                    Precision.FLOAT64);
            assertThat(ours.timesteps()).as(spacing).containsExactly(dpm.timesteps());
            assertThat(ours.sigmas()).as(spacing).containsExactly(dpm.sigmas());
            double[] table = TrainingTable.of(sa, Precision.FLOAT64).sigmas();
            assertThat(ours.sigmas()[13]).isEqualTo(table[0]);
        }
        DiffusersPipeline karras = DiffusersPipeline.of(withKey("use_karras_sigmas", true), SetTimesteps.of(13));
        double[] sigmas = karras.grid().sigmas();
        assertThat(sigmas[13]).isEqualTo(sigmas[12]);
        assertThat(karras.segments().get(0).steps()).isEqualTo(13);
    }

    /**
     * diffusers applies tau = 1 to a step whose integer start timestep is in 200..800: our window on the step's start
     * time must hold exactly those steps, for interpolated and for Karras sigmas.
     */
    @Test
    void theTauWindowHoldsExactlyTheStepsStartingAtTimesteps200To800() {
        for (boolean karrasSigmas : new boolean[] {false, true}) {
            for (int steps : new int[] {7, 20, 50, 333}) {
                DiffusersPipeline p = DiffusersPipeline.of(withKey("use_karras_sigmas", karrasSigmas),
                        SetTimesteps.of(steps));
                SaSolver s = (SaSolver) p.solver();
                Timesteps grid = p.segments().get(0);
                double[] n = p.grid().timesteps();
                for (int i = 0; i < steps; i++) {
                    boolean ours = grid.t(i) >= s.tauTMin() && grid.t(i) <= s.tauTMax();
                    assertThat(ours).as("karras=%s steps=%d timestep %s", karrasSigmas, steps, n[i])
                            .isEqualTo(n[i] >= 200 && n[i] <= 800);
                }
            }
        }
    }

    @Test
    void valuesDiffusersRejectsOrACallableAreErrorsNamingTheKey() {
        Object[][] bad = {
            {"predictor_order", 5}, {"predictor_order", 0}, {"corrector_order", 0}, {"corrector_order", 5},
            {"algorithm_type", "dpmsolver++"}, {"tau_func", "lambda t: 1"}, {"timestep_spacing", "karras"},
        };
        for (Object[] b : bad) {
            InvalidInputException e = catchThrowableOfType(() -> withKey((String) b[0], b[1]),
                    InvalidInputException.class);
            assertThat(e).as("%s=%s", b[0], b[1]).isNotNull();
            assertThat(e.path()).isEqualTo(b[0]);
            assertThat(e.value()).isEqualTo(String.valueOf(b[1]));
        }
        InvalidInputException learned = catchThrowableOfType(() -> DiffusersPipeline.of(
                withKey("variance_type", "learned_range"), SetTimesteps.of(10)), InvalidInputException.class);
        assertThat(learned.path()).isEqualTo("variance_type");
    }

    /**
     * 20 000 samples of a 200-step run on the exact model of {@code N(m, diag(v))} data end at the data law: mean
     * within 5 standard errors (measured 0.3, 3.0, 0.5: the start {@code N(0, I)} ignores the data mean's
     * {@code sqrt(alphas_cumprod[999]) m}), variance within 5 % (measured ratios 0.990, 0.996, 0.980). With few steps the law is visibly off by
     * the method, not by the mapping: the last step, first order from about train index {@code 999/K} to 0, shrinks a
     * small variance {@code v} by {@code v/(v + rho^2)}, {@code rho} the noise-to-signal ratio where it starts (at 20
     * steps 0.6 for {@code v = 0.04}, for every predictor/corrector order and also with {@code tau = 0}).
     */
    @Test
    void aSamplingRunReachesTheDataLaw() {
        double[] mean = {0.5, -1.0, 0.0};
        double[] var = {0.25, 1.0, 0.25};
        GaussianData data = GaussianData.diagonal(mean, var);
        DiffusersPipeline p = DiffusersPipeline.of(withKey("timestep_spacing", "linspace"), SetTimesteps.of(200));
        DiffusionModel model = data.model(p.schedule(), p.prediction());
        int batch = 20000;
        Batch xT = Batch.zeros(batch, 3);
        SplittableRandom random = new SplittableRandom(20261206);
        for (int i = 0; i < xT.data().length; i++) {
            xT.data()[i] = gaussian(random);
        }
        double[] x = p.sample(model, xT, 11L).x().data();
        for (int j = 0; j < 3; j++) {
            double m = 0;
            double q = 0;
            for (int r = 0; r < batch; r++) {
                m += x[r * 3 + j];
            }
            m /= batch;
            for (int r = 0; r < batch; r++) {
                q += (x[r * 3 + j] - m) * (x[r * 3 + j] - m);
            }
            q /= batch - 1;
            assertThat(Math.abs(m - mean[j])).as("mean %d", j).isLessThan(5 * Math.sqrt(var[j] / batch));
            assertThat(q / var[j]).as("variance %d", j).isBetween(0.95, 1.05);
        }
    }

    private static double gaussian(SplittableRandom r) {
        double u = r.nextDouble();
        double v = r.nextDouble();
        return Math.sqrt(-2 * Math.log(1 - u)) * Math.cos(2 * Math.PI * v);
    }
}
