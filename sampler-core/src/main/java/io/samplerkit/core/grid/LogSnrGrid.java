package io.samplerkit.core.grid;

import io.samplerkit.core.Checks;
import io.samplerkit.core.schedule.Linspace;
import io.samplerkit.core.schedule.NoiseSchedule;

/**
 * Uniform in half log-SNR: {@code lambda_i = lambda(tStart) + (i/N)(lambda(tEnd) - lambda(tStart))},
 * {@code t_i = timeOfLambda(lambda_i)} (DPM-Solver's {@code logSNR}, Lu et al. 2022,
 * arXiv:2206.00927, section 3.3: equal steps {@code h} make the exponential integrators' local
 * errors comparable).
 *
 * <p>The end points are returned exactly. The official code also passes them through
 * {@code timeOfLambda}, which moves them by an ulp or two (e.g. {@code 1 -> 0.9999999999999998});
 * that is far below any tolerance the reference cases need, so it is not reproduced.
 */
public record LogSnrGrid() implements TimeGrid {

    @Override
    public double[] times(NoiseSchedule schedule, double tStart, double tEnd, int steps) {
        Grids.check(schedule, tStart, tEnd, steps);
        double l0 = schedule.lambda(tStart);
        double l1 = schedule.lambda(tEnd);
        if (!(Double.isFinite(l0) && Double.isFinite(l1))) {
            throw new IllegalArgumentException(Checks.format(
                    "a log-SNR grid needs finite lambda at both ends on %s, got lambda(tStart=%s)=%s, lambda(tEnd=%s)=%s",
                    schedule.describe(), tStart, l0, tEnd, l1));
        }
        double[] r = Linspace.symmetric(l0, l1, steps + 1);
        for (int i = 1; i < steps; i++) {
            r[i] = schedule.timeOfLambda(r[i]);
        }
        return Grids.finish(r, tStart, tEnd, describe());
    }

    @Override
    public String describe() {
        return "log-snr";
    }
}
