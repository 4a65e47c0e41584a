package io.samplerkit.bench.report;

import io.samplerkit.core.InvalidInputException;
import io.samplerkit.core.SamplingException;
import io.samplerkit.core.model.DiffusionModel;
import io.samplerkit.core.noise.SeededNoise;
import io.samplerkit.core.schedule.NoiseSchedule;
import io.samplerkit.core.state.Batch;
import io.samplerkit.solvers.SamplingDriver;
import io.samplerkit.solvers.SamplingProblem;
import io.samplerkit.solvers.SamplingResult;
import io.samplerkit.solvers.Solver;
import io.samplerkit.solvers.SolverRegistry;
import java.util.Locale;
import java.util.Optional;

/**
 * Builds problems of a model without an exact answer (a trained network). Initial states are
 * {@code x_T = sigma(tStart) z} with {@code z ~ N(0, I)} from {@code SeededNoise(sampleSeeds[b])}, stream 0 (the
 * marginal at {@code tStart} without its data term {@code alpha(tStart) x_0}, which is small there and unknown); the
 * ground truth is the network's own probability-flow ODE solved from them by the {@link ReferenceSpec}'s solver at
 * {@code steps} and, as a check, at {@code steps / 2}. The RMSE between the two solutions must be at most the
 * spec's tolerance, or the build fails with an {@link InvalidInputException} on {@code reference.steps}: a report
 * never compares with an unconverged reference. The reference's own sample quality is measured once.
 */
final class NetworkProblem {

    private NetworkProblem() {
    }

    /**
     * @param spec the problem (with a reference)
     * @param sampleSeeds one seed per batch of initial states
     * @param batchSize rows per batch
     * @return the instance; the caller closes it
     * @throws InvalidInputException naming {@code model}, {@code quality} or {@code reference.steps}
     */
    static ProblemInstance build(ProblemSpec spec, long[] sampleSeeds, int batchSize) {
        NoiseSchedule schedule = spec.schedule().create();
        DiffusionModel model;
        try {
            model = spec.model().model(schedule, spec.prediction());
        } catch (InvalidInputException e) {
            throw e.under("model");
        }
        ProblemInstance instance = null;
        try {
            Batch initial = initialStates(spec, schedule, sampleSeeds, batchSize);
            ReferenceSpec ref = spec.reference();
            Solver solver = ref.solver().create(SolverRegistry.standard());
            SamplingResult fine;
            Batch coarse;
            try {
                fine = solve(solver, spec, schedule, model, initial, ref.steps());
                coarse = solve(solver, spec, schedule, model, initial, ref.steps() / 2).x();
            } catch (SamplingException e) {
                // a report has many problems: say which one's ground truth failed (the message has step and time)
                throw new IllegalStateException("problem '" + spec.id() + "': its reference " + ref.label()
                        + " failed: " + e.getMessage(), e);
            }
            Batch reference = fine.x();
            double[] diff = ConfigRunner.errors(coarse.data(), 0, reference.data());
            if (!(diff[0] <= ref.tolerance())) {
                throw new InvalidInputException("reference.steps", ref.steps(), String.format(Locale.ROOT,
                        "enough steps for the reference to converge: RMSE between %s at %d and %d steps is %.3e, "
                                + "above reference.tolerance %.3e", ref.label(), ref.steps(), ref.steps() / 2, diff[0],
                        ref.tolerance()));
            }
            Optional<SampleQuality> quality = Optional.empty();
            if (spec.quality() != null) {
                try {
                    quality = Optional.of(SampleQuality.open(spec.quality(), initial.dim()));
                } catch (InvalidInputException e) {
                    throw e.under("quality");
                }
            }
            SampleQuality.Value q = quality.map(m -> m.measure(reference)).orElse(new SampleQuality.Value(Double.NaN,
                    0, 0));
            double baseline = quality.map(m -> m.baseline(initial.size())).orElse(Double.NaN);
            ReferenceCheck check = new ReferenceCheck(spec.id(), ref.label(), ref.steps(), fine.modelCalls(), diff[0],
                    diff[1],
                    ref.tolerance(), q.value(), q.covered(), baseline);
            instance = new ProblemInstance(spec, schedule, model, initial, reference, Optional.empty(), quality,
                    Optional.of(check));
            return instance;
        } finally {
            if (instance == null) {
                ProblemInstance.closeModel(spec, model);
            }
        }
    }

    /**
     * The initial states alone (no reference), as {@link #build} draws them.
     *
     * @param spec the problem
     * @param schedule its schedule
     * @param sampleSeeds one seed per batch
     * @param batchSize rows per batch
     * @return {@code sigma(tStart) z}, all batches stacked
     */
    static Batch initialStates(ProblemSpec spec, NoiseSchedule schedule, long[] sampleSeeds, int batchSize) {
        int d = spec.model().dim();
        double sigma = schedule.sigma(spec.tStart());
        Batch initial = Batch.zeros(sampleSeeds.length * batchSize, d);
        Batch z = Batch.zeros(batchSize, d);
        for (int b = 0; b < sampleSeeds.length; b++) {
            new SeededNoise(sampleSeeds[b]).standardNormal(0, z);
            double[] src = z.data();
            double[] dst = initial.data();
            int off = b * batchSize * d;
            for (int i = 0; i < src.length; i++) {
                dst[off + i] = sigma * src[i];
            }
        }
        return initial;
    }

    /**
     * @param solver a deterministic fixed-step solver
     * @param spec the problem
     * @param schedule its schedule
     * @param model its model
     * @param initial initial states
     * @param steps steps on the reference grid
     * @return the run, its solution at {@code tEnd}
     */
    static SamplingResult solve(Solver solver, ProblemSpec spec, NoiseSchedule schedule, DiffusionModel model, Batch initial,
            int steps) {
        SamplingProblem p = problem(spec, schedule, model, steps);
        solver.validate(p);
        return SamplingDriver.run(solver, p, initial);
    }

    private static SamplingProblem problem(ProblemSpec spec, NoiseSchedule schedule, DiffusionModel model,
            int steps) {
        return SamplingProblem.of(schedule, model, spec.reference().grid().timesteps(schedule, steps, spec.tStart(),
                spec.tEnd()));
    }
}
