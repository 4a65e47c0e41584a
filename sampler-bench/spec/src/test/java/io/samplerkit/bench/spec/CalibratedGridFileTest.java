package io.samplerkit.bench.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.samplerkit.core.InvalidInputException;
import io.samplerkit.core.schedule.VpDiscreteSchedule;
import io.samplerkit.solvers.calibration.CalibratedGrid;
import io.samplerkit.solvers.calibration.CalibrationMethod;
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

    private static void assertPath(String text, String path) {
        assertThatThrownBy(() -> CalibratedGridFile.parse(text)).isInstanceOfSatisfying(InvalidInputException.class,
                e -> assertThat(e.path()).isEqualTo(path));
    }
}
