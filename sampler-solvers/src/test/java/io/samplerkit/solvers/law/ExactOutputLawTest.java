package io.samplerkit.solvers.law;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.samplerkit.core.analytic.GaussianData;
import io.samplerkit.core.analytic.GaussianMixtureData;
import io.samplerkit.core.model.Prediction;
import io.samplerkit.solvers.SamplingProblem;
import io.samplerkit.solvers.Solver;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExactOutputLawTest {

    private static final SdeProblems.Schedule VP = SdeProblems.Schedule.VP_LINEAR;

    @Test
    void deterministicSolverLawIsThePushForwardAndConverges() {
        Solver solver = SdeProblems.solver("dpmpp-3m-corrected", Map.of());
        ExactLaw coarse = ExactOutputLaw.of(solver, VP.problem(20), SdeProblems.DATA);
        ExactLaw fine = ExactOutputLaw.of(solver, VP.problem(160), SdeProblems.DATA);
        assertThat(fine.frechetToMarginal()).isLessThan(1e-4).isLessThan(coarse.frechetToMarginal() / 100);
        // the last time is 1e-3, so the marginal there is close to, but not, the data law
        assertThat(fine.frechetToData()).isGreaterThan(fine.frechetToMarginal());
    }

    @Test
    void sdeSolverWithoutNoiseHasTheOdeSolversLaw() {
        GaussianLaw sde = ExactOutputLaw.of(SdeProblems.solver("dpmpp-2m-sde", Map.of("eta", 0.0)), VP.problem(25),
                SdeProblems.DATA).law();
        GaussianLaw ode = ExactOutputLaw.of(SdeProblems.solver("dpmpp-2m", Map.of()), VP.problem(25),
                SdeProblems.DATA).law();
        for (int i = 0; i < sde.dim(); i++) {
            assertThat(sde.mean()[i]).isCloseTo(ode.mean()[i], org.assertj.core.data.Offset.offset(1e-12));
            for (int j = 0; j < sde.dim(); j++) {
                assertThat(sde.covariance()[i][j]).isCloseTo(ode.covariance()[i][j],
                        org.assertj.core.data.Offset.offset(1e-12));
            }
        }
    }

    @Test
    void noiseAddsCovarianceTheDeterministicPartCannot() {
        Solver em = SdeProblems.solver("euler-maruyama", Map.of());
        GaussianLaw start = GaussianLaw.marginal(SdeProblems.DATA, 1.0, 0.0);
        GaussianLaw pointMass = new GaussianLaw(start.mean(), new double[4][4]);
        GaussianLaw out = ExactOutputLaw.pushForward(em, VP.problem(30), pointMass);
        double trace = 0;
        for (int i = 0; i < 4; i++) {
            trace += out.covariance()[i][i];
        }
        assertThat(trace).as("a point mass spreads under the reverse SDE").isGreaterThan(1e-3);
    }

    @Test
    void nonAffineModelIsRejected() {
        GaussianMixtureData mixture = GaussianMixtureData.of(new double[] {0.5, 0.5},
                GaussianData.diagonal(new double[] {-2, 0, 0, 0}, new double[] {0.1, 0.1, 0.1, 0.1}),
                GaussianData.diagonal(new double[] {2, 0, 0, 0}, new double[] {0.1, 0.1, 0.1, 0.1}));
        SamplingProblem p = SamplingProblem.of(VP.schedule(), mixture.model(VP.schedule(), Prediction.NOISE),
                VP.problem(10).timesteps());
        assertThatThrownBy(() -> ExactOutputLaw.pushForward(SdeProblems.solver("ddpm", Map.of()), p,
                GaussianLaw.marginal(SdeProblems.DATA, 0.1, 1.0)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("affine");
    }
}
