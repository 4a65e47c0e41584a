package io.samplerkit.solvers.diffusers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.within;

import io.samplerkit.core.InvalidInputException;
import io.samplerkit.core.analytic.GaussianData;
import io.samplerkit.core.grid.Timesteps;
import io.samplerkit.core.noise.NoiseSource;
import io.samplerkit.core.schedule.VpDiscreteSchedule;
import io.samplerkit.core.state.Batch;
import io.samplerkit.solvers.SamplingProblem;
import io.samplerkit.solvers.SolverRegistry;
import io.samplerkit.solvers.sde.Ddpm;
import io.samplerkit.solvers.sde.DdpmVariance;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * DDPMScheduler read from its config and DDIMScheduler's / DDPMScheduler's static clipping of x0, against closed forms
 * written here from diffusers' step (not from SamplerKit's code): for a state {@code x} at timestep {@code s} and the
 * next timestep {@code t}, with {@code a_s, a_t} the table's {@code alphas_cumprod} ({@code a_t = 1} after the last
 * timestep), {@code beta = 1 - a_s/a_t} and {@code x0} the exact posterior mean of the Gaussian data,
 * <pre>
 *   DDPM:  x_t = sqrt(a_t) beta/(1 - a_s) clip(x0) + sqrt(a_s/a_t) (1 - a_t)/(1 - a_s) x + sqrt(v) z,
 *          v = (1 - a_t)/(1 - a_s) beta (fixed_small) or beta (fixed_large)
 *   DDIM:  x_t = sqrt(a_t) clip(x0) + sqrt(1 - a_t) (x - sqrt(a_s) x0)/sqrt(1 - a_s)      (eta = 0)
 * </pre>
 * One step is taken with a noise source that returns a constant {@code z}, so mean ({@code z = 0}) and standard
 * deviation ({@code z = 1} minus the mean) are compared exactly.
 */
class DdpmSchedulerTest {

    /** The digits network's scheduler_config.json as shipped (models/scheduler_config.json). */
    static final String DIGITS = "{\"_class_name\": \"DDPMScheduler\", \"num_train_timesteps\": 1000,"
            + " \"beta_start\": 0.0001, \"beta_end\": 0.02, \"beta_schedule\": \"linear\", \"prediction_type\": \"epsilon\","
            + " \"clip_sample\": true, \"clip_sample_range\": 1.0, \"variance_type\": \"fixed_small\","
            + " \"timestep_spacing\": \"leading\", \"steps_offset\": 0, \"thresholding\": false,"
            + " \"rescale_betas_zero_snr\": false}";

    /** Coordinate 0 is far outside [-1, 1] (clipped at every level), coordinate 1 inside. */
    private static final GaussianData DATA = GaussianData.diagonal(new double[] {2.5, -0.2}, new double[] {0.01, 0.04});

    @Test
    void theShippedConfigIsADdpmRunWithClippingOnDiffusersGrid() {
        SchedulerConfig c = SchedulerConfig.parse(DIGITS);
        assertThat(c.schedulerClass()).isEqualTo(SchedulerClass.DDPM);
        assertThat(c.warnings()).isEmpty();
        DiffusersPipeline p = DiffusersPipeline.of(c, SetTimesteps.of(10));
        assertThat(p.grid().timesteps()).containsExactly(900, 800, 700, 600, 500, 400, 300, 200, 100, 0);
        assertThat(p.grid().finalAlphaCumprod()).isEqualTo(1.0);
        assertThat(p.initNoiseSigma()).isEqualTo(1.0);
        assertThat(p.solver().name()).isEqualTo("ddpm");
        assertThat(p.solver().stochastic()).isTrue();
        assertThat(p.describe()).contains("clip-sample=1.0", "variance=fixed-small");
        assertThat(p.segments()).singleElement().satisfies(ts -> {
            assertThat(ts.steps()).isEqualTo(10);
            assertThat(ts.endsAtZeroNoise()).isTrue();
        });
        assertThat(p.warnings()).isEmpty();
        DiffusersPipeline trailing = DiffusersPipeline.of(c.as(SchedulerClass.DDPM,
                Map.of("timestep_spacing", "trailing")), SetTimesteps.of(10));
        assertThat(trailing.grid().timesteps()).containsExactly(999, 899, 799, 699, 599, 499, 399, 299, 199, 99);
        DiffusersPipeline linspace = DiffusersPipeline.of(c.as(SchedulerClass.DDPM,
                Map.of("timestep_spacing", "linspace", "variance_type", "fixed_large")), SetTimesteps.of(10));
        assertThat(linspace.grid().timesteps()).containsExactly(999, 888, 777, 666, 555, 444, 333, 222, 111, 0);
        assertThat(linspace.warnings()).isEmpty();
        DiffusersPipeline largeTrailing = DiffusersPipeline.of(c.as(SchedulerClass.DDPM,
                Map.of("timestep_spacing", "trailing", "variance_type", "fixed_large")), SetTimesteps.of(10));
        assertThat(largeTrailing.warnings()).singleElement().asString().contains("fixed_large", "timestep 99");
    }

