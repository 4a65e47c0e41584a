package io.samplerkit.solvers.adaptive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.samplerkit.core.analytic.GaussianFlowCase;
import io.samplerkit.core.model.Prediction;
import io.samplerkit.core.state.Batch;
import io.samplerkit.solvers.SamplingProblem;
import io.samplerkit.solvers.SolverOptions;
import io.samplerkit.solvers.SolverRegistry;
import io.samplerkit.solvers.testing.GaussianRuns;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@link ErrorNorm}, {@link PidCoefficients} and {@link PidController}. */
class StepControlTest {

    @Test
    void errorNormIsTheWorstRowRms() {
        Batch e = Batch.of(new double[][] {{1e-3, 0}, {0, 2e-3}});
        Batch a = Batch.of(new double[][] {{1, -2}, {0.5, 0}});
        Batch b = Batch.of(new double[][] {{3, 0}, {0, -4}});
        double atol = 1e-3;
        double rtol = 1e-2;
        double row0 = Math.sqrt((Math.pow(1e-3 / (atol + rtol * 3), 2) + 0) / 2);
        double row1 = Math.sqrt((0 + Math.pow(2e-3 / (atol + rtol * 4), 2)) / 2);
        assertThat(ErrorNorm.of(e, a, b, atol, rtol)).isCloseTo(Math.max(row0, row1), within(1e-15));
        e.set(0, 1, Double.NaN);
        assertThat(ErrorNorm.of(e, a, b, atol, rtol)).isNaN();
    }

    @Test
    void errorNormDoesNotDependOnTheOtherRows() {
        long seed = 99L;
        SplittableRandom rng = new SplittableRandom(seed);
        Batch e = Batch.zeros(5, 4);
        Batch y = Batch.zeros(5, 4);
        for (int i = 0; i < 20; i++) {
            e.data()[i] = 1e-4 * rng.nextGaussian();
            y.data()[i] = rng.nextGaussian();
        }
        double all = ErrorNorm.of(e, y, y, 1e-5, 1e-5);
        double worst = 0;
        for (int r = 0; r < 5; r++) {
            Batch er = Batch.wrap(1, 4, java.util.Arrays.copyOfRange(e.data(), 4 * r, 4 * r + 4));
            Batch yr = Batch.wrap(1, 4, java.util.Arrays.copyOfRange(y.data(), 4 * r, 4 * r + 4));
            worst = Math.max(worst, ErrorNorm.of(er, yr, yr, 1e-5, 1e-5));
        }
        assertThat(all).as("seed %d", seed).isEqualTo(worst);
    }

    @Test
    void integralControllerIsSafetyTimesErrorToTheMinusOneOverK() {
        PidController c = PidController.DEFAULT;
        assertThat(c.factor(true, 0.5, 1, 1, 5)).isCloseTo(0.9 * Math.pow(2, 0.2), within(1e-15));
        assertThat(c.factor(false, 4.0, 1, 1, 3)).isCloseTo(0.9 * Math.pow(0.25, 1.0 / 3), within(1e-15));
        // clipping: an accepted step never shrinks, a rejected one shrinks by at least the safety factor
        assertThat(c.factor(true, 0.99, 1, 1, 5)).isEqualTo(1.0);
        assertThat(c.factor(true, 1e-30, 1, 1, 5)).isEqualTo(10.0);
        assertThat(c.factor(true, 0.0, 1, 1, 5)).isEqualTo(10.0);
        assertThat(c.factor(false, 1e30, 1, 1, 5)).isEqualTo(0.2);
        assertThat(c.factor(false, Double.NaN, 1, 1, 5)).isEqualTo(0.2);
        assertThat(c.factor(false, 1.0001, 1, 1, 5)).isLessThanOrEqualTo(0.9);
        assertThat(PidController.historyValue(0.0)).isEqualTo(1.0);
        assertThat(PidController.historyValue(0.5)).isEqualTo(2.0);
    }

    @Test
    void proportionalAndDerivativeTermsUseThePreviousErrors() {
        PidController c = new PidController(0.4, 0.3, 0.1, 0.9, 0.2, 10);
        double k = 4;
        double expected = 0.9 * Math.pow(4.0, 0.8 / k) * Math.pow(1.5, -0.6 / k) * Math.pow(3.0, 0.1 / k);
        assertThat(expected).isBetween(1.0, 10.0);
        assertThat(c.factor(true, 0.25, 1.5, 3.0, k)).isCloseTo(expected, within(1e-15));
    }

    @Test
    void pidCoefficientsGiveTheSharedProductAndRejectZeroGains() {
        PidCoefficients pid = new PidCoefficients(0.4, 0.3, 0.1);
        double k = 3;
        double expected = 0.7 * Math.pow(2.0, 0.8 / k) * Math.pow(0.5, -0.6 / k) * Math.pow(4.0, 0.1 / k);
        assertThat(pid.factor(0.7, 2.0, 0.5, 4.0, k)).isCloseTo(expected, within(1e-15));
        assertThat(PidCoefficients.INTEGRAL.factor(1.0, 8.0, 123.0, 0.01, 3)).isCloseTo(2.0, within(1e-15));
        assertThatThrownBy(() -> new PidCoefficients(0, 0, 0)).hasMessageContaining("pcoeff + icoeff + dcoeff");
        assertThatThrownBy(() -> new PidCoefficients(-0.1, 1, 0)).hasMessageContaining("pcoeff");
    }
    @Test
    void hugeGainsGiveAFactorNotNaN() {
        // pcoeff = 1e6 is inside the registry's [0, inf): inv^((P+I+D)/k) overflows while inv_prev^(-(P+2D)/k)
        // underflows, and their product was NaN. dopri5, bosh3 and dpm-solver-adaptive-pid then stopped with a
        // STEP_SIZE_UNDERFLOW of "step NaN"; the product is now summed in logs when it overflows that way
        PidCoefficients pid = new PidCoefficients(1e6, 1, 0);
        double k = 5;
        assertThat(pid.factor(0.9, 2.0, 3.0, 1.0, k))
                .isEqualTo(0.9 * Math.exp((1e6 + 1) / k * Math.log(2.0) - 1e6 / k * Math.log(3.0)));
        assertThat(pid.factor(0.9, 3.0, 2.0, 1.0, k)).isEqualTo(Double.POSITIVE_INFINITY);
        GaussianFlowCase c = GaussianFlowCase.standard();
        SamplingProblem p = GaussianRuns.problem(c, Prediction.NOISE, new double[] {c.tStart(), c.tEnd()});
        // (dpm-solver-adaptive-pid with these gains runs too, but its arctangent limiter lets the step swing until
        // the model-call budget ends the run: TOO_MANY_EVALUATIONS, a budget failure rather than a NaN)
        for (String name : new String[] {"dopri5", "bosh3"}) {
            for (String gain : new String[] {"pcoeff", "dcoeff"}) {
                double[] x = SolverRegistry.standard().create(name, SolverOptions.of(Map.of(gain, 1e6)))
                        .sample(p, c.xStart()).x().data();
                assertThat(x).as("%s %s=1e6", name, gain).doesNotContain(Double.NaN);
            }
        }
    }
}
