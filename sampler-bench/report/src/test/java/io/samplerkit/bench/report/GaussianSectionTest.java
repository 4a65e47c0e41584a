package io.samplerkit.bench.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.samplerkit.bench.spec.ModelSpec;
import io.samplerkit.bench.spec.ScheduleSpec;
import io.samplerkit.core.InvalidInputException;
import io.samplerkit.core.analytic.GaussianData;
import io.samplerkit.core.model.Prediction;
import java.util.Arrays;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/**
 * The low-dimensional sections of the adaptive-SDE study: the law of {@code H V_k^T x} (eigenvalues spread over the
 * data's sorted spectrum, its ends included, in a non-diagonal basis), on the problem's schedule and interval.
 */
class GaussianSectionTest {

    @Test
    void aSectionKeepsEigenvaluesSpreadOverTheSpectrumInANonDiagonalBasis() {
        ProblemSpec full = Suites.standard().problems().get(0);
        GaussianData data = full.data().gaussian().orElseThrow();
        ProblemSpec section = GaussianSection.of(full, 6);
        assertThat(section.id()).isEqualTo(full.id() + "-d6");
        assertThat(section.schedule()).isEqualTo(full.schedule());
        assertThat(section.prediction()).isEqualTo(full.prediction());
        assertThat(section.tStart()).isEqualTo(full.tStart());
        assertThat(section.tEnd()).isEqualTo(full.tEnd());
        GaussianData s = section.data().gaussian().orElseThrow();
        assertThat(s.dim()).isEqualTo(6);
        double[] sorted = data.eigenvalues();
        Arrays.sort(sorted);
        double[] expected = new double[6];
        for (int j = 0; j < 6; j++) {
            expected[j] = sorted[(int) Math.round(j * 63.0 / 5)];
        }
        double[] got = s.eigenvalues();
        Arrays.sort(got);
        for (int j = 0; j < 6; j++) {
            assertThat(got[j]).isCloseTo(expected[j], Offset.offset(1e-9 * expected[j] + 1e-12));
        }
        assertThat(got[0]).isCloseTo(1e-4, Offset.offset(1e-12));
        assertThat(got[5]).isCloseTo(10.0, Offset.offset(1e-9));
        double[][] c = s.covariance();
        double offDiagonal = 0;
        for (int i = 0; i < 6; i++) {
            for (int j = 0; j < i; j++) {
                offDiagonal = Math.max(offDiagonal, Math.abs(c[i][j]));
            }
        }
        assertThat(offDiagonal).isGreaterThan(0.1);
        // the mean is the projection of the data's mean on the selected eigenvectors, turned by an orthogonal map
        double[] m = data.mean();
        double[][] v = data.eigenvectors();
        double[] values = data.eigenvalues();
        double projected = 0;
        for (double e : expected) {
            int k = indexOf(values, e);
            double dot = 0;
            for (int i = 0; i < 64; i++) {
                dot += v[i][k] * m[i];
            }
            projected += dot * dot;
        }
        assertThat(norm2(s.mean())).isCloseTo(projected, Offset.offset(1e-9 * projected));
    }

    @Test
    void aSectionAsWideAsTheDataKeepsEveryEigenvalueAndTheMeansLength() {
        ProblemSpec quick = Suites.quick().problems().get(0);
        GaussianData data = quick.data().gaussian().orElseThrow();
        ProblemSpec section = GaussianSection.of(quick, 10);
        assertThat(section.id()).isEqualTo("gauss8-vp-linear-d8");
        GaussianData s = section.data().gaussian().orElseThrow();
        double[] a = data.eigenvalues();
        double[] b = s.eigenvalues();
        Arrays.sort(a);
        Arrays.sort(b);
        for (int j = 0; j < a.length; j++) {
            assertThat(b[j]).isCloseTo(a[j], Offset.offset(1e-9 * a[j]));
        }
        assertThat(norm2(s.mean())).isCloseTo(norm2(data.mean()), Offset.offset(1e-9 * norm2(data.mean())));
    }

    @Test
    void badSectionsAreRefusedNamingTheField() {
        ProblemSpec quick = Suites.quick().problems().get(0);
        assertThatThrownBy(() -> GaussianSection.of(quick, 1)).isInstanceOfSatisfying(InvalidInputException.class,
                e -> assertThat(e.path()).isEqualTo("dimension"));
        ProblemSpec ring = Suites.standard().problems().stream().filter(p -> p.id().startsWith("ring")).findFirst()
                .orElseThrow();
        assertThatThrownBy(() -> GaussianSection.of(ring, 6)).isInstanceOfSatisfying(InvalidInputException.class,
                e -> assertThat(e.path()).isEqualTo("model"));
        ProblemSpec line = new ProblemSpec("line", "1-d", new ModelSpec.Gaussian(new double[] {0}, null,
                new double[] {1}), new ScheduleSpec.VpLinear(0.1, 20.0, 1.0), Prediction.NOISE, 1.0, 1e-3);
        assertThatThrownBy(() -> GaussianSection.of(line, 6)).isInstanceOfSatisfying(InvalidInputException.class,
                e -> assertThat(e.path()).isEqualTo("model"));
    }

    private static int indexOf(double[] values, double v) {
        for (int k = 0; k < values.length; k++) {
            if (values[k] == v) {
                return k;
            }
        }
        throw new AssertionError("no eigenvalue " + v);
    }

    private static double norm2(double[] x) {
        double s = 0;
        for (double v : x) {
            s += v * v;
        }
        return s;
    }
}
