package io.samplerkit.solvers.multistep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.samplerkit.core.InvalidInputException;
import io.samplerkit.core.analytic.GaussianData;
import io.samplerkit.core.analytic.GaussianFlowCase;
import io.samplerkit.core.grid.KarrasGrid;
import io.samplerkit.core.grid.LogSnrGrid;
import io.samplerkit.core.grid.Timesteps;
import io.samplerkit.core.model.Prediction;
import io.samplerkit.core.schedule.VpDiscreteSchedule;
import io.samplerkit.core.schedule.VpLinearSchedule;
import io.samplerkit.core.state.Batch;
import io.samplerkit.core.testing.ConvergenceSlope;
import io.samplerkit.solvers.SamplingProblem;
import io.samplerkit.solvers.SamplingResult;
import io.samplerkit.solvers.SolverOptions;
import io.samplerkit.solvers.SolverRegistry;
import io.samplerkit.solvers.internal.ExactHistoryStart;
import io.samplerkit.solvers.testing.GaussianRuns;
import io.samplerkit.solvers.testing.TimeRecordingModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class PndmTest {

    private static final GaussianFlowCase CASE = GaussianFlowCase.standard();
    private static final VpLinearSchedule VP = VpLinearSchedule.standard();
    private static final GaussianData DATA = CASE.data();
    private static final Batch X_START = CASE.xStart();

    /** Uniform steps in rho = sigma/alpha from 2 to 0.5. */
    private static double[] uniformRho(int steps) {
        return new KarrasGrid(1.0).times(VP, VP.timeOfRho(2), VP.timeOfRho(0.5), steps);
    }

    /** Uniform steps in lambda = -log rho from rho = 80 to 0.02. */
    private static double[] uniformLambda(int steps) {
        return new LogSnrGrid().times(VP, VP.timeOfRho(80), VP.timeOfRho(0.02), steps);
    }

    private static double[] errors(PndmMethod method, boolean uniformRho, int[] steps) {
        double[] e = new double[steps.length];
        for (int j = 0; j < steps.length; j++) {
            double[] t = uniformRho ? uniformRho(steps[j]) : uniformLambda(steps[j]);
            e[j] = GaussianRuns.error(Pndm.of(method), CASE, GaussianRuns.problem(CASE, Prediction.NOISE, t));
        }
        return e;
    }

    @ParameterizedTest
    @EnumSource(PndmMethod.class)
    void adamsBashforthOrderShowsOnUniformRhoStepsWithAnExactHistoryStart(PndmMethod method) {
        // docs/math.md §12 caveat 1: the first three steps start from the exact flow, so only PLMS steps count
        double[] e = new double[2];
        int[] steps = {320, 640};
        for (int j = 0; j < 2; j++) {
            e[j] = ExactHistoryStart.warmStepsError(Pndm.of(method), CASE, uniformRho(steps[j]), Prediction.NOISE, 3);
        }
        double expected = method == PndmMethod.S_PNDM ? 2.0 : 4.0;
        assertThat(ConvergenceSlope.lastTwo(steps, e)).as("%s errors %s", method, Arrays.toString(e))
                .isCloseTo(expected, within(0.15));
    }

    @ParameterizedTest
    @EnumSource(PndmMethod.class)
    void warmUpLimitsTheOrderToThreeOnUniformRhoSteps(PndmMethod method) {
        // the pseudo RK warm-up (midpoint in t, not in rho) and the pseudo improved-Euler warm-up have local
        // errors O(h^3): with the normal start F-PNDM and PLMS are third order asymptotically
        int[] steps = {320, 640};
        double[] e = errors(method, true, steps);
        double expected = method == PndmMethod.S_PNDM ? 2.0 : 3.0;
        assertThat(ConvergenceSlope.lastTwo(steps, e)).as("%s errors %s", method, Arrays.toString(e))
                .isCloseTo(expected, within(0.15));
    }

    @ParameterizedTest
    @EnumSource(PndmMethod.class)
    void isSecondOrderOnUniformLambdaSteps(PndmMethod method) {
        // constant Adams-Bashforth weights on non-uniform rho steps: only second order (docs/math.md §9)
        int[] steps = {160, 320};
        double[] e = errors(method, false, steps);
        assertThat(ConvergenceSlope.lastTwo(steps, e)).as("%s errors %s", method, Arrays.toString(e))
                .isCloseTo(2.0, within(0.1));
    }

    @ParameterizedTest
    @EnumSource(PndmMethod.class)
    void modelCallsAreStepsPlusWarmUp(PndmMethod method) {
        for (int n : new int[] {1, 2, 3, 4, 10}) {
            SamplingProblem p = GaussianRuns.problem(CASE, Prediction.NOISE, uniformLambda(n));
            SamplingResult r = Pndm.of(method).sample(p, X_START);
            int expected = method == PndmMethod.F_PNDM ? n + 3 * Math.min(n, 3) : n + 1;
            assertThat(r.modelCalls()).as("%s with %d steps", method, n).isEqualTo(expected)
                    .isEqualTo(method.modelCalls(n));
            assertThat(r.steps()).isEqualTo(n);
        }
    }

    @Test
    void transferWithTheExactNoiseIsTheDdimStepFromData() {
        java.util.Random random = new java.util.Random(20240611);
        for (int trial = 0; trial < 50; trial++) {
            double s = 0.05 + 0.9 * random.nextDouble();
            double t = s * random.nextDouble();
            Batch x = Batch.of(new double[][] {{random.nextGaussian(), random.nextGaussian(), random.nextGaussian()}});
            Batch eps = x.like();
            Batch denoised = x.like();
            DATA.noise(x, VP.alpha(s), VP.sigma(s), eps);
            DATA.denoise(x, VP.alpha(s), VP.sigma(s), denoised);
            Batch viaNoise = x.like();
            Batch viaData = x.like();
            io.samplerkit.solvers.exponential.Ddim.stepFromNoise(viaNoise, VP.alpha(s), VP.sigma(s), x, VP.alpha(t),
                    VP.sigma(t), eps);
            io.samplerkit.solvers.exponential.Ddim.stepFromData(viaData, x, VP.sigma(s), VP.alpha(t), VP.sigma(t),
                    VP.lambda(t) - VP.lambda(s), denoised);
            for (int i = 0; i < 3; i++) {
                assertThat(viaNoise.data()[i]).as("seed 20240611 trial %d s=%s t=%s", trial, s, t)
                        .isCloseTo(viaData.data()[i], within(1e-12 * (1 + Math.abs(viaData.data()[i]))));
            }
        }
    }

    /** Grid 1, 15/16, ..., 1/8 (exact binary fractions): t - 1/16 is exactly the next point. */
    private static double[] binaryGrid(int points) {
        double[] t = new double[points];
        for (int i = 0; i < points; i++) {
            t[i] = 1.0 - i / 16.0;
        }
        return t;
    }

    @ParameterizedTest
    @EnumSource(PndmMethod.class)
    void diffusersSteppingOnAGridWithMatchingOffsetIsGridStepping(PndmMethod method) {
        double[] grid = binaryGrid(15);
        double[] diffusersTimes = Arrays.copyOf(grid, 14);
        SamplingResult onGrid = Pndm.of(method).sample(GaussianRuns.problem(CASE, Prediction.NOISE, grid), X_START);
        Pndm diffusers = new Pndm(method, new DiffusersStepping(1.0 / 16, 1.0 / 32, false));
        SamplingResult stepped = diffusers.sample(GaussianRuns.problem(CASE, Prediction.NOISE, diffusersTimes),
                X_START);
        assertThat(stepped.modelCalls()).isEqualTo(onGrid.modelCalls());
        assertThat(stepped.times()).containsExactly(onGrid.times());
        for (int i = 0; i < onGrid.x().data().length; i++) {
            assertThat(stepped.x().data()[i]).isCloseTo(onGrid.x().data()[i], within(1e-13));
        }
    }

    /** A DDPM table (linear betas, N = 1000): time (n+1)/N, tMin = 1/N where sigma > 0. */
    private static final VpDiscreteSchedule DISCRETE = ddpm();

    private static VpDiscreteSchedule ddpm() {
        double[] betas = new double[1000];
        for (int n = 0; n < betas.length; n++) {
            betas[n] = 1e-4 + (0.02 - 1e-4) * n / (betas.length - 1);
        }
        return VpDiscreteSchedule.fromBetas(betas);
    }

    @Test
    void diffusersPlmsEvaluatesAtTheListedTimesAndTransfersToTMinusOffset() {
        // linspace-like grid 0.801, 0.701, ..., 0.001 = tMin with offset 0.12: every transfer misses the next time
        double[] t = new double[9];
        for (int i = 0; i < t.length; i++) {
            t[i] = DISCRETE.tMin() + 0.1 * (8 - i);
        }
        TimeRecordingModel model = new TimeRecordingModel(DATA.model(DISCRETE, Prediction.NOISE));
        SamplingProblem p = SamplingProblem.of(DISCRETE, model, Timesteps.of(DISCRETE, t)).withTrajectory(true);
        SamplingResult r = new Pndm(PndmMethod.PLMS, new DiffusersStepping(0.12, 0.06, false)).sample(p, X_START);
        List<Double> expected = new ArrayList<>();
        expected.add(t[0]);
        for (double ti : Arrays.copyOfRange(t, 1, t.length)) {
            expected.add(ti);
        }
        expected.add(1, t[1]);
        assertThat(model.times()).containsExactlyElementsOf(expected);
        double[] times = r.times();
        assertThat(times[1]).isEqualTo(t[1]); // the pseudo improved-Euler step lands on the next listed time
        for (int i = 2; i < t.length; i++) {
            assertThat(times[i]).isCloseTo(Math.max(t[i - 1] - 0.12, DISCRETE.tMin()), within(1e-15));
        }
        // the last target lies before tMin: it is clamped to tMin, the time of the last evaluation, so the
        // last step leaves the state unchanged (diffusers' alphas_cumprod[0] rule)
        assertThat(times[t.length]).isEqualTo(DISCRETE.tMin());
        double[][] traj = r.trajectory().get(r.trajectory().size() - 1);
        double[][] before = r.trajectory().get(r.trajectory().size() - 2);
        for (int i = 0; i < traj.length; i++) {
            for (int j = 0; j < traj[i].length; j++) {
                assertThat(traj[i][j]).isCloseTo(before[i][j], within(1e-14));
            }
        }
    }

    @Test
    void diffusersAlphaToOneEndsAtCleanData() {
        double[] t = {0.901, 0.701, 0.501, 0.301, 0.101};
        SamplingProblem p = SamplingProblem.of(DISCRETE, DATA.model(DISCRETE, Prediction.NOISE),
                Timesteps.of(DISCRETE, t)).withTrajectory(true);
        SamplingResult r = new Pndm(PndmMethod.F_PNDM, new DiffusersStepping(0.2, 0.1, true)).sample(p, X_START);
        assertThat(r.times()[r.times().length - 1]).isNaN();
        assertThat(r.modelCalls()).isEqualTo(t.length + 9);
        // a transfer to clean data returns alpha x0hat with x0hat = (x - sigma e)/alpha: x must be on the
        // data scale, and differs from the state at 0.1
        double[][] before = r.trajectory().get(r.trajectory().size() - 2);
        assertThat(r.x().get(0, 0)).isNotEqualTo(before[0][0]);
    }

    @Test
    void rejectsGridsItCannotRun() {
        double[] t = uniformLambda(2);
        Timesteps zeroEnd = Timesteps.of(VP, t).withZeroNoiseEnd(VP);
        SamplingProblem p = SamplingProblem.of(VP, DATA.model(VP, Prediction.NOISE), zeroEnd);
        assertThatThrownBy(() -> Pndm.of(PndmMethod.F_PNDM).sample(p, X_START))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("timesteps ending at zero noise need at least 4 steps for pndm");
        assertThat(Pndm.of(PndmMethod.PLMS).sample(p, X_START).modelCalls()).isEqualTo(4);
        assertThatThrownBy(() -> new Pndm(PndmMethod.PLMS, new DiffusersStepping(0.1, 0.05, false)).sample(p, X_START))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("timesteps must not end at zero noise with diffusersStepping");
        SamplingProblem three = GaussianRuns.problem(CASE, Prediction.NOISE, Arrays.copyOf(t, 3));
        assertThatThrownBy(() -> new Pndm(PndmMethod.F_PNDM, new DiffusersStepping(0.1, 0.05, false))
                .sample(three, X_START))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("timesteps must have at least 4 points for pndm with diffusersStepping");
    }

    @Test
    void rejectsAStepOffsetThatLeavesTheSchedule() {
        // the pseudo improved-Euler step corrects from t_1 + offset: an offset of 2 on a schedule ending at t = 1
        // used to read the schedule past its end without a word, and 1e6 stopped the run with a NaN state
        double[] t = {0.901, 0.701, 0.501, 0.301, 0.101};
        SamplingProblem p = SamplingProblem.of(DISCRETE, DATA.model(DISCRETE, Prediction.NOISE), Timesteps.of(DISCRETE, t));
        for (PndmMethod m : PndmMethod.values()) {
            for (double offset : new double[] {DISCRETE.tMax() - t[1] + 1e-6, 2.0, 1e6}) {
                assertThatThrownBy(() -> SolverRegistry.standard().create(m.registryName(), SolverOptions.of(
                        java.util.Map.of("diffusers-step-offset", offset))).sample(p, X_START))
                        .as("%s offset %s", m, offset).isInstanceOfSatisfying(InvalidInputException.class, e -> {
                            assertThat(e.path()).isEqualTo("options.diffusers-step-offset");
                            assertThat(e.allowed()).contains("tMax - t_1");
                        });
            }
            assertThat(SolverRegistry.standard().create(m.registryName(), SolverOptions.of(java.util.Map.of(
                    "diffusers-step-offset", DISCRETE.tMax() - t[1]))).sample(p, X_START).x().data())
                    .as("%s offset tMax - t_1", m).doesNotContain(Double.NaN, Double.POSITIVE_INFINITY,
                            Double.NEGATIVE_INFINITY);
        }
    }

    @Test
    void registryBuildsEveryVariantAndRejectsBadOptions() {
        SolverRegistry registry = SolverRegistry.standard();
        for (PndmMethod m : PndmMethod.values()) {
            assertThat(registry.create(m.registryName())).isEqualTo(Pndm.of(m));
        }
        assertThat(registry.create("plms", SolverOptions.parse("diffusers-step-offset=100,diffusers-alpha-to-one=true")))
                .isEqualTo(new Pndm(PndmMethod.PLMS, new DiffusersStepping(100, 50, true)));
        assertThat(registry.create("pndm", SolverOptions.parse("diffusers-step-offset=83,diffusers-half-offset=41")))
                .isEqualTo(new Pndm(PndmMethod.F_PNDM, new DiffusersStepping(83, 41, false)));
        assertThatThrownBy(() -> registry.create("pndm", SolverOptions.parse("diffusers-half-offset=41")))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.path()).isEqualTo("options.diffusers-half-offset"));
        assertThatThrownBy(() -> registry.create("plms", SolverOptions.parse("diffusers-alpha-to-one=true")))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.path()).isEqualTo("options.diffusers-alpha-to-one"));
        // the declared defaults are accepted without diffusers stepping
        assertThat(registry.create("pndm", SolverOptions.parse("diffusers-half-offset=0.0,diffusers-alpha-to-one=false")))
                .isEqualTo(Pndm.of(PndmMethod.F_PNDM));
        assertThatThrownBy(() -> registry.create("pndm", SolverOptions.parse("diffusers-step-offset=10,diffusers-half-offset=11")))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.path()).isEqualTo("options.diffusers-half-offset"));
        assertThatThrownBy(() -> registry.create("pndm", SolverOptions.parse("diffusers-step-offset=-1")))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.path()).isEqualTo("options.diffusers-step-offset"));
        assertThatThrownBy(() -> registry.create("s-pndm", SolverOptions.parse("order=3")))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.path()).isEqualTo("options.order"));
        assertThatThrownBy(() -> new DiffusersStepping(0, 0, false)).hasMessageContaining("offset must be in (0, inf)");
        assertThat(registry.create("plms", SolverOptions.parse("diffusers-step-offset=100,combine=diffusers-raw-velocity")))
                .isEqualTo(new Pndm(PndmMethod.PLMS, new DiffusersStepping(100, 50, false),
                        PndmCombination.DIFFUSERS_RAW_VELOCITY));
        assertThat(registry.create("s-pndm", SolverOptions.parse("combine=noise"))).isEqualTo(Pndm.of(PndmMethod.S_PNDM));
        assertThatThrownBy(() -> registry.create("pndm", SolverOptions.parse("combine=velocity")))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.path()).isEqualTo("options.combine"));
        assertThatThrownBy(() -> new Pndm(PndmMethod.PLMS, null, null)).hasMessageContaining("combination");
    }

    /**
     * The velocity combination is a property of the solver, not of the model: the same run on a noise
     * model and on a velocity model agree to round-off, and it is a different method from the paper's
     * noise combination (which moves the result by far more than round-off on a non-uniform grid).
     */
    @ParameterizedTest
    @EnumSource(PndmMethod.class)
    void velocityCombinationDependsOnTheSolverOptionOnly(PndmMethod method) {
        double[] grid = uniformLambda(8);
        Pndm velocity = new Pndm(method, null, PndmCombination.DIFFUSERS_RAW_VELOCITY);
        Batch fromNoiseModel = velocity.sample(GaussianRuns.problem(CASE, Prediction.NOISE, grid), X_START).x();
        SamplingResult fromVelocityModel = velocity.sample(GaussianRuns.problem(CASE, Prediction.VELOCITY, grid),
                X_START);
        Batch paper = Pndm.of(method).sample(GaussianRuns.problem(CASE, Prediction.VELOCITY, grid), X_START).x();
        assertThat(fromVelocityModel.modelCalls()).isEqualTo(method.modelCalls(grid.length - 1));
        double difference = 0;
        for (int i = 0; i < paper.data().length; i++) {
            assertThat(fromVelocityModel.x().data()[i]).isCloseTo(fromNoiseModel.data()[i], within(1e-12));
            difference = Math.max(difference, Math.abs(paper.data()[i] - fromVelocityModel.x().data()[i]));
        }
        assertThat(difference).isGreaterThan(1e-6);
    }
}
