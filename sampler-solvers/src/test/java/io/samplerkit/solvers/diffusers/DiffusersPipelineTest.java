package io.samplerkit.solvers.diffusers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.samplerkit.core.InvalidInputException;
import io.samplerkit.core.analytic.GaussianData;
import io.samplerkit.core.grid.Timesteps;
import io.samplerkit.core.kernel.Kernels;
import io.samplerkit.core.model.DiffusionModel;
import io.samplerkit.core.state.Batch;
import io.samplerkit.solvers.SolverOptions;
import io.samplerkit.solvers.SolverRegistry;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DiffusersPipelineTest {

    private static final GaussianData DATA = GaussianData.diagonal(new double[] {0.1, -0.2, 0.0},
            new double[] {0.25, 1.0, 0.04});

    @Test
    void theConfiguredClassAndASwappedClassMapToTheirRegistrySolvers() {
        SchedulerConfig sd15 = SchedulerConfig.parse(SchedulerConfigTest.SD15);
        assertThat(DiffusersPipeline.of(sd15, SetTimesteps.of(10)).solver().name()).isEqualTo("plms");
        DiffusersPipeline dpm = DiffusersPipeline.of(sd15.as(SchedulerClass.DPM_SOLVER_MULTISTEP, Map.of()),
                SetTimesteps.of(10));
        assertThat(dpm.solver().name()).isEqualTo("dpmpp-multistep");
        assertThat(dpm.segments()).singleElement().extracting(Timesteps::steps).isEqualTo(10);
        assertThat(dpm.segments().get(0).endsAtZeroNoise()).isTrue();
        assertThat(DiffusersPipeline.of(sd15.as(SchedulerClass.EULER, Map.of()), SetTimesteps.of(10)).initNoiseSigma())
                .isCloseTo(14.6146, org.assertj.core.api.Assertions.within(1e-3));
    }

    @Test
    void aSwappedInSolverKeepsTheGridAndConvergesAtItsOrder() {
        SchedulerConfig c = SchedulerConfig.parse(SchedulerConfigTest.SD15).as(SchedulerClass.DPM_SOLVER_MULTISTEP,
                Map.of("final_sigmas_type", "sigma_min"));
        double[] errors = new double[4];
        for (int k = 0; k < 4; k++) {
            DiffusersPipeline own = DiffusersPipeline.of(c, SetTimesteps.of(10 << k));
            DiffusersPipeline heun = own.withSolver(SolverRegistry.standard().create("heun", SolverOptions.empty()),
                    "heun");
            assertThat(heun.segments()).isEqualTo(own.segments());
            Timesteps ts = heun.segments().get(0);
            Batch x = Batch.of(new double[][] {{0.3, -1.2, 0.8}, {-0.5, 0.4, 1.9}});
            Batch out = heun.sample(DATA.model(heun.schedule(), heun.prediction()), x, 1L).x();
            Batch exact = Batch.zeros(2, 3);
            DATA.flow(x, heun.schedule(), ts.t(0), ts.t(ts.points() - 1), exact);
            double err = 0;
            for (int i = 0; i < exact.data().length; i++) {
                err = Math.max(err, Math.abs(out.data()[i] - exact.data()[i]));
            }
            errors[k] = err;
        }
        // Heun is second order: doubling the steps divides the error by 4 asymptotically; on this grid (linear in the
        // training index, sigma from 14.6 to 0.029) the measured ratios are 2.87, 3.06, 3.38, rising towards 4
        System.out.println("heun on DPMSolverMultistep's grid, N = 10, 20, 40, 80: max errors "
                + java.util.Arrays.toString(errors));
        assertThat(errors[0] / errors[1]).isGreaterThan(2.5);
        assertThat(errors[1] / errors[2]).isGreaterThan(errors[0] / errors[1]);
        assertThat(errors[2] / errors[3]).isBetween(3.2, 4.5);
    }

    @Test
    void aSwappedInSolverThatCannotRunTheGridIsAnInputErrorOnSolver() {
        // Euler's one step ends at zero noise: dpmpp-2m needs two steps, deis and pndm a noisy end. Their validation
        // used to escape as a plain IllegalArgumentException ("internal error", exit 1 on the command line)
        DiffusersPipeline euler = DiffusersPipeline.of(SchedulerConfig.of(Map.of("_class_name",
                "EulerDiscreteScheduler")), SetTimesteps.of(1));
        Batch x = Batch.of(new double[][] {{0.3, -1.2, 0.8}});
        for (String name : new String[] {"dpmpp-2m", "deis", "pndm"}) {
            DiffusersPipeline swapped = euler.withSolver(SolverRegistry.standard().create(name), name);
            InvalidInputException e = catchThrowableOfType(() -> swapped.sample(DATA.model(swapped.schedule(),
                    swapped.prediction()), x, 1L), InvalidInputException.class);
            assertThat(e).as(name).isNotNull();
            assertThat(e.path()).isEqualTo("solver");
            assertThat(e.value()).isEqualTo(name);
            assertThat(e.allowed()).startsWith("a solver that can run this pipeline's grid: timesteps");
        }
        // DPM-Solver's repeated final sigma (Karras sigmas ending at sigma_min) is a zero-length last step
        DiffusersPipeline repeated = DiffusersPipeline.of(SchedulerConfig.of(Map.of("_class_name",
                "DPMSolverMultistepScheduler", "use_karras_sigmas", true, "final_sigmas_type", "sigma_min")),
                SetTimesteps.of(5)).withSolver(SolverRegistry.standard().create("bosh3"), "bosh3");
        InvalidInputException e = catchThrowableOfType(() -> repeated.sample(DATA.model(repeated.schedule(),
                repeated.prediction()), x, 1L), InvalidInputException.class);
        assertThat(e).isNotNull();
        assertThat(e.path()).isEqualTo("solver");
        assertThat(e.value()).isEqualTo("bosh3");
        // DDIM's zero-length step at timestep 0 stays with DDIM: a swapped-in solver's grid ends before it
        SchedulerConfig ddim = SchedulerConfig.of(Map.of("_class_name", "DDIMScheduler", "set_alpha_to_one", false));
        DiffusersPipeline ten = DiffusersPipeline.of(ddim, SetTimesteps.of(10))
                .withSolver(SolverRegistry.standard().create("bosh3"), "bosh3");
        assertThat(ten.segments()).singleElement().satisfies(ts -> {
            assertThat(ts.steps()).isEqualTo(9);
            assertThat(ts.endsWithZeroLengthStep()).isFalse();
        });
        DiffusersPipeline one = DiffusersPipeline.of(ddim, SetTimesteps.of(1))
                .withSolver(SolverRegistry.standard().create("bosh3"), "bosh3");
        assertThat(one.segments()).isEmpty();
        assertThat(one.sample(DATA.model(one.schedule(), one.prediction()), x, 1L).x().data())
                .containsExactly(x.data());
    }

    @Test
    void settingsTheLoopCannotHonourAreErrorsNamingTheKey() {
        SchedulerConfig heun = SchedulerConfig.of(Map.of("_class_name", "HeunDiscreteScheduler", "clip_sample", true));
        InvalidInputException e = catchThrowableOfType(() -> DiffusersPipeline.of(heun, SetTimesteps.of(10)),
                InvalidInputException.class);
        assertThat(e.path()).isEqualTo("clip_sample");
        assertThat(e.value()).isEqualTo("true");
        SchedulerConfig thresholdedDdim = SchedulerConfig.of(Map.of("_class_name", "DDIMScheduler", "thresholding",
                true));
        e = catchThrowableOfType(() -> DiffusersPipeline.of(thresholdedDdim, SetTimesteps.of(10)),
                InvalidInputException.class);
        assertThat(e.path()).isEqualTo("thresholding");
        SchedulerConfig sde = SchedulerConfig.of(Map.of("_class_name", "DPMSolverMultistepScheduler",
                "algorithm_type", "sde-dpmsolver", "final_sigmas_type", "sigma_min"));
        e = catchThrowableOfType(() -> DiffusersPipeline.of(sde, SetTimesteps.of(10)), InvalidInputException.class);
        assertThat(e.path()).isEqualTo("algorithm_type");
        SchedulerConfig flowWithoutFlowSigmas = SchedulerConfig.of(Map.of("_class_name", "UniPCMultistepScheduler",
                "prediction_type", "flow_prediction"));
        e = catchThrowableOfType(() -> DiffusersPipeline.of(flowWithoutFlowSigmas, SetTimesteps.of(10)),
                InvalidInputException.class);
        assertThat(e.path()).isEqualTo("prediction_type");
        SchedulerConfig ancestralOnData = SchedulerConfig.of(Map.of("_class_name", "EulerAncestralDiscreteScheduler",
                "prediction_type", "sample"));
        e = catchThrowableOfType(() -> DiffusersPipeline.of(ancestralOnData, SetTimesteps.of(10)),
                InvalidInputException.class);
        assertThat(e.path()).isEqualTo("prediction_type");
        assertThat(e.value()).isEqualTo("sample");
    }

    /**
     * EulerAncestral runs k-diffusion's ancestral Euler step (eta 1) on the unscaled sample: the pipeline's problem
     * started from {@code startScale() x_T} and scaled by {@code endScale()} is {@code sample()}, bit for bit.
     */
    @Test
    void eulerAncestralIsTheAncestralEulerStepOnTheUnscaledSample() {
        SchedulerConfig config = SchedulerConfig.parse(SchedulerConfigTest.SD15).as(SchedulerClass.EULER_ANCESTRAL,
                Map.of("timestep_spacing", "leading"));
        DiffusersPipeline p = DiffusersPipeline.of(config, SetTimesteps.of(12));
        assertThat(p.solver().name()).isEqualTo("euler-ancestral");
        assertThat(p.solver().stochastic()).isTrue();
        assertThat(p.startScale()).isEqualTo(p.segments().get(0).alpha(0));
        assertThat(p.endScale()).isEqualTo(1.0);
        Batch xT = Batch.zeros(2, 3);
        for (int i = 0; i < 6; i++) {
            xT.data()[i] = p.initNoiseSigma() * (i - 2.5) / 2;
        }
        DiffusionModel model = DATA.model(p.schedule(), p.prediction());
        Batch viaSample = p.sample(model, xT, 7L).x();
        Batch start = xT.copy();
        Kernels.scale(start, p.startScale(), start);
        Batch viaProblem = p.solver().sample(p.problem(model).withSeed(7L), start).x();
        assertThat(viaProblem.data()).containsExactly(viaSample.data());
    }
}
