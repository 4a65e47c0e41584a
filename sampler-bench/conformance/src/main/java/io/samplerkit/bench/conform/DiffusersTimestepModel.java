package io.samplerkit.bench.conform;

import io.samplerkit.core.model.DiffusionModel;
import io.samplerkit.core.model.Prediction;
import io.samplerkit.core.schedule.VpDiscreteSchedule;
import io.samplerkit.core.state.Batch;
import io.samplerkit.core.state.BatchView;
import io.samplerkit.solvers.diffusers.DiffusersPipeline;

/**
 * A case's exact model conditioned as diffusers conditions a network: on the timestep {@code scheduler.timesteps}
 * holds at the step ({@link DiffusersPipeline#timestepOf}), i.e. evaluated at the training level of that integer
 * index, while the scheduler converts the output with the level of its own sigma. The two differ where diffusers
 * rounds the timestep of a respaced sigma (Karras sigmas of the multistep classes); elsewhere the timestep's level is
 * the step's level and the model is the exact model unchanged. This is the case format's
 * {@code model(x, t) with integer timestep t} interface.
 */
final class DiffusersTimestepModel implements DiffusionModel {

    private final DiffusionModel exact;
    private final DiffusersPipeline pipeline;
    private final VpDiscreteSchedule table;

    /**
     * @param exact the exact model on the pipeline's schedule
     * @param pipeline the run, whose schedule is a training table
     */
    DiffusersTimestepModel(DiffusionModel exact, DiffusersPipeline pipeline) {
        this.exact = exact;
        this.pipeline = pipeline;
        this.table = (VpDiscreteSchedule) pipeline.schedule();
    }

    @Override
    public Prediction prediction() {
        return exact.prediction();
    }

    @Override
    public void evaluate(BatchView x, double t, Batch out) {
        double k = pipeline.timestepOf(t);
        boolean index = k == Math.rint(k) && k >= 0 && k < table.size();
        exact.evaluate(x, index ? table.timeOfIndex((int) k) : t, out);
    }
}