    @ParameterizedTest(name = "{0} {1} clip={2}")
    @CsvSource({"fixed_small, epsilon, true", "fixed_small, epsilon, false", "fixed_large, v_prediction, true",
        "fixed_small_log, sample, true"})
    void oneDdpmStepHasTheClosedFormMeanAndVariance(String variance, String prediction, boolean clip) {
        SchedulerConfig c = SchedulerConfig.parse(DIGITS).as(SchedulerClass.DDPM, Map.of("variance_type", variance,
                "prediction_type", prediction, "clip_sample", clip));
        DiffusersPipeline p = DiffusersPipeline.of(c, SetTimesteps.of(10));
        double[] acp = TrainingTable.of(c, Precision.FLOAT64).alphasCumprod();
        for (int step : new int[] {0, 4, 9}) {
            int from = (int) p.grid().timesteps()[step];
            double as = acp[from];
            double at = step == 9 ? 1.0 : acp[(int) p.grid().timesteps()[step + 1]];
            Batch x = Batch.of(new double[][] {{0.7, -1.3}, {3.1, 0.4}});
            Batch[] zs = {oneStep(p, step, x, 0.0), oneStep(p, step, x, 1.0)};
            double beta = 1 - as / at;
            double v = variance.equals("fixed_large") ? beta : (1 - at) / (1 - as) * beta;
            for (int r = 0; r < 2; r++) {
                for (int j = 0; j < 2; j++) {
                    double x0 = posteriorMean(x.get(r, j), j, Math.sqrt(as), Math.sqrt(1 - as));
                    double x0c = clip ? Math.max(-1, Math.min(1, x0)) : x0;
                    double mean = Math.sqrt(at) * beta / (1 - as) * x0c
                            + Math.sqrt(as / at) * (1 - at) / (1 - as) * x.get(r, j);
                    // diffusers adds no noise after timestep 0 (its last step here)
                    double sd = from == 0 ? 0.0 : Math.sqrt(v);
                    assertThat(zs[0].get(r, j)).as("mean, step %d row %d coord %d", step, r, j)
                            .isCloseTo(mean, within(1e-12 * (1 + Math.abs(mean))));
                    assertThat(zs[1].get(r, j) - zs[0].get(r, j)).as("sd, step %d", step).isCloseTo(sd, within(1e-12));
                }
            }
            if (clip) {
                assertThat(Math.abs(posteriorMean(x.get(1, 0), 0, Math.sqrt(as), Math.sqrt(1 - as))))
                        .as("clipping is active in this case").isGreaterThan(1.2);
            }
        }
    }

    @ParameterizedTest(name = "DDIM clip_sample={0}")
    @CsvSource({"true", "false"})
    void ddimClipsTheDataTermAndKeepsTheModelsNoiseEstimate(boolean clip) {
        SchedulerConfig c = SchedulerConfig.parse(DIGITS).as(SchedulerClass.DDIM, Map.of("clip_sample", clip,
                "clip_sample_range", 1.5));
        DiffusersPipeline p = DiffusersPipeline.of(c, SetTimesteps.of(10));
        double[] acp = TrainingTable.of(c, Precision.FLOAT64).alphasCumprod();
        Batch x = Batch.of(new double[][] {{0.7, -1.3}, {3.1, 0.4}});
        for (int step : new int[] {0, 9}) {
            double as = acp[(int) p.grid().timesteps()[step]];
            double at = step == 9 ? 1.0 : acp[(int) p.grid().timesteps()[step + 1]];
            Batch out = oneStep(p, step, x, 0.0);
            for (int r = 0; r < 2; r++) {
                for (int j = 0; j < 2; j++) {
                    double expected = ddimStep(x.get(r, j), j, as, at, clip ? 1.5 : 0.0);
                    assertThat(out.get(r, j)).isCloseTo(expected, within(1e-12 * (1 + Math.abs(expected))));
                }
            }
        }
        assertThat(p.solver()).isEqualTo(SolverRegistry.standard().create("ddim",
                io.samplerkit.solvers.SolverOptions.of(Map.of("clip-sample", clip ? 1.5 : 0.0))));
    }

