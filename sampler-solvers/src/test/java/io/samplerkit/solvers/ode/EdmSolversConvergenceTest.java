package io.samplerkit.solvers.ode;

import static io.samplerkit.solvers.testing.RhoProblems.DATA;
import static org.assertj.core.api.Assertions.assertThat;

import io.samplerkit.core.analytic.GaussianData;
import io.samplerkit.core.analytic.GaussianFixtures;
import io.samplerkit.core.analytic.GaussianMixtureData;
import io.samplerkit.core.model.DiffusionModel;
import io.samplerkit.core.model.Prediction;
import io.samplerkit.core.schedule.EdmSchedule;
import io.samplerkit.core.schedule.VpLinearSchedule;
import io.samplerkit.core.state.Batch;
import io.samplerkit.core.testing.ConvergenceSlope;
import io.samplerkit.solvers.SamplingResult;
import io.samplerkit.solvers.Solver;
import io.samplerkit.solvers.testing.GaussianRuns;
import io.samplerkit.solvers.testing.RhoProblems;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Measured orders of the fixed-grid EDM samplers against the exact Gaussian flow, on Karras grids
 * (power 7) from rho = 80 down to rho = 0.05 (no final jump to sigma = 0, docs/math.md §12 caveat 3).
 * x~ is smooth in the grid's index variable there, so the slopes are the methods' orders.
 */
class EdmSolversConvergenceTest {

    private static final EdmSchedule EDM = RhoProblems.EDM;
    private static final int[] STEPS = {20, 40, 80, 160};

    static Stream<Arguments> solvers() {
        return Stream.of(
                Arguments.of(new Euler(), 1.0),
                Arguments.of(new Heun(), 2.0),
                Arguments.of(new Dpm2(), 2.0),
                Arguments.of(new RungeKutta4(), 4.0));
    }

