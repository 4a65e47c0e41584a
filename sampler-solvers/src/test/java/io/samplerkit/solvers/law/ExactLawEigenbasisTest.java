package io.samplerkit.solvers.law;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.samplerkit.core.analytic.GaussianData;
import io.samplerkit.core.analytic.GaussianFixtures;
import io.samplerkit.core.grid.LogSnrGrid;
import io.samplerkit.core.grid.Timesteps;
import io.samplerkit.core.model.Prediction;
import io.samplerkit.solvers.SamplingProblem;
import io.samplerkit.solvers.Solver;
import io.samplerkit.solvers.SolverEntry;
import io.samplerkit.solvers.SolverOptions;
import io.samplerkit.solvers.SolverRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The law read off in the data's eigenbasis equals the law read off by unit probing, for every fixed-grid registry
 * entry (stochastic and deterministic, default options; plus DDIM with {@code eta = 1} and Euler with EDM churn), on
 * a 6-dimensional Gaussian with a non-diagonal covariance (random rotation, eigenvalues {@code 1e-3 .. 10}) and a
 * non-zero mean, predicting noise on VP linear and data on VP cosine. A run that is not affine (the predictor–corrector
 * sampler with its Langevin corrector) is rejected by both ways.
 */
class ExactLawEigenbasisTest {

    /** Largest difference of the two laws, relative to the largest entry of the probed law. */
    private static final double RELATIVE = 1e-12;
    private static final int STEPS = 12;
    private static final GaussianData DATA = GaussianData.ofEigen(new double[] {0.4, -1, 1.5, 0.2, -0.3, 2},
            new double[] {1e-3, 1e-2, 1e-1, 1, 3, 10}, GaussianFixtures.randomRotation(new SplittableRandom(17), 6));

    static Stream<Arguments> solvers() {
        List<Arguments> out = new ArrayList<>();
        SolverRegistry registry = SolverRegistry.standard();
        for (SolverEntry e : registry.entries()) {
            Solver s = e.create(SolverOptions.of(Map.of()));
            if (!s.adaptive()) {
                out.add(Arguments.of(s));
            }
        }
        out.add(Arguments.of(registry.create("ddim", SolverOptions.of(Map.of("eta", 1.0)))));
        out.add(Arguments.of(registry.create("euler", SolverOptions.of(Map.of("s-churn", 40.0)))));
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("solvers")
    void eigenbasisLawEqualsProbedLaw(Solver solver) {
        for (SdeProblems.Schedule sched : SdeProblems.Schedule.values()) {
            Prediction prediction = sched == SdeProblems.Schedule.VP_LINEAR ? Prediction.NOISE : Prediction.DATA;
            Timesteps ts = Timesteps.of(sched.schedule(), new LogSnrGrid(), sched.tStart(), SdeProblems.T_END, STEPS);
            SamplingProblem problem = SamplingProblem.of(sched.schedule(), DATA.model(sched.schedule(), prediction), ts);
            solver.validate(problem);
            GaussianLaw start = GaussianLaw.marginal(DATA, ts.alpha(0), ts.sigma(0));
            GaussianLaw probed;
            try {
                probed = ExactOutputLaw.pushForward(solver, problem, start);
            } catch (IllegalArgumentException notAffine) {
                // the Langevin corrector's step size depends on norms of the state and the noise
                assertThat(solver.name()).as("the only registry entry whose run is not affine").isEqualTo("pc-sampler");
                assertThatThrownBy(() -> ExactOutputLaw.pushForwardInEigenbasis(solver, problem, start, DATA))
                        .as("rejected by probing, so in the eigenbasis too").isInstanceOf(IllegalArgumentException.class);
                continue;
            }
            GaussianLaw fast = ExactOutputLaw.pushForwardInEigenbasis(solver, problem, start, DATA);
            assertThat(maxDifference(fast, probed)).as("%s on %s", solver.name(), sched)
                    .isLessThanOrEqualTo(RELATIVE * maxEntry(probed));
        }
    }

    @Test
    void modelNotDiagonalInTheGivenBasisIsRejected() {
        GaussianData other = GaussianData.ofEigen(DATA.mean(), DATA.eigenvalues(),
                GaussianFixtures.randomRotation(new SplittableRandom(18), 6));
        SdeProblems.Schedule sched = SdeProblems.Schedule.VP_LINEAR;
        Timesteps ts = Timesteps.of(sched.schedule(), new LogSnrGrid(), sched.tStart(), SdeProblems.T_END, STEPS);
        SamplingProblem problem = SamplingProblem.of(sched.schedule(), DATA.model(sched.schedule(), Prediction.NOISE),
                ts);
        GaussianLaw start = GaussianLaw.marginal(DATA, ts.alpha(0), ts.sigma(0));
        for (String name : List.of("euler-maruyama", "dpmpp-2m")) {
            Solver solver = SdeProblems.solver(name, Map.of());
            assertThatThrownBy(() -> ExactOutputLaw.pushForwardInEigenbasis(solver, problem, start, other))
                    .as(name).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("eigenbasis");
        }
    }

    private static double maxDifference(GaussianLaw a, GaussianLaw b) {
        double max = 0;
        for (int i = 0; i < a.dim(); i++) {
            max = Math.max(max, Math.abs(a.mean()[i] - b.mean()[i]));
            for (int j = 0; j < a.dim(); j++) {
                max = Math.max(max, Math.abs(a.covariance()[i][j] - b.covariance()[i][j]));
            }
        }
        return max;
    }

    private static double maxEntry(GaussianLaw a) {
        double max = 0;
        for (int i = 0; i < a.dim(); i++) {
            max = Math.max(max, Math.abs(a.mean()[i]));
            for (int j = 0; j < a.dim(); j++) {
                max = Math.max(max, Math.abs(a.covariance()[i][j]));
            }
        }
        return max;
    }
}
