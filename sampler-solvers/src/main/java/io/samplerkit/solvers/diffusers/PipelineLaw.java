package io.samplerkit.solvers.diffusers;

import io.samplerkit.core.Checks;
import io.samplerkit.core.analytic.GaussianData;
import io.samplerkit.core.grid.Timesteps;
import io.samplerkit.core.model.DiffusionModel;
import io.samplerkit.core.state.Batch;
import io.samplerkit.solvers.SamplingProblem;
import io.samplerkit.solvers.law.ExactLaw;
import io.samplerkit.solvers.law.ExactOutputLaw;
import io.samplerkit.solvers.law.GaussianLaw;
import java.util.List;

/**
 * The exact output law of a {@link DiffusersPipeline} run on Gaussian data, in diffusers' coordinates (the law of
 * what {@link DiffusersPipeline#sample} returns).
 *
 * <p>Every part of the run is affine in the state and in the noise on the exact model of Gaussian data, so the law is
 * pushed through the parts in the order the run takes them: the first step from pure noise, if any (unit probing of
 * the step itself), the scale into SamplerKit's coordinates, each segment's solver run
 * ({@link ExactOutputLaw#pushForward(io.samplerkit.solvers.Solver, SamplingProblem, GaussianLaw, GaussianData)}, the
 * noise of each segment independent of the others'), and the scale back. The start is the exact marginal at the
 * run's first time, as {@link ExactOutputLaw#of} takes it (not diffusers' {@code z * init_noise_sigma}, whose
 * variance is the marginal's only where the signal has vanished). A config that is not affine on Gaussian data
 * (diffusers' dynamic thresholding) is refused.
 *
 * <p>Stateless.
 */
public final class PipelineLaw {

    private PipelineLaw() {
    }

    /**
     * The law of the pipeline's output for {@code x_T} from the exact marginal at its first time, with its Fréchet
     * distances to the data law and to the exact marginal at the run's last point (in diffusers' coordinates: the
     * unscaled sample of a sigma scheduler that stops short of zero noise is {@code x / alpha}).
     *
     * @param pipeline the run
     * @param data the Gaussian data law
     * @return the exact law and its distances
     * @throws IllegalArgumentException if the solver is adaptive and stochastic, the run is not affine, or it takes no
     *     step
     */
    public static ExactLaw of(DiffusersPipeline pipeline, GaussianData data) {
        Checks.requireNonNull(pipeline, "pipeline");
        Checks.requireNonNull(data, "data");
        DiffusionModel m = pipeline.wrap(data.model(pipeline.schedule(), pipeline.prediction()));
        List<Timesteps> segments = pipeline.segments();
        DiffusersPipeline.PureNoiseStep pure = pipeline.pureNoiseStep();
        if (segments.isEmpty() && pure == null) {
            // a swapped-in solver on DDIM's grid of one zero-length step at timestep 0
            throw new IllegalArgumentException("the run takes no step (its output is x_T)");
        }
        GaussianLaw law;
        if (pure != null) {
            double t = pure.time();
            law = GaussianLaw.marginal(data, pipeline.schedule().alpha(t), pipeline.schedule().sigma(t));
            law = ExactOutputLaw.pushForward("model and the pipeline's step from pure noise", x -> {
                Batch y = x.copy();
                pipeline.takePureNoiseStep(m, y);
                return y;
            }, law).scaled(pipeline.startScale());
        } else {
            Timesteps first = segments.get(0);
            law = GaussianLaw.marginal(data, first.alpha(0), first.sigma(0));
        }
        for (Timesteps ts : segments) {
            law = ExactOutputLaw.pushForward(pipeline.solver(), SamplingProblem.of(pipeline.schedule(), m, ts), law,
                    data);
        }
        double end = pipeline.endScale();
        law = law.scaled(end);
        GaussianLaw dataLaw = GaussianLaw.marginal(data, 1.0, 0.0);
        GaussianLaw marginal;
        if (segments.isEmpty()) {
            // only the step from pure noise: it ends at the first grid point
            marginal = GaussianLaw.marginal(data, pure.targetAlpha(), pure.targetSigma());
        } else {
            Timesteps last = segments.get(segments.size() - 1);
            int k = last.points() - 1;
            marginal = GaussianLaw.marginal(data, end * last.alpha(k), end * last.sigma(k));
        }
        return new ExactLaw(law, law.frechetDistance(dataLaw), law.frechetDistance(marginal));
    }
}
