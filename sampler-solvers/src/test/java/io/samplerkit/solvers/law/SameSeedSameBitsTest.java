package io.samplerkit.solvers.law;

import static org.assertj.core.api.Assertions.assertThat;

import io.samplerkit.core.noise.NoiseMode;
import io.samplerkit.core.noise.SeededNoise;
import io.samplerkit.core.state.Batch;
import io.samplerkit.solvers.SamplingProblem;
import io.samplerkit.solvers.Solver;
import io.samplerkit.solvers.SolverEntry;
import io.samplerkit.solvers.SolverOptions;
import io.samplerkit.solvers.SolverRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Same seed, same bits, for every stochastic registry entry (default options, except per-sample Langevin norms for
 * the predictor–corrector sampler; plus DDIM with {@code eta = 1} and Euler with EDM churn) in both noise modes: repeated runs; a batch split into parts drawn with per-sample
 * numbering ({@link SeededNoise#withFirstSample}); the parts run on two threads sharing one solver instance.
 */
class SameSeedSameBitsTest {

    private static final int ROWS = 6;
    private static final int STEPS = 12;
    private static final long SEED = 31;

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        List<Solver> solvers = new ArrayList<>();
        SolverRegistry registry = SolverRegistry.standard();
        for (SolverEntry e : registry.entries()) {
            // the Langevin corrector's default batch-mean norms make a sample depend on its batch (documented);
            // its per-sample norms are what this test can hold to
            boolean batchNorms = e.options().stream().anyMatch(o -> o.name().equals("norm"));
            Solver s = e.create(SolverOptions.of(batchNorms ? Map.of("norm", "per-sample") : Map.of()));
            if (s.stochastic() && !s.adaptive()) {
                solvers.add(s);
            }
        }
        solvers.add(registry.create("ddim", SolverOptions.of(Map.of("eta", 1.0))));
        solvers.add(registry.create("euler", SolverOptions.of(Map.of("s-churn", 40.0))));
        for (Solver s : solvers) {
            for (NoiseMode mode : NoiseMode.values()) {
                out.add(Arguments.of(s, mode));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void sameBitsAcrossRunsSplitsAndThreads(Solver solver, NoiseMode mode) throws Exception {
        SamplingProblem base = SdeProblems.Schedule.VP_LINEAR.problem(STEPS);
        SeededNoise noise = new SeededNoise(SEED, 0, mode);
        GaussianLaw start = GaussianLaw.marginal(SdeProblems.DATA, base.timesteps().alpha(0),
                base.timesteps().sigma(0));
        Batch xT = GaussianSamples.draw(start, ROWS, 3);
        double[] whole = solver.sample(base.withNoise(noise), xT).x().data();
        assertThat(solver.sample(base.withNoise(noise), xT).x().data()).as("repeat").containsExactly(whole);
        assertThat(solver.sample(base.withNoise(new SeededNoise(SEED + 1, 0, mode)), xT).x().data())
                .as("another seed").isNotEqualTo(whole);
        int[] cuts = {0, 1, 4, ROWS};
        int d = xT.dim();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<double[]>> parts = new ArrayList<>();
            for (int c = 0; c + 1 < cuts.length; c++) {
                int from = cuts[c];
                int rows = cuts[c + 1] - from;
                Batch part = Batch.zeros(rows, d);
                System.arraycopy(xT.data(), from * d, part.data(), 0, rows * d);
                SamplingProblem p = base.withNoise(noise.withFirstSample(from));
                parts.add(pool.submit(() -> solver.sample(p, part).x().data()));
            }
            for (int c = 0; c + 1 < cuts.length; c++) {
                double[] got = parts.get(c).get();
                for (int i = 0; i < got.length; i++) {
                    assertThat(got[i]).as("sample %d, value %d", cuts[c] + i / d, i % d)
                            .isEqualTo(whole[cuts[c] * d + i]);
                }
            }
        } finally {
            pool.shutdown();
        }
    }
}
