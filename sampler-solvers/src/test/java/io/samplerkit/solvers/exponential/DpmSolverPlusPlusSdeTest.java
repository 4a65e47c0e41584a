package io.samplerkit.solvers.exponential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.samplerkit.core.InvalidInputException;
import io.samplerkit.core.analytic.GaussianData;
import io.samplerkit.core.analytic.GaussianFixtures;
import io.samplerkit.core.analytic.GaussianFlowCase;
import io.samplerkit.core.grid.LogSnrGrid;
import io.samplerkit.core.grid.Timesteps;
import io.samplerkit.core.model.Prediction;
import io.samplerkit.core.schedule.VpLinearSchedule;
import io.samplerkit.core.state.Batch;
import io.samplerkit.solvers.SamplingProblem;
import io.samplerkit.solvers.SamplingResult;
import io.samplerkit.solvers.SolverOptions;
import io.samplerkit.solvers.SolverRegistry;
import io.samplerkit.solvers.internal.ModelSide;
import io.samplerkit.solvers.internal.MultistepOrderRule;
import io.samplerkit.solvers.testing.GaussianRuns;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DpmSolverPlusPlusSdeTest {

    private static final VpLinearSchedule VP = VpLinearSchedule.standard();

    @Test
    void etaZeroIsTheOdeSolver() {
        GaussianFlowCase f = GaussianFlowCase.rotated();
        for (int order = 1; order <= 3; order++) {
            for (UpdateType type : UpdateType.values()) {
                MultistepOrderRule rule = MultistepOrderRule.warmUpOnly(order);
                SamplingProblem p = GaussianRuns.problem(f, Prediction.NOISE, new LogSnrGrid(), 12);
                Batch ode = new DpmSolverMultistep(ModelSide.DATA, rule, type, ThirdOrder.REFERENCE, null).sample(p, f.xStart()).x();
                Batch sde = new DpmSolverPlusPlusSde(rule, type, ThirdOrder.REFERENCE, 0.0, 1.0).sample(p, f.xStart()).x();
                assertThat(GaussianFixtures.maxAbsDiff(ode, sde)).as("order %d %s", order, type).isZero();
            }
        }
    }

    /**
     * For a point mass every data prediction equals mu, the difference terms vanish and each step is the
     * exact transition of the SDE, so from a fixed x_T the output law is exactly
     * N((sigma_e/sigma_T) e^{-eta h} x_T + alpha_e (1 - e^{-(1+eta) h}) mu, sigma_e^2 (1 - e^{-2 eta h})), h = lambda_e - lambda_T.
     */
    @Test
    void pointMassOutputHasTheExactLaw() {
        int n = 20000;
        double mu = 0.7;
        double x0 = 1.3;
        GaussianData data = GaussianData.diagonal(new double[] {mu}, new double[] {0});
        double[][] rows = new double[n][1];
        for (double[] r : rows) {
            r[0] = x0;
        }
        Batch xT = Batch.of(rows);
        double tEnd = 0.05;
        Timesteps g = Timesteps.of(VP, new LogSnrGrid().times(VP, 1.0, tEnd, 10));
        for (double eta : new double[] {0.5, 1.0}) {
            SamplingProblem p = SamplingProblem.of(VP, data.model(VP, Prediction.NOISE), g).withSeed(7);
            SamplingResult r = new DpmSolverPlusPlusSde(MultistepOrderRule.warmUpOnly(2), UpdateType.MIDPOINT,
                    ThirdOrder.REFERENCE, eta, 1.0).sample(p, xT);
            double h = VP.lambda(tEnd) - VP.lambda(1.0);
            double mean = VP.sigma(tEnd) / VP.sigma(1.0) * Math.exp(-eta * h) * x0
                    + VP.alpha(tEnd) * -Math.expm1(-(1 + eta) * h) * mu;
            double var = VP.sigma(tEnd) * VP.sigma(tEnd) * -Math.expm1(-2 * eta * h);
            double m = 0;
            for (double v : r.x().data()) {
                m += v;
            }
            m /= n;
            double s2 = 0;
            for (double v : r.x().data()) {
                s2 += (v - m) * (v - m);
            }
            s2 /= n - 1;
            assertThat(m).as("eta %s mean", eta).isCloseTo(mean, org.assertj.core.data.Offset.offset(4 * Math.sqrt(var / n)));
            assertThat(s2).as("eta %s variance", eta).isCloseTo(var, org.assertj.core.data.Offset.offset(4 * var * Math.sqrt(2.0 / n)));
            assertThat(r.modelCalls()).isEqualTo(10);
        }
    }

    @Test
    void seededNoiseIsReproducibleAndMatters() {
        GaussianFlowCase f = GaussianFlowCase.rotated();
        DpmSolverPlusPlusSde s = new DpmSolverPlusPlusSde(MultistepOrderRule.warmUpOnly(3), UpdateType.TAYLOR,
                ThirdOrder.REFERENCE, 1.0, 1.0);
        SamplingProblem p = GaussianRuns.problem(f, Prediction.NOISE, new LogSnrGrid(), 9);
        double[] a = s.sample(p.withSeed(3), f.xStart()).x().data();
        assertThat(s.sample(p.withSeed(3), f.xStart()).x().data()).containsExactly(a);
        assertThat(GaussianFixtures.maxAbsDiff(s.sample(p.withSeed(4), f.xStart()).x(), Batch.wrap(2, 4, a)))
                .isGreaterThan(1e-3);
        assertThat(s.stochastic()).isTrue();
    }

    @Test
    void stepToZeroNoiseReturnsTheDataPrediction() {
        GaussianFlowCase f = GaussianFlowCase.pointMass();
        Timesteps g = Timesteps.of(VP, new LogSnrGrid().times(VP, 1.0, 1e-3, 7)).withZeroNoiseEnd(VP);
        SamplingProblem p = SamplingProblem.of(VP, f.data().model(VP, Prediction.NOISE), g);
        Batch x = new DpmSolverPlusPlusSde(MultistepOrderRule.warmUpOnly(2), UpdateType.MIDPOINT, ThirdOrder.REFERENCE,
                1.0, 1.0).sample(p, f.xStart()).x();
        assertThat(x.get(1, 0)).isEqualTo(0.5);
        assertThat(x.get(1, 2)).isEqualTo(2.0);
    }

    @Test
    void registryNamesAndOptions() {
        SolverRegistry reg = SolverRegistry.standard();
        assertThat(reg.create("dpmpp-2m-sde")).isEqualTo(new DpmSolverPlusPlusSde("dpmpp-2m-sde",
                ModelSide.DATA, new MultistepOrderRule(2, false, 10, false), UpdateType.MIDPOINT, SdeThirdOrder.REFERENCE,
                1.0, 1.0));
        assertThat(((DpmSolverPlusPlusSde) reg.create("dpmpp-3m-sde")).updateType()).isEqualTo(UpdateType.TAYLOR);
        assertThat(reg.create("dpmpp-sde-multistep", SolverOptions.of(Map.of("order", 3, "eta", 0.5))).order())
                .isEqualTo(2);
        assertThatThrownBy(() -> reg.create("dpmpp-2m-sde", SolverOptions.of(Map.of("s-noise", -1))))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.path()).isEqualTo("options.s-noise"));
        assertThatThrownBy(() -> new DpmSolverPlusPlusSde(MultistepOrderRule.warmUpOnly(2), UpdateType.MIDPOINT,
                ThirdOrder.REFERENCE, Double.NaN, 1.0)).hasMessageContaining("eta must be in [0, inf), got NaN");
    }
}
