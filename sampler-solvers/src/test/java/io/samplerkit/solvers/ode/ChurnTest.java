package io.samplerkit.solvers.ode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.samplerkit.core.analytic.GaussianFixtures;
import io.samplerkit.core.model.DiffusionModel;
import io.samplerkit.core.model.Prediction;
import io.samplerkit.core.noise.SeededNoise;
import io.samplerkit.core.schedule.EdmSchedule;
import io.samplerkit.core.schedule.VpLinearSchedule;
import io.samplerkit.core.state.Batch;
import io.samplerkit.core.testing.TestModels;
import io.samplerkit.solvers.SamplingProblem;
import io.samplerkit.solvers.Solver;
import io.samplerkit.solvers.SolverOptions;
import io.samplerkit.solvers.SolverRegistry;
import io.samplerkit.solvers.internal.Churn;
import io.samplerkit.solvers.testing.RhoProblems;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ChurnTest {

    private static final EdmSchedule EDM = RhoProblems.EDM;
    private static final Churn EDM_CHURN = new Churn(40, 0.05, 50, 1.003);

    static Stream<Function<Churn, Solver>> churnSolvers() {
        return Stream.of(Euler::new, Heun::new, Dpm2::new);
    }

    private static SamplingProblem problem(long seed) {
        var p = RhoProblems.edm(12, 0.002);
        return p.withTimesteps(p.timesteps().withZeroNoiseEnd(EDM)).withSeed(seed);
    }

    @ParameterizedTest
    @MethodSource("churnSolvers")
    void zeroChurnReproducesTheDeterministicSolverBitForBit(Function<Churn, Solver> make) {
        Batch xT = RhoProblems.start(3, 80);
        double[] plain = make.apply(Churn.NONE).sample(problem(1), xT).x().data();
        double[] zero = make.apply(new Churn(0, 0.05, 50, 1.003)).sample(problem(2), xT).x().data();
        double[] outside = make.apply(new Churn(40, 100, 200, 1.003)).sample(problem(3), xT).x().data();
        assertThat(zero).containsExactly(plain);
        assertThat(outside).containsExactly(plain);
        assertThat(make.apply(new Churn(0, 0.05, 50, 1.003)).stochastic()).isFalse();
    }

    @ParameterizedTest
    @MethodSource("churnSolvers")
    void sameSeedSameBitsOtherSeedOtherBits(Function<Churn, Solver> make) {
        Batch xT = RhoProblems.start(3, 80);
        Solver s = make.apply(EDM_CHURN);
        assertThat(s.stochastic()).isTrue();
        double[] a = s.sample(problem(7), xT).x().data();
        double[] b = s.sample(problem(7), xT).x().data();
        double[] c = s.sample(problem(8), xT).x().data();
        double[] plain = make.apply(Churn.NONE).sample(problem(7), xT).x().data();
        assertThat(b).containsExactly(a);
        assertThat(c).isNotEqualTo(a);
        assertThat(plain).isNotEqualTo(a);
    }

    /** One churned Euler step recomputed by hand: noise from stream 0, model at rho^ = rho (1 + gamma). */
    @Test
    void firstEulerStepFollowsAlgorithm2() {
        VpLinearSchedule vp = VpLinearSchedule.standard();
        List<Double> calls = new ArrayList<>();
        DiffusionModel inner = RhoProblems.DATA.model(vp, Prediction.DATA);
        DiffusionModel recording = TestModels.of(Prediction.DATA, (x, t, out) -> {
            calls.add(t);
            inner.evaluate(x, t, out);
        });
        Churn churn = new Churn(2.0, 0, Double.POSITIVE_INFINITY, 1.5);
        SamplingProblem p = RhoProblems.karras(vp, recording, vp.rho(1.0), vp.rho(0.5), 1).withSeed(11);
        Batch xT = RhoProblems.start(2, vp.sigma(1.0));
        Batch out = new Euler(churn).sample(p, xT).x();

        double rho0 = p.timesteps().rho(0);
        double rho1 = p.timesteps().rho(1);
        double gamma = Math.min(2.0 / 1, Churn.GAMMA_MAX);
        double rhoHat = rho0 * (1 + gamma);
        double tHat = vp.timeOfRho(rhoHat);
        assertThat(calls).hasSize(1);
        assertThat(calls.get(0)).isEqualTo(tHat);
        Batch z = xT.like();
        new SeededNoise(11).standardNormal(0, z);
        Batch expected = xT.like();
        Batch denoised = xT.like();
        double alpha0 = p.timesteps().alpha(0);
        double alphaHat = vp.alpha(tHat);
        double alpha1 = p.timesteps().alpha(1);
        double noise = 1.5 * Math.sqrt(rhoHat * rhoHat - rho0 * rho0);
        for (int i = 0; i < expected.data().length; i++) {
            expected.data()[i] = xT.data()[i] / alpha0 + noise * z.data()[i];
        }
        Batch input = expected.copy();
        for (int i = 0; i < input.data().length; i++) {
            input.data()[i] *= alphaHat;
        }
        inner.evaluate(input, tHat, denoised);
        for (int i = 0; i < expected.data().length; i++) {
            double xHat = expected.data()[i];
            expected.data()[i] = alpha1 * (xHat + (rho1 - rhoHat) * (xHat - denoised.data()[i]) / rhoHat);
        }
        assertThat(GaussianFixtures.maxAbsDiff(out, expected)).isLessThan(1e-12 * 80);
    }

    @Test
    void badChurnOptionsAreRejectedNamingTheOption() {
        SolverRegistry r = SolverRegistry.standard();
        assertThatThrownBy(() -> r.create("heun", SolverOptions.of(Map.of("s-churn", -1))))
                .hasMessageContaining("s-churn");
        assertThatThrownBy(() -> r.create("dpm-2", SolverOptions.of(Map.of("s-tmin", 5, "s-tmax", 1))))
                .hasMessageContaining("s-tmax");
        assertThatThrownBy(() -> r.create("euler", SolverOptions.of(Map.of("s-noise", "loud"))))
                .hasMessageContaining("s-noise");
        assertThatThrownBy(() -> r.create("midpoint", SolverOptions.of(Map.of("s-churn", 1))))
                .hasMessageContaining("s-churn");
        assertThatThrownBy(() -> new Churn(1, 0, 1, Double.NaN)).hasMessageContaining("sNoise");
        assertThat(r.create("heun", SolverOptions.of(Map.of("s-churn", 40, "s-tmin", 0.05, "s-tmax", 50,
                "s-noise", 1.003)))).isEqualTo(new Heun(EDM_CHURN));
    }
}
