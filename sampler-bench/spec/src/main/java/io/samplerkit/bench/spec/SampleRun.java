package io.samplerkit.bench.spec;

import io.samplerkit.core.analytic.GaussianData;
import io.samplerkit.core.grid.Timesteps;
import io.samplerkit.core.model.DiffusionModel;
import io.samplerkit.core.model.Prediction;
import io.samplerkit.core.noise.NoiseMode;
import io.samplerkit.core.noise.SeededNoise;
import io.samplerkit.core.schedule.NoiseSchedule;
import io.samplerkit.core.state.Batch;
import io.samplerkit.solvers.SamplingProblem;
import io.samplerkit.solvers.SamplingResult;
import io.samplerkit.solvers.Solver;
import io.samplerkit.solvers.law.ExactOutputLaw;

/**
 * One prepared run of a {@link SampleSpec}: every part built and cross-checked.
 *
 * @param schedule noise schedule
 * @param model the model
 * @param prediction what the model returns
 * @param network the model built from {@code model} for {@code schedule} (once: a network opens a session)
 * @param solver the solver
 * @param timesteps the grid
 * @param xT initial state
 * @param seed seed for stochastic solvers (and for {@code xT} when drawn)
 * @param noise how stochastic solvers draw their step noise from the seed
 * @param denoiseToZero whether to finish with a denoising evaluation
 */
public record SampleRun(NoiseSchedule schedule, ModelSpec model, Prediction prediction, DiffusionModel network,
        Solver solver, Timesteps timesteps, Batch xT, long seed, NoiseMode noise, boolean denoiseToZero)
        implements AutoCloseable {

    /** @return the sampling problem */
    public SamplingProblem problem() {
        return SamplingProblem.of(schedule, network, timesteps).withNoise(new SeededNoise(seed, 0, noise))
                .withDenoiseToZero(denoiseToZero);
    }

    /** Releases the network's resources (an ONNX Runtime session); a no-op for analytic models. */
    @Override
    public void close() {
        if (network instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (Exception e) {
                throw new IllegalStateException("cannot close the model: " + e.getMessage(), e);
            }
        }
    }

    /**
     * Runs the solver and, for a deterministic solver, compares with the probability-flow map of
     * the data ({@link AnalyticData#flow}: closed form for a Gaussian, a reference integration for a
     * mixture; no comparison for a model without an exact answer) from the first grid point to the
     * end point (the clean end {@code sigma = 0} when the grid ends there or {@code denoiseToZero} is set); on
     * Gaussian data, also the exact output law ({@link ExactOutputLaw}, {@code x_T} from the exact marginal at the
     * first time) for every solver but an adaptive stochastic one.
     *
     * @return the outcome
     */
    public SampleOutcome run() {
        SamplingResult result = solver.sample(problem(), xT);
        double alphaEnd;
        double sigmaEnd;
        int last = timesteps.points() - 1;
        if (denoiseToZero) {
            alphaEnd = schedule.alphaAtZeroNoise();
            sigmaEnd = 0.0;
        } else {
            alphaEnd = timesteps.alpha(last);
            sigmaEnd = timesteps.sigma(last);
        }
        Batch exact = null;
        AnalyticData data = model.analytic().orElse(null);
        if (!solver.stochastic() && data != null) {
            exact = xT.like();
            if (!data.flow(xT, timesteps.alpha(0), timesteps.sigma(0), alphaEnd, sigmaEnd, exact)) {
                exact = null;
            }
        }
        GaussianData gaussian = data == null ? null : data.gaussian().orElse(null);
        ExactLawOrNote law = gaussian == null ? ExactLawOrNote.NONE
                : ExactLawOrNote.of(solver, () -> ExactOutputLaw.of(solver, problem(), gaussian));
        return new SampleOutcome(this, result, exact, alphaEnd, sigmaEnd, law.law(), law.note());
    }
}
