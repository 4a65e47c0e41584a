package io.samplerkit.solvers.calibration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.samplerkit.core.InvalidInputException;
import io.samplerkit.core.analytic.GaussianData;
import io.samplerkit.core.analytic.GaussianMixtureData;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class GaussianFitTest {

    @Test
    void mixtureMomentsByTheLawOfTotalCovariance() {
        GaussianData a = GaussianData.diagonal(new double[] {1, 0}, new double[] {0.5, 0.1});
        GaussianData b = GaussianData.diagonal(new double[] {-1, 2}, new double[] {0.2, 0.3});
        GaussianData fit = GaussianFit.ofMixture(GaussianMixtureData.of(new double[] {0.25, 0.75}, a, b));
        // mean (0.25 - 0.75, 1.5) = (-0.5, 1.5); between-component terms 0.25*0.75*(d d^T), d = (2, -2)
        assertThat(fit.mean()).containsExactly(new double[] {-0.5, 1.5}, Offset.offset(1e-14));
        double[][] c = fit.covariance();
        assertThat(c[0][0]).isCloseTo(0.25 * 0.5 + 0.75 * 0.2 + 0.75, Offset.offset(1e-12));
        assertThat(c[1][1]).isCloseTo(0.25 * 0.1 + 0.75 * 0.3 + 0.75, Offset.offset(1e-12));
        assertThat(c[0][1]).isCloseTo(-0.75, Offset.offset(1e-12));
    }

    @Test
    void sampleMoments() {
        GaussianData fit = GaussianFit.ofSamples(new double[][] {{1, 2}, {3, 4}, {2, 6}});
        assertThat(fit.mean()).containsExactly(new double[] {2, 4}, Offset.offset(1e-14));
        double[][] c = fit.covariance();
        assertThat(c[0][0]).isCloseTo(2.0 / 3, Offset.offset(1e-12));
        assertThat(c[1][1]).isCloseTo(8.0 / 3, Offset.offset(1e-12));
        assertThat(c[0][1]).isCloseTo(2.0 / 3, Offset.offset(1e-12));
        assertThatThrownBy(() -> GaussianFit.ofSamples(new double[][] {{1, 2}, {3}}))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.path()).isEqualTo("rows[1]"));
        assertThatThrownBy(() -> GaussianFit.ofSamples(new double[][] {{1, Double.NaN}, {3, 1}}))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.path()).isEqualTo("rows[0][1]"));
    }
}