    @ParameterizedTest(name = "DDIM clip_sample={0}")
    @CsvSource({"true", "false"})
    void ddimsStepFromTimestepZeroToItsOwnAlphaClipsLikeAnyStep(boolean clip) {
        // set_alpha_to_one=false, one leading step: the only timestep is 0 and its step goes to alphas_cumprod[0]
        // itself. diffusers clamps x0 there as in any step, which moves the sample; the step used to be counted as
        // an identity call without calling the model (the sample returned unchanged, and its exact law failed
        // with an ArrayIndexOutOfBoundsException)
        SchedulerConfig c = SchedulerConfig.parse(DIGITS).as(SchedulerClass.DDIM, Map.of("clip_sample", clip,
                "set_alpha_to_one", false));
        DiffusersPipeline p = DiffusersPipeline.of(c, SetTimesteps.of(1));
        assertThat(p.grid().timesteps()).containsExactly(0);
        double a = TrainingTable.of(c, Precision.FLOAT64).alphasCumprod()[0];
        Batch x = Batch.of(new double[][] {{0.7, -1.3}, {3.1, 0.4}});
        io.samplerkit.solvers.SamplingResult r = p.sample(DATA.model(p.schedule(), p.prediction()), x, 1);
        assertThat(r.modelCalls()).isEqualTo(1);
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 2; j++) {
                double expected = ddimStep(x.get(i, j), j, a, a, clip ? 1.0 : 0.0);
                assertThat(r.x().get(i, j)).as("row %d column %d", i, j).isCloseTo(expected,
                        within(1e-12 * (1 + Math.abs(expected))));
            }
        }
        if (!clip) {
            assertThat(PipelineLaw.of(p, DATA).law().mean()).hasSize(2);
        }
    }

    @Test
    void aClippedRunEndsInsideTheRangeAndAnUnclippedOneDoesNot() {
        SchedulerConfig c = SchedulerConfig.parse(DIGITS);
        for (boolean clip : new boolean[] {true, false}) {
            DiffusersPipeline p = DiffusersPipeline.of(c.as(SchedulerClass.DDPM, Map.of("clip_sample", clip)),
                    SetTimesteps.of(20));
            Batch xT = Batch.zeros(64, 2);
            new io.samplerkit.core.noise.SeededNoise(5).standardNormal(0, xT);
            double[] out = p.sample(DATA.model(p.schedule(), p.prediction()), xT, 9).x().data();
            double max = Arrays.stream(out).map(Math::abs).max().orElseThrow();
            if (clip) {
                assertThat(max).isLessThanOrEqualTo(1.0);
            } else {
                assertThat(max).isGreaterThan(2.0);
            }
        }
    }

    @Test
    void swappingTheSolverDropsTheClippingWithAWarningAndKeepsTheGrid() {
        DiffusersPipeline own = DiffusersPipeline.of(SchedulerConfig.parse(DIGITS), SetTimesteps.of(20));
        DiffusersPipeline dpm = own.withSolver(SolverRegistry.standard().create("dpmpp-2m"), "dpmpp-2m");
        assertThat(dpm.segments()).isEqualTo(own.segments());
        assertThat(dpm.warnings()).singleElement().asString().contains("clip_sample=true", "dpmpp-2m");
        // diffusers' class swap: DPMSolverMultistep takes variance_type and ignores values other than learned*
        SchedulerConfig asDpm = SchedulerConfig.parse(DIGITS).as(SchedulerClass.DPM_SOLVER_MULTISTEP, Map.of());
        assertThat(String.join("\n", asDpm.warnings())).contains("clip_sample=true", "clip_sample_range=1.0");
        assertThat(DiffusersPipeline.of(asDpm, SetTimesteps.of(20)).solver().name()).isEqualTo("dpmpp-multistep");
    }

    @Test
    void variancesAndValuesItCannotHonourAreErrorsNamingTheKey() {
        SchedulerConfig c = SchedulerConfig.parse(DIGITS);
        for (String v : new String[] {"fixed_large_log"}) {
            InvalidInputException e = catchThrowableOfType(() -> DiffusersPipeline.of(c.as(SchedulerClass.DDPM,
                    Map.of("variance_type", v)), SetTimesteps.of(10)), InvalidInputException.class);
            assertThat(e.path()).isEqualTo("variance_type");
            assertThat(e.value()).isEqualTo(v);
        }
        // a learned variance maps onto ddpm's learned variances (the model must then have a variance output)
        assertThat(DiffusersPipeline.of(c.as(SchedulerClass.DDPM, Map.of("variance_type", "learned_range")),
                SetTimesteps.of(10)).solver()).isEqualTo(new Ddpm(DdpmVariance.LEARNED_RANGE, 1.0));
        assertThat(DiffusersPipeline.of(c.as(SchedulerClass.DDPM, Map.of("variance_type", "learned")),
                SetTimesteps.of(10)).solver()).isEqualTo(new Ddpm(DdpmVariance.LEARNED, 1.0));
        InvalidInputException e = catchThrowableOfType(() -> c.as(SchedulerClass.DDPM, Map.of("variance_type",
                "fixed_medium")), InvalidInputException.class);
        assertThat(e.path()).isEqualTo("variance_type");
        e = catchThrowableOfType(() -> c.as(SchedulerClass.DDPM, Map.of("clip_sample_range", 0.0)),
                InvalidInputException.class);
        assertThat(e.path()).isEqualTo("clip_sample_range");
        e = catchThrowableOfType(() -> c.as(SchedulerClass.DDPM, Map.of("prediction_type", "flow_prediction")),
                InvalidInputException.class);
        assertThat(e.path()).isEqualTo("prediction_type");
        e = catchThrowableOfType(() -> DiffusersPipeline.of(c, SetTimesteps.of(1001)), InvalidInputException.class);
        assertThat(e.path()).isEqualTo("num_inference_steps");
    }

    @Test
    void aZeroSnrDdpmStartsWithThePureNoiseStep() {
        SchedulerConfig c = SchedulerConfig.parse(DIGITS).as(SchedulerClass.DDPM, Map.of("rescale_betas_zero_snr", true,
                "timestep_spacing", "trailing", "prediction_type", "v_prediction"));
        DiffusersPipeline p = DiffusersPipeline.of(c, SetTimesteps.of(10));
        assertThat(p.grid().alphasCumprodAtTimesteps()[0]).isZero();
        assertThat(p.describe()).contains("first step from pure noise");
        assertThat(p.segments()).singleElement().extracting(Timesteps::steps).isEqualTo(9);
        InvalidInputException e = catchThrowableOfType(() -> DiffusersPipeline.of(c.as(SchedulerClass.DDPM,
                Map.of("rescale_betas_zero_snr", true, "timestep_spacing", "trailing")), SetTimesteps.of(10)),
                InvalidInputException.class);
        assertThat(e.path()).isEqualTo("prediction_type");
    }

    /** The step {@code step} of the pipeline's run alone, with every normal draw equal to {@code z}. */
    private static Batch oneStep(DiffusersPipeline p, int step, Batch x, double z) {
        Timesteps ts = p.segments().get(0);
        VpDiscreteSchedule schedule = (VpDiscreteSchedule) p.schedule();
        Timesteps one = ts.isZeroNoise(step + 1) ? Timesteps.ofZeroNoiseEnd(schedule, new double[] {ts.t(step)})
                : Timesteps.of(schedule, new double[] {ts.t(step), ts.t(step + 1)});
        NoiseSource constant = (stream, out) -> Arrays.fill(out.data(), z);
        SamplingProblem problem = SamplingProblem.of(schedule, DATA.model(schedule, p.prediction()), one)
                .withNoise(constant);
        return p.solver().sample(problem, x).x();
    }

    /**
     * diffusers' DDIM step (eta 0) of one coordinate from {@code a_s} to {@code a_t}: {@code sqrt(a_t) clip(x0) +
     * sqrt(1 - a_t) eps}, {@code eps} from the unclipped {@code x0}; {@code range} 0 for no clipping.
     */
    private static double ddimStep(double x, int j, double as, double at, double range) {
        double x0 = posteriorMean(x, j, Math.sqrt(as), Math.sqrt(1 - as));
        double x0c = range > 0 ? Math.max(-range, Math.min(range, x0)) : x0;
        double eps = (x - Math.sqrt(as) * x0) / Math.sqrt(1 - as);
        return Math.sqrt(at) * x0c + Math.sqrt(1 - at) * eps;
    }

    /** E[x0 | x_s = x] per coordinate for the diagonal Gaussian data. */
    private static double posteriorMean(double x, int j, double alpha, double sigma) {
        double m = DATA.mean()[j];
        double v = j == 0 ? 0.01 : 0.04;
        return m + alpha * v / (alpha * alpha * v + sigma * sigma) * (x - alpha * m);
    }
}
