package io.samplerkit.solvers.exponential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.samplerkit.core.InvalidInputException;
import io.samplerkit.core.analytic.GaussianFlowCase;
import io.samplerkit.core.grid.QuadraticTimeGrid;
import io.samplerkit.core.grid.SkipType;
import io.samplerkit.core.model.Prediction;
import io.samplerkit.core.schedule.VpLinearSchedule;
import io.samplerkit.core.testing.ConvergenceSlope;
import io.samplerkit.solvers.SamplingProblem;
import io.samplerkit.solvers.SamplingResult;
import io.samplerkit.solvers.SolverOptions;
import io.samplerkit.solvers.SolverRegistry;
import io.samplerkit.solvers.internal.ExactHistoryStart;
import io.samplerkit.solvers.internal.LagrangeWeights;
import io.samplerkit.solvers.testing.GaussianRuns;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DeisAdamsBashforthTest {

    private static final GaussianFlowCase CASE = GaussianFlowCase.standard();

    private static final int[] STEPS = {80, 160, 320};

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2})
    void tabOnAQuadraticGridHasOrderDegreePlusOne(int degree) {
        double[] e = ExactHistoryStart.priorHistoryErrors(new DeisAdamsBashforth(DeisVariable.TIME, degree), CASE,
                SkipType.TIME_QUADRATIC, degree, STEPS);
        assertThat(ConvergenceSlope.lastTwo(STEPS, e)).as(ConvergenceSlope.describe(STEPS, e))
                .isBetween(degree + 1 - 0.15, degree + 1 + 0.15);
    }

    @Test
    void rhoabOfDegreeThreeIsFourthOrder() {
        double[] e = ExactHistoryStart.priorHistoryErrors(new DeisAdamsBashforth(DeisVariable.RHO, 3), CASE,
                SkipType.LOG_SNR, 3, STEPS);
        // pre-asymptotic on N <= 320 (3.48, 3.74, 3.87 and rising), as docs/math.md section 12 reports
        assertThat(ConvergenceSlope.lastTwo(STEPS, e)).as(ConvergenceSlope.describe(STEPS, e))
                .isBetween(3.7, 4.15);
    }

    @Test
    void degreeZeroIsDdimInBothVariables() {
        double[] t = CASE.times(new QuadraticTimeGrid(), 9);
        SamplingProblem p = GaussianRuns.problem(CASE, Prediction.VELOCITY, t);
        SamplingResult ddim = new Ddim(0).sample(p, CASE.xStart());
        for (DeisVariable v : DeisVariable.values()) {
            SamplingResult r = new DeisAdamsBashforth(v, 0).sample(p, CASE.xStart());
            assertThat(r.modelCalls()).isEqualTo(9);
            assertThat(r.x().data()).as("%s", v).containsExactly(ddim.x().data(), within(1e-12));
        }
    }

    @Test
    void tabCoefficientIsTheOfficialIntegralComputedAccurately() {
        // official integrand: psi(t_{i+1}, tau) * (-1/2 d log alphabar/dtau) / sqrt(1 - alphabar_tau), VP linear
        VpLinearSchedule vp = VpLinearSchedule.standard();
        double[] nodes = {0.3, 0.38, 0.47};
        double a = 0.3;
        double b = 0.24;
        double[] c = new double[3];
        LagrangeWeights.integrate(nodes, 3, a, b,
                tau -> vp.g2(tau) / (2 * vp.alpha(tau) * vp.sigma(tau)), c);
        int n = 200_000;
        double dt = (b - a) / n;
        for (int j = 0; j < 3; j++) {
            double sum = 0;
            for (int k = 0; k < n; k++) {
                double tau = a + (k + 0.5) * dt;
                double beta = vp.beta0() + tau * (vp.beta1() - vp.beta0());
                double integrand = (1 / vp.alpha(tau)) * 0.5 * beta / vp.sigma(tau);
                sum += integrand * LagrangeWeights.basis(nodes, 3, j, tau);
            }
            assertThat(c[j]).as("coefficient %d", j).isCloseTo(sum * dt, within(1e-9 * Math.abs(c[j])));
        }
    }

    @Test
    void rejectsBadOptions() {
        assertThatThrownBy(() -> new DeisAdamsBashforth(DeisVariable.RHO, 4)).hasMessageContaining("degree");
        assertThatThrownBy(() -> SolverRegistry.standard().create(DeisAdamsBashforth.NAME_T,
                SolverOptions.of(Map.of("degree", -1))))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.path()).isEqualTo("options.degree"));
        assertThatThrownBy(() -> SolverRegistry.standard().create(DeisAdamsBashforth.NAME_RHO,
                SolverOptions.of(Map.of("order", 2)))).hasMessageContaining("order");
    }
}
