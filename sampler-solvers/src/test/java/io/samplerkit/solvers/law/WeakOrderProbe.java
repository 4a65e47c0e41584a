package io.samplerkit.solvers.law;

import io.samplerkit.core.analytic.GaussianData;
import io.samplerkit.core.analytic.GaussianFixtures;
import io.samplerkit.core.grid.LogSnrGrid;
import io.samplerkit.core.grid.Timesteps;
import io.samplerkit.core.model.Prediction;
import io.samplerkit.core.schedule.NoiseSchedule;
import io.samplerkit.core.schedule.VpCosineSchedule;
import io.samplerkit.core.schedule.VpLinearSchedule;
import io.samplerkit.solvers.SamplingProblem;
import io.samplerkit.solvers.Solver;
import io.samplerkit.solvers.SolverOptions;
import io.samplerkit.solvers.SolverRegistry;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class WeakOrderProbe {
    @Test
    void ratio() {
        for (double[] eig : new double[][] {{1e-2, 1e-1, 1, 10}, {0.25, 0.25, 0.25, 0.25}, {1e-3, 1e-2, 0.1, 0.5}}) {
            GaussianData data = GaussianData.ofEigen(new double[] {0.5, -1, 1.5, 0.2}, eig,
                GaussianFixtures.randomRotation(new SplittableRandom(5), 4));
            NoiseSchedule sch = VpLinearSchedule.standard();
            for (boolean zero : new boolean[] {false, true}) {
                StringBuilder sb = new StringBuilder(java.util.Arrays.toString(eig) + " zero=" + zero);
                for (int n : new int[] {10, 20, 40}) {
                    double[] t = new LogSnrGrid().times(sch, 1.0, 1e-3, zero ? n - 1 : n);
                    Timesteps ts = zero ? Timesteps.ofZeroNoiseEnd(sch, t) : Timesteps.of(sch, t);
                    SamplingProblem p = SamplingProblem.of(sch, data.model(sch, Prediction.NOISE), ts);
                    double a = ExactOutputLaw.of(SolverRegistry.standard().create("dpmpp-3m-sde", SolverOptions.of(Map.of())), p, data).frechetToMarginal();
                    double b = ExactOutputLaw.of(SolverRegistry.standard().create("dpmpp-3m-sde-diffusers", SolverOptions.of(Map.of())), p, data).frechetToMarginal();
                    double c = ExactOutputLaw.of(SolverRegistry.standard().create("dpmpp-3m-sde", SolverOptions.of(Map.of("third-order", "corrected"))), p, data).frechetToMarginal();
                    sb.append(String.format(" %d: ref %.3e diff %.3e corr %.3e ratio %.1f", n, a, b, c, b / c));
                }
                System.out.println(sb);
            }
        }
    }

    @Test
    void print() {
        SplittableRandom rng = new SplittableRandom(5);
        GaussianData data = GaussianData.ofEigen(new double[] {0.5, -1, 1.5, 0.2}, new double[] {1e-2, 1e-1, 1, 10},
                GaussianFixtures.randomRotation(rng, 4));
        NoiseSchedule[] schedules = {VpLinearSchedule.standard(), VpCosineSchedule.standard()};
        double[] tEnd = {1e-3, 1e-3};
        double[] tStart = {1.0, VpCosineSchedule.standard().tMax()};
        String[] names = {"euler-maruyama", "ddpm", "ddim", "dpmpp-sde-multistep", "dpm-solver-sde-multistep", "dpmpp-2m-sde",
            "dpmpp-3m-sde", "dpmpp-3m-sde-diffusers", "dpm-solver-sde-multistep:2", "dpm-solver-sde-multistep:3", "dpmpp-3m-sde:c"};
        for (int sIdx = 0; sIdx < 2; sIdx++) {
            NoiseSchedule sch = schedules[sIdx];
            for (String full : names) {
                String[] parts = full.split(":");
                Map<String, Object> opt = new java.util.HashMap<>();
                if (parts[0].equals("ddim")) opt.put("eta", 1.0);
                if (parts.length > 1) {
                    if (parts[1].equals("c")) opt.put("third-order", "corrected"); else opt.put("order", Integer.parseInt(parts[1]));
                }
                Solver s = SolverRegistry.standard().create(parts[0], SolverOptions.of(opt));
                StringBuilder sb = new StringBuilder(sch.getClass().getSimpleName() + " " + full + ":");
                double prev = Double.NaN;
                for (int n : new int[] {10, 20, 40, 80, 160, 320}) {
                    Timesteps ts = Timesteps.of(sch, new LogSnrGrid(), tStart[sIdx], tEnd[sIdx], n);
                    SamplingProblem p = SamplingProblem.of(sch, data.model(sch, Prediction.NOISE), ts);
                    ExactLaw law = ExactOutputLaw.of(s, p, data);
                    double e = law.frechetToMarginal();
                    sb.append(String.format(" %d:%.3e(%.2f)", n, e, Math.log(prev / e) / Math.log(2)));
                    prev = e;
                }
                System.out.println(sb);
            }
        }
    }
}
