package io.samplerkit.bench.conform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.samplerkit.core.Checks;
import io.samplerkit.core.kernel.Kernels;
import io.samplerkit.core.model.DiffusionModel;
import io.samplerkit.core.state.Batch;
import io.samplerkit.solvers.SamplingProblem;
import io.samplerkit.solvers.diffusers.DiffusersPipeline;
import io.samplerkit.solvers.diffusers.SchedulerConfig;
import io.samplerkit.solvers.diffusers.SetTimesteps;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A stochastic diffusers scheduler ({@code EulerAncestralDiscreteScheduler}, {@code SASolverScheduler}) run through
 * the diffusers config loader: the case's {@code solver.config} is bound to the class ({@link SchedulerConfig}),
 * {@link DiffusersPipeline} rebuilds the timesteps and sigmas of {@code set_timesteps(num_inference_steps)} from it
 * (checked against the stored {@code timesteps} and {@code sigmas} to {@value #GRID_RTOL} relative) and maps the step
 * onto the registry solver the loader chooses ({@code euler-ancestral} with eta 1; {@code sa-solver} with the
 * class's orders, algorithm and tau window) on the VP state, SASolver's model conditioned on diffusers' integer
 * timestep ({@link DiffusersTimestepModel}); the case's draws are injected ({@code noise},
 * FORMAT.md). Without injected noise the case is skipped.
 */
final class DiffusersLoaderNoiseCases implements CaseTranslator {

    /** Relative tolerance of the rebuilt grid against the stored one (float64 arrays, as in the diffusers-configs set). */
    static final double GRID_RTOL = 1e-12;

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final String scheduler;
    private final boolean timestepModel;

    /**
     * @param scheduler the diffusers class name the cases run
     * @param timestepModel whether the cases' model takes diffusers' integer timestep ({@link DiffusersTimestepModel};
     *     SASolver) rather than the level of the scheduler's sigma (EulerAncestral's scaled model input)
     */
    DiffusersLoaderNoiseCases(String scheduler, boolean timestepModel) {
        this.scheduler = scheduler;
        this.timestepModel = timestepModel;
    }

    @Override
    public boolean accepts(ReferenceCase referenceCase) {
        return referenceCase.isDiffusers(scheduler);
    }

    @Override
    public PreparedCase prepare(ReferenceCase referenceCase) throws SkipCaseException {
        CaseRules.requireNoStepArguments(referenceCase);
        if (!referenceCase.hasNoise()) {
            throw SkipCaseException.unsupported(scheduler + " draws torch noise and the case injects none (noise)");
        }
        JsonNode solver = referenceCase.solver();
        Map<String, Object> file = new LinkedHashMap<>();
        file.put("_class_name", scheduler);
        @SuppressWarnings("unchecked")
        Map<String, Object> config = MAPPER.convertValue(solver.path("config"), Map.class);
        file.putAll(config);
        DiffusersPipeline pipeline = DiffusersPipeline.of(SchedulerConfig.of(file),
                SetTimesteps.of(solver.path("num_inference_steps").asInt()));
        requireSame("timesteps", pipeline.grid().timesteps(), referenceCase.timesteps());
        requireSame("sigmas", pipeline.grid().sigmas(), ReferenceCase.vector(referenceCase.root().path("sigmas")));
        DiffusionModel exact = referenceCase.exactModel(pipeline.schedule());
        SamplingProblem problem = referenceCase.withInjectedNoise(pipeline.problem(
                timestepModel ? new DiffusersTimestepModel(exact, pipeline) : exact));
        Batch xStart = referenceCase.xT();
        Kernels.scale(xStart, pipeline.startScale(), xStart);
        return new PreparedCase(pipeline.solver(), problem, xStart, pipeline.endScale(),
                pipeline.describe() + "; grid rebuilt from the config; injected noise");
    }

    /** The loader's grid must be the reference's: otherwise the run would be judged on another grid. */
    private static void requireSame(String what, double[] ours, double[] ref) {
        if (ours.length != ref.length) {
            throw new IllegalStateException(Checks.format("the config loader's %s have %d values, the case's %d",
                    what, ours.length, ref.length));
        }
        for (int i = 0; i < ref.length; i++) {
            if (!(Math.abs(ours[i] - ref[i]) <= GRID_RTOL * Math.abs(ref[i]))) {
                throw new IllegalStateException(Checks.format("the config loader's %s[%d] = %s, the case's %s", what,
                        i, ours[i], ref[i]));
            }
        }
    }
}
