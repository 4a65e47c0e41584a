package io.samplerkit.solvers.diffusers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.samplerkit.core.analytic.GaussianData;
import io.samplerkit.core.model.DiffusionModel;
import io.samplerkit.core.state.Batch;
import io.samplerkit.solvers.SolverOptions;
import io.samplerkit.solvers.SolverRegistry;
import io.samplerkit.solvers.law.ExactLaw;
import io.samplerkit.solvers.law.ExactOutputLaw;
import io.samplerkit.solvers.law.GaussianLaw;
import io.samplerkit.solvers.law.GaussianSamples;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link PipelineLaw}: the exact law of what a diffusers pipeline run returns, checked against {@link #SAMPLES}
 * samples of the run itself (a first step from pure noise, chained segments, an unscaled sample, stochastic
 * updates), and refused where the run clips or thresholds.
 *
 * <p>Statistics as in {@code SamplingAgreesWithExactLawTest}: 3 means and 6 covariance entries per pipeline, each
 * within {@link #Z} = 4.5 standard errors; false-alarm rate at most {@code 9 x 6.8e-6 = 6e-5} per pipeline (union
 * bound). Power: the same samples must reject the data law, which every run here misses by more than its sampling
 * error at these step counts.
 */
class PipelineLawTest {

    private static final int SAMPLES = 20_000;
    private static final double Z = 4.5;
    private static final GaussianData DATA = GaussianData.diagonal(new double[] {0.3, -0.2, 0.0},
            new double[] {0.25, 1.0, 0.04});

    static Stream<Arguments> pipelines() {
        SchedulerConfig digits = SchedulerConfig.parse(DdpmSchedulerTest.DIGITS);
        SchedulerConfig sd15 = SchedulerConfig.parse(SchedulerConfigTest.SD15);
        return Stream.of(
                Arguments.of("DPMSolverMultistep sde-dpmsolver++ order 3", DiffusersPipeline.of(sd15.as(
                        SchedulerClass.DPM_SOLVER_MULTISTEP, Map.of("algorithm_type", "sde-dpmsolver++",
                                "solver_order", 3)), SetTimesteps.of(8))),
                Arguments.of("DDPM, not clipped, stochastic", DiffusersPipeline.of(digits.as(SchedulerClass.DDPM,
                        Map.of("clip_sample", false)), SetTimesteps.of(6))),
                Arguments.of("DDIM trailing, chained segments", DiffusersPipeline.of(digits.as(SchedulerClass.DDIM,
                        Map.of("timestep_spacing", "trailing", "clip_sample", false)), SetTimesteps.of(7))),
                Arguments.of("Euler, unscaled sample", DiffusersPipeline.of(sd15.as(SchedulerClass.EULER, Map.of()),
                        SetTimesteps.of(9))),
                Arguments.of("Euler ancestral", DiffusersPipeline.of(sd15.as(SchedulerClass.EULER_ANCESTRAL,
                        Map.of()), SetTimesteps.of(9))),
                Arguments.of("FlowMatchEuler, pure-noise step", DiffusersPipeline.of(SchedulerConfig.of(Map.of(
                        "_class_name", "FlowMatchEulerDiscreteScheduler", "shift", 3.0)), SetTimesteps.of(6))),
                Arguments.of("DDIM, zero terminal SNR: pure-noise step", DiffusersPipeline.of(sd15.as(
                        SchedulerClass.DDIM, Map.of("rescale_betas_zero_snr", true, "timestep_spacing", "trailing", "prediction_type", "v_prediction",
                                "clip_sample", false)), SetTimesteps.of(5))));
    }

    static Stream<Arguments> deterministicPipelines() {
        return pipelines().filter(a -> !((DiffusersPipeline) a.get()[1]).solver().stochastic());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pipelines")
    void samplesOfTheRunHaveItsExactLaw(String label, DiffusersPipeline pipeline) {
        ExactLaw exact = PipelineLaw.of(pipeline, DATA);
        DiffusionModel model = DATA.model(pipeline.schedule(), pipeline.prediction());
        Batch xT = GaussianSamples.draw(startInDiffusersCoordinates(pipeline), SAMPLES, 91);
        Batch x = pipeline.sample(model, xT, 2026).x();
        assertThat(GaussianSamples.worstStatistic(x, exact.law())).as("%s: |statistic| against the exact law", label)
                .isLessThanOrEqualTo(Z);
        GaussianLaw dataLaw = GaussianLaw.marginal(DATA, 1.0, 0.0);
        assertThat(GaussianSamples.worstStatistic(x, dataLaw)).as("%s: the samples must reject the data law", label)
                .isGreaterThan(Z);
        assertThat(exact.frechetToData()).isEqualTo(exact.law().frechetDistance(dataLaw));
    }

    /**
     * A deterministic run is an affine map of {@code x_T}, so the {@code 2d} sigma points {@code m +- sqrt(d) L e_i}
     * of the start law ({@code L} its Cholesky factor) have exactly the output law's mean and covariance: an
     * independent check of the law through the run itself, to round-off.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("deterministicPipelines")
    void deterministicRunsMapTheStartsSigmaPointsOntoTheLaw(String label, DiffusersPipeline pipeline) {
        GaussianLaw start = startInDiffusersCoordinates(pipeline);
        int d = start.dim();
        double[][] l = GaussianSamples.cholesky(start.covariance());
        Batch points = Batch.zeros(2 * d, d);
        for (int p = 0; p < d; p++) {
            for (int i = 0; i < d; i++) {
                double offset = Math.sqrt(d) * l[i][p];
                points.set(2 * p, i, start.mean()[i] + offset);
                points.set(2 * p + 1, i, start.mean()[i] - offset);
            }
        }
        Batch y = pipeline.sample(DATA.model(pipeline.schedule(), pipeline.prediction()), points, 1L).x();
        double[] mean = new double[d];
        for (int r = 0; r < 2 * d; r++) {
            for (int i = 0; i < d; i++) {
                mean[i] += y.get(r, i) / (2 * d);
            }
        }
        GaussianLaw law = PipelineLaw.of(pipeline, DATA).law();
        for (int i = 0; i < d; i++) {
            assertThat(law.mean()[i]).as("%s: mean %d", label, i).isCloseTo(mean[i],
                    org.assertj.core.api.Assertions.within(1e-10));
            for (int j = 0; j < d; j++) {
                double cov = 0;
                for (int r = 0; r < 2 * d; r++) {
                    cov += (y.get(r, i) - mean[i]) * (y.get(r, j) - mean[j]) / (2 * d);
                }
                assertThat(law.covariance()[i][j]).as("%s: covariance %d %d", label, i, j).isCloseTo(cov,
                        org.assertj.core.api.Assertions.within(1e-10));
            }
        }
    }

    /** The exact marginal at the run's first time, in the coordinates {@link DiffusersPipeline#sample} takes. */
    private static GaussianLaw startInDiffusersCoordinates(DiffusersPipeline pipeline) {
        DiffusersPipeline.PureNoiseStep pure = pipeline.pureNoiseStep();
        if (pure != null) {
            return GaussianLaw.marginal(DATA, pipeline.schedule().alpha(pure.time()),
                    pipeline.schedule().sigma(pure.time()));
        }
        var first = pipeline.segments().get(0);
        return GaussianLaw.marginal(DATA, first.alpha(0), first.sigma(0)).scaled(1 / pipeline.startScale());
    }

    @Test
    void aRunThatIsOneSolverRunHasTheSolversLawOnItsProblem() {
        DiffusersPipeline p = DiffusersPipeline.of(SchedulerConfig.parse(SchedulerConfigTest.SD15).as(
                SchedulerClass.DPM_SOLVER_MULTISTEP, Map.of("algorithm_type", "sde-dpmsolver++", "solver_order", 3)),
                SetTimesteps.of(12));
        ExactLaw pipeline = PipelineLaw.of(p, DATA);
        ExactLaw solver = ExactOutputLaw.of(p.solver(), p.problem(DATA.model(p.schedule(), p.prediction())), DATA);
        for (int i = 0; i < 3; i++) {
            assertThat(pipeline.law().mean()[i]).isCloseTo(solver.law().mean()[i],
                    org.assertj.core.api.Assertions.within(1e-14));
            for (int j = 0; j < 3; j++) {
                assertThat(pipeline.law().covariance()[i][j]).isCloseTo(solver.law().covariance()[i][j],
                        org.assertj.core.api.Assertions.within(1e-14));
            }
        }
        assertThat(pipeline.frechetToMarginal()).isCloseTo(solver.frechetToMarginal(),
                org.assertj.core.api.Assertions.within(1e-12));
    }

    /**
     * diffusers' {@code sde-dpmsolver++} with {@code solver_order: 3} is its own third-order update, the one with the
     * sign error: the run's law is that of the registry's compatibility entry on the same grid with diffusers' order
     * rules, and not that of k-diffusion's weight.
     */
    @Test
    void diffusersSdeThirdOrderRunsItsOwnWeight() {
        DiffusersPipeline p = DiffusersPipeline.of(SchedulerConfig.parse(SchedulerConfigTest.SD15).as(
                SchedulerClass.DPM_SOLVER_MULTISTEP, Map.of("algorithm_type", "sde-dpmsolver++", "solver_order", 3)),
                SetTimesteps.of(20));
        SolverOptions rules = SolverOptions.of(Map.of("lower-order-final", true, "lower-order-final-below", 15));
        double own = PipelineLaw.of(p, DATA).frechetToData();
        double compatible = PipelineLaw.of(p.withSolver(SolverRegistry.standard().create("dpmpp-3m-sde-diffusers",
                rules), "compatible"), DATA).frechetToData();
        double kDiffusion = PipelineLaw.of(p.withSolver(SolverRegistry.standard().create("dpmpp-3m-sde", rules),
                "k-diffusion"), DATA).frechetToData();
        assertThat(own).isCloseTo(compatible, org.assertj.core.api.Assertions.within(1e-13));
        assertThat(Math.abs(own - kDiffusion)).isGreaterThan(1e-4);
    }

    @Test
    void aRunThatClipsOrThresholdsHasNoGaussianLaw() {
        SchedulerConfig digits = SchedulerConfig.parse(DdpmSchedulerTest.DIGITS);
        DiffusersPipeline clipped = DiffusersPipeline.of(digits.as(SchedulerClass.DDIM, Map.of("clip_sample", true)),
                SetTimesteps.of(8));
        assertThatThrownBy(() -> PipelineLaw.of(clipped, DATA)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must be affine");
        DiffusersPipeline thresholded = DiffusersPipeline.of(digits.as(SchedulerClass.DPM_SOLVER_MULTISTEP,
                Map.of("thresholding", true, "sample_max_value", 1.5)), SetTimesteps.of(12));
        assertThatThrownBy(() -> PipelineLaw.of(thresholded, DATA)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must be affine");
    }
}
