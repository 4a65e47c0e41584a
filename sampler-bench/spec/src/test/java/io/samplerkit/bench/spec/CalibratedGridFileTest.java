package io.samplerkit.bench.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.samplerkit.core.InvalidInputException;
import io.samplerkit.core.schedule.VpDiscreteSchedule;
import io.samplerkit.solvers.calibration.CalibratedCoefficients;
import io.samplerkit.solvers.calibration.CalibratedGrid;
import io.samplerkit.solvers.calibration.CalibrationMethod;
import io.samplerkit.solvers.exponential.MultistepCorrections;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CalibratedGridFileTest {

    private static final VpDiscreteSchedule SD = sd();

    private static VpDiscreteSchedule sd() {
        double[] betas = new double[1000];
        for (int i = 0; i < betas.length; i++) {
            double s = Math.sqrt(0.00085) + (Math.sqrt(0.012) - Math.sqrt(0.00085)) * i / 999.0;
            betas[i] = s * s;
        }
        return VpDiscreteSchedule.fromBetas(betas);
    }

    private static CalibratedGrid grid() {
        return new CalibratedGrid(new double[] {1, 0.5, 0.2, 0.001}, "dpmpp-2m", Map.of("order", "2"), 3,
                SD.describe(), "gaussian(d=2)", CalibrationMethod.GITS_DP, 0.25, 1e-4, 2e-4, "log-snr");
    }

    @Test
    void roundTripsAndListsDiffusersValues() {
        String json = CalibratedGridFile.toJson(grid(), SD);
        CalibratedGrid back = CalibratedGridFile.parse(json);
        assertThat(back).isEqualTo(grid());
        assertThat(CalibratedGridFile.toJson(back, SD)).isEqualTo(json);
        assertThat(json).contains("\"sigmas\"").contains("\"timesteps\"").contains("\"method\" : \"gits-dp\"");
        double[] steps = grid().trainingTimesteps(SD);
        assertThat(steps[0]).isCloseTo(SD.indexOfTime(1), org.assertj.core.data.Offset.offset(0.0));
    }

    private static CalibratedGrid withCoefficients() {
        return grid().withCoefficients(grid().times(), 0.2, new CalibratedCoefficients(new MultistepCorrections(
                new double[][] {{0.125}, {-0.5, 0.25}, {1e-17, -3.0}}), 0.01, 5e-5, 4e-5, 1e-4));
    }

    @Test
    void coefficientsRoundTripAsAVersionedSection() {
        CalibratedGrid grid = withCoefficients();
        String json = CalibratedGridFile.toJson(grid, SD);
        assertThat(json).contains("\"coefficients\"").contains("\"version\" : 1")
                .contains("\"kind\" : \"" + CalibratedGridFile.COEFFICIENTS_KIND + "\"");
        CalibratedGrid back = CalibratedGridFile.parse(json);
        assertThat(back).isEqualTo(grid);
        assertThat(back.coefficients().corrections().rows()[2]).containsExactly(1e-17, -3.0);
        assertThat(CalibratedGridFile.toJson(back, SD)).isEqualTo(json);
        assertThat(CalibratedGridFile.parse(CalibratedGridFile.toJson(grid(), SD)).coefficients()).isNull();
    }

    @Test
    void malformedCoefficientsNameTheField() {
        String ok = CalibratedGridFile.toJson(withCoefficients(), SD);
        assertPath(ok.replace("\"version\" : 1", "\"version\" : 2"), "coefficients.version");
        assertPath(ok.replace("\"version\" : 1", "\"version\" : \"1\""), "coefficients.version");
        assertPath(ok.replace(CalibratedGridFile.COEFFICIENTS_KIND, "weights"), "coefficients.kind");
        assertPath(ok.replace("\"ridge\" : 0.01", "\"ridge\" : -1"), "coefficients.ridge");
        assertPath(ok.replace("\"analytic_mse\" : 1.0E-4", "\"analytic_mse\" : null"), "coefficients.analytic_mse");
        assertPath(ok.replace("-0.5", "\"x\""), "coefficients.corrections[1][0]");
        assertPath(ok.replace("-0.5", "1e999"), "coefficients.corrections[1][0]");
        assertPath(ok.replace("0.125 ]", "0.125, 1, 2, 3 ]"), "coefficients.corrections[0]");
        assertPath(ok.replace("1.0E-17, -3.0 ]", "1.0E-17, -3.0 ], [ ]"), "coefficients.corrections");
        String section = ok.substring(ok.indexOf("\"coefficients\""), ok.indexOf("\"diffusers\""));
        assertPath(ok.replace(section, "\"coefficients\" : [ 1 ],\n  "), "coefficients");
        InvalidInputException e = catchInvalid(ok.replace("\"version\" : 1", "\"version\" : 7"));
        assertThat(e.value()).isEqualTo("7");
        assertThat(e.allowed()).isEqualTo("1");
    }

    @Test
    void malformedFilesNameTheField() {
        String ok = CalibratedGridFile.toJson(grid(), SD);
        assertPath(ok.replace(CalibratedGridFile.FORMAT, "other/1"), "format");
        assertPath(ok.replace("0.2,", "0.7,"), "times[2]");
        assertPath(ok.replace("\"steps\" : 3", "\"steps\" : 4"), "steps");
        assertPath(ok.replace("\"gits-dp\"", "\"dp\""), "method");
        assertPath(ok.replace("\"solver\" : \"dpmpp-2m\"", "\"solver\" : 3"), "solver");
        assertPath("[1, 2]", "$");
        assertPath("{\"format\": ", "$");
    }

    private static InvalidInputException catchInvalid(String text) {
        try {
            CalibratedGridFile.parse(text);
        } catch (InvalidInputException e) {
            return e;
        }
        throw new AssertionError("accepted: " + text);
    }

    private static void assertPath(String text, String path) {
        assertThatThrownBy(() -> CalibratedGridFile.parse(text)).isInstanceOfSatisfying(InvalidInputException.class,
                e -> assertThat(e.path()).isEqualTo(path));
    }
}