    private static double[] errors(Solver solver, Prediction prediction) {
        Batch xT = RhoProblems.start(2, 80);
        double[] e = new double[STEPS.length];
        for (int j = 0; j < STEPS.length; j++) {
            e[j] = GaussianRuns.error(solver, DATA, RhoProblems.karras(EDM, DATA.model(EDM, prediction), 80, 0.05,
                    STEPS[j]), xT);
        }
        return e;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("solvers")
    void measuredOrderOnKarrasGrid(Solver solver, double order) {
        double[] e = errors(solver, Prediction.DATA);
        int n = e.length;
        double last = Math.log(e[n - 2] / e[n - 1]) / Math.log(2);
        assertThat(last).as("%s: errors %s", solver.name(), Arrays.toString(e)).isBetween(order - 0.1, order + 0.2);
        assertThat(ConvergenceSlope.leastSquares(STEPS, e)).as("%s fit", solver.name()).isBetween(order - 0.2, order + 0.3);
    }

    /**
     * On Gaussian data the PF-ODE in (x~, rho) is y' = rho y/(v + rho^2) per eigen-direction, for which
     * the h^3 term of the midpoint rule's local error vanishes identically (a''/24 + a a'/4 + a^3/6 = 0
     * for a = rho/(v + rho^2)): the midpoint rule is third order there, by accident of the problem.
     */
    @Test
    void midpointIsSuperconvergentOnGaussianData() {
        double[] e = errors(new Midpoint(), Prediction.DATA);
        double last = Math.log(e[2] / e[3]) / Math.log(2);
        assertThat(last).as("errors %s", Arrays.toString(e)).isBetween(2.9, 3.2);
    }

    /** On a Gaussian mixture (nonlinear flow) the midpoint rule shows its order 2. */
    @Test
    void midpointIsSecondOrderOnGaussianMixture() {
        GaussianMixtureData mix = GaussianMixtureData.of(new double[] {0.3, 0.7},
                GaussianData.diagonal(new double[] {1.0, -0.5}, new double[] {0.05, 0.3}),
                GaussianData.diagonal(new double[] {-1.0, 0.8}, new double[] {0.2, 0.02}));
        DiffusionModel model = mix.model(EDM, Prediction.DATA);
        Batch xT = Batch.of(new double[][] {{24, -96}, {-40, 16}});
        Batch reference = xT.like();
        mix.referenceFlow(xT, EDM, 80, 0.05, reference);
        int[] steps = {40, 80, 160};
        double[] e = new double[steps.length];
        for (int j = 0; j < steps.length; j++) {
            Batch out = new Midpoint().sample(RhoProblems.karras(EDM, model, 80, 0.05, steps[j]), xT).x();
            e[j] = GaussianFixtures.maxAbsDiff(out, reference);
        }
        double last = Math.log(e[1] / e[2]) / Math.log(2);
        assertThat(last).as("errors %s", Arrays.toString(e)).isBetween(1.9, 2.3);
    }

    /**
     * The PF-ODE in (x/alpha, sigma/alpha) is the same for every schedule, so a VP-linear run on the same
     * rho levels reproduces the EDM run after scaling by alpha, to round-off.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("solvers")
    void scheduleDoesNotMatterInEdmCoordinates(Solver solver, double order) {
        VpLinearSchedule vp = VpLinearSchedule.standard();
        double rhoMax = vp.rho(1.0);
        double rhoMin = vp.rho(1e-3);
        Batch z = RhoProblems.start(2, 1.0);
        Batch xEdm = z.copy();
        io.samplerkit.core.kernel.Kernels.scale(xEdm, rhoMax, z);
        SamplingResult edm = solver.sample(RhoProblems.karras(EDM, DATA.model(EDM, Prediction.DATA), rhoMax, rhoMin, 12),
                xEdm);
        var vpProblem = RhoProblems.karras(vp, DATA.model(vp, Prediction.NOISE), rhoMax, rhoMin, 12);
        Batch xVp = z.copy();
        io.samplerkit.core.kernel.Kernels.scale(xVp, vpProblem.timesteps().sigma(0), z);
        SamplingResult vpRun = solver.sample(vpProblem, xVp);
        Batch vpTilde = vpRun.x().copy();
        io.samplerkit.core.kernel.Kernels.scale(vpTilde, 1.0 / vpProblem.timesteps().alpha(12), vpRun.x());
        assertThat(GaussianFixtures.maxAbsDiff(vpTilde, edm.x())).isLessThan(1e-10);
        assertThat(vpRun.modelCalls()).isEqualTo(edm.modelCalls());
    }

    @Test
    void callsPerStepAndEulerIntoZeroNoise() {
        var p = RhoProblems.edm(10, 0.002);
        var zeroEnd = p.withTimesteps(p.timesteps().withZeroNoiseEnd(EDM));
        Batch xT = RhoProblems.start(2, 80);
        assertThat(new Heun().sample(p, xT).modelCalls()).isEqualTo(20);
        assertThat(new Heun().sample(zeroEnd, xT).modelCalls()).isEqualTo(21);
        assertThat(new Dpm2().sample(zeroEnd, xT).modelCalls()).isEqualTo(21);
        assertThat(new Midpoint().sample(zeroEnd, xT).modelCalls()).isEqualTo(21);
        assertThat(new RungeKutta4().sample(zeroEnd, xT).modelCalls()).isEqualTo(41);
        assertThat(new Euler().sample(zeroEnd, xT).modelCalls()).isEqualTo(11);
        // the Euler step into sigma = 0 lands on x0hat: check against the model at the last positive level
        Batch before = new RungeKutta4().sample(p, xT).x();
        Batch after = new RungeKutta4().sample(zeroEnd, xT).x();
        Batch denoised = xT.like();
        DATA.denoise(before, 1.0, 0.002, denoised);
        assertThat(GaussianFixtures.maxAbsDiff(after, denoised)).isLessThan(1e-12);
    }
}
