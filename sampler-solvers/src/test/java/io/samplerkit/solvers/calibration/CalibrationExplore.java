package io.samplerkit.solvers.calibration;

import io.samplerkit.core.analytic.GaussianData;
import io.samplerkit.core.model.Prediction;
import io.samplerkit.core.schedule.VpLinearSchedule;
import io.samplerkit.solvers.Solver;
import io.samplerkit.solvers.SolverRegistry;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CalibrationExplore {
    @Test
    void explore() {
        int d = 64;
        double[] ev = new double[d];
        double[] mu = new double[d];
        java.util.SplittableRandom rng = new java.util.SplittableRandom(3);
        for (int k = 0; k < d; k++) {
            ev[k] = Math.exp(Math.log(1e-4) + (Math.log(10) - Math.log(1e-4)) * k / (d - 1));
            mu[k] = rng.nextGaussian() * 0.5;
        }
        GaussianData data = GaussianData.diagonal(mu, ev);
        CalibrationTarget t = new CalibrationTarget(VpLinearSchedule.standard(), Prediction.NOISE, data, 1, 1e-3);
        Calibrator c = new Calibrator(t);
        for (String name : new String[] {"dpmpp-2m", "ipndm", "unipc-bh2", "dpmpp-3m-corrected"}) {
            Solver s = SolverRegistry.standard().create(name);
            for (int nfe : new int[] {5, 10}) {
                for (CalibrationMethod m : CalibrationMethod.values()) {
                    long t0 = System.nanoTime();
                    CalibratedGrid g = c.calibrate(s, name, Map.of(), c.stepsForNfe(s, nfe), m, x -> { });
                    System.out.printf("%s nfe %d %s: rmse %.3e start %.3e  ratio %.3f  %.1fs%n", name, nfe, m,
                            Math.sqrt(g.meanSquaredError()), Math.sqrt(g.startValue()),
                            Math.sqrt(g.meanSquaredError() / g.startValue()), (System.nanoTime() - t0) * 1e-9);
                }
            }
        }
    }
}
