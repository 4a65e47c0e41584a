package io.samplerkit.solvers.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.samplerkit.core.analytic.GaussianMixtureData;
import io.samplerkit.core.grid.KarrasGrid;
import io.samplerkit.core.grid.Timesteps;
import io.samplerkit.core.kernel.KernelTraffic;
import io.samplerkit.core.kernel.Kernels;
import io.samplerkit.core.model.Prediction;
import io.samplerkit.core.noise.SeededNoise;
import io.samplerkit.core.schedule.NoiseSchedule;
import io.samplerkit.core.schedule.VpLinearSchedule;
import io.samplerkit.core.state.Batch;
import io.samplerkit.solvers.SamplingProblem;
import io.samplerkit.solvers.SolverContext;
import io.samplerkit.solvers.SolverRun;
import io.samplerkit.solvers.StepObserver;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link EdmStageRun} works on {@code x} with the scaling folded into its coefficients; every step must agree with
 * the same scheme written in {@code x~ = x/alpha} (scale in, slopes {@code d = (x~ - D)/rho}, scale out) to
 * rounding: measured at most 8.1e-16 of {@code max |x|} per step on this mixture (1e-15 asserted), over every step
 * of a 25-step Karras grid ending at zero noise, with and without churn.
 */
class EdmStageRunTest {

    private static final NoiseSchedule SCHEDULE = VpLinearSchedule.standard();
    private static final GaussianMixtureData DATA = GaussianMixtureData.of(new double[] {0.3, 0.7},
            new double[][] {{-1, 0.5, 2}, {1.5, -0.2, 0.1}},
            new double[][][] {{{0.2, 0, 0}, {0, 0.5, 0.1}, {0, 0.1, 0.3}}, {{0.1, 0, 0}, {0, 0.1, 0}, {0, 0, 0.4}}});

    @ParameterizedTest
    @EnumSource(EdmScheme.class)
    void everyStepMatchesTheScaledCoordinatesFormToRounding(EdmScheme scheme) {
        for (Churn churn : new Churn[] {Churn.NONE, new Churn(40, 0, Double.POSITIVE_INFINITY, 1)}) {
            Timesteps grid = Timesteps.of(SCHEDULE, KarrasGrid.standard(), 1.0, 1e-3, 25).withZeroNoiseEnd(SCHEDULE);
            SamplingProblem problem = new SamplingProblem(SCHEDULE, DATA.model(SCHEDULE, Prediction.NOISE), grid,
                    new SeededNoise(7), StepObserver.NONE, false, false);
            SolverRun staged = new EdmStageRun(new SolverContext("staged", problem, 64, 3), churn, Ancestral.NONE, scheme);
            SolverRun scaled = new ScaledReference(new SolverContext("scaled", problem, 64, 3), churn, scheme);
            Batch x = Batch.zeros(64, 3);
            problem.noise().standardNormal(999, x);
            while (!staged.done()) {
                Batch expected = x.copy();
                scaled.step(expected);
                staged.step(x);
                double scale = 0;
                double diff = 0;
                for (int k = 0; k < x.data().length; k++) {
                    scale = Math.max(scale, Math.abs(expected.data()[k]));
                    diff = Math.max(diff, Math.abs(expected.data()[k] - x.data()[k]));
                }
                assertThat(diff).as("%s, churn %s", scheme, churn.active()).isLessThanOrEqualTo(1e-15 * scale);
                x = expected;
            }
        }
    }

    @ParameterizedTest
    @EnumSource(EdmScheme.class)
    void aTwoStageStepWritesOnlyArraysItsKernelsRead(EdmScheme scheme) {
        // an array written without being read costs a read for ownership beyond the caches (docs/performance.md): a
        // two-stage step writes its stage input over the first output and the result over the state, both read there
        if (scheme.stages() != 2) {
            return;
        }
        for (Prediction prediction : new Prediction[] {Prediction.DATA, Prediction.NOISE}) {
            Timesteps grid = Timesteps.of(SCHEDULE, KarrasGrid.standard(), 1.0, 1e-3, 6).withZeroNoiseEnd(SCHEDULE);
            SamplingProblem problem = new SamplingProblem(SCHEDULE, DATA.model(SCHEDULE, prediction), grid,
                    new SeededNoise(7), StepObserver.NONE, false, false);
            SolverRun run = new EdmStageRun(new SolverContext("staged", problem, 8, 3), Churn.NONE, Ancestral.NONE, scheme);
            Batch x = Batch.zeros(8, 3);
            problem.noise().standardNormal(1, x);
            Set<double[]> read = Collections.newSetFromMap(new IdentityHashMap<>());
            Set<double[]> written = Collections.newSetFromMap(new IdentityHashMap<>());
            KernelTraffic.install(new KernelTraffic.Recorder() {
                @Override
                public void read(double[] array) {
                    read.add(array);
                }

                @Override
                public void write(double[] array) {
                    written.add(array);
                }
            });
            try {
                // every step but the last, which goes to zero noise in one stage
                for (int k = 0; k < 5; k++) {
                    run.step(x);
                }
            } finally {
                KernelTraffic.install(null);
            }
            assertThat(written).as("%s, %s model", scheme, prediction).isNotEmpty().allMatch(read::contains);
        }
    }

    /** The scheme in {@code x~} coordinates, as the solvers computed it before the scaling was folded in. */
    private static final class ScaledReference extends EdmGridRun {
        private final EdmScheme scheme;
        private final Batch d;
        private final Batch mid;
        private final ExplicitRungeKutta rk;
        private final ExplicitRungeKutta euler;
        private final ExplicitRungeKutta.Derivative f = this::derivative;

        ScaledReference(SolverContext context, Churn churn, EdmScheme scheme) {
            super(context, churn);
            this.scheme = scheme;
            d = context.newBatch();
            mid = context.newBatch();
            ButcherTableau tableau = switch (scheme) {
                case HEUN -> ButcherTableau.HEUN;
                case MIDPOINT -> ButcherTableau.MIDPOINT;
                case RK4 -> ButcherTableau.RK4;
                default -> ButcherTableau.EULER;
            };
            rk = new ExplicitRungeKutta(tableau, context.newBatch());
            euler = new ExplicitRungeKutta(ButcherTableau.EULER, context.newBatch());
        }

        @Override
        protected void stepTilde(int i, double rhoFrom, double rhoTo, Batch y) {
            if (grid.isZeroNoise(i + 1) || rhoTo == 0) {
                euler.step(f, rhoFrom, rhoTo, y, y, false);
                return;
            }
            switch (scheme) {
                case DPM_2 -> {
                    double logFrom = Math.log(rhoFrom);
                    double logTo = Math.log(rhoTo);
                    double rhoMid = Math.exp(logTo - (logTo - logFrom) * 0.5);
                    derivative(rhoFrom, y, d);
                    Kernels.lincomb2(mid, 1.0, y, rhoMid - rhoFrom, d);
                    derivative(rhoMid, mid, d);
                    Kernels.lincomb2(y, 1.0, y, rhoTo - rhoFrom, d);
                }
                case DPMPP_2S -> {
                    double rhoMid = Math.sqrt(rhoFrom * rhoTo);
                    derivative(rhoFrom, y, d);
                    Kernels.lincomb2(mid, 1.0, y, rhoMid - rhoFrom, d);
                    derivative(rhoMid, mid, d);
                    double r = rhoTo / rhoFrom;
                    Kernels.lincomb3(y, r, y, 1 - r, mid, -(1 - r) * rhoMid, d);
                }
                default -> rk.step(f, rhoFrom, rhoTo, y, y, false);
            }
        }
    }
}
