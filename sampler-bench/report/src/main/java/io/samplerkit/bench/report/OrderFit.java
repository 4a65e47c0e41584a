package io.samplerkit.bench.report;

import io.samplerkit.core.Checks;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * The empirical convergence order of a series: minus the least-squares slope of {@code log(error)}
 * against {@code log(NFE)} over the asymptotic range ({@code NFE >= minNfe}), leaving out points at the
 * round-off floor ({@code error <= floor}) and repeated NFE values (the first is kept). With
 * {@code error ~ C NFE^{-p}} the fit returns {@code p} (docs/math.md section 12).
 *
 * @param order fitted order {@code p} (NaN when fewer than {@code MIN_POINTS} points remain)
 * @param points points used
 * @param nfeMin smallest NFE used (0 when none)
 * @param nfeMax largest NFE used (0 when none)
 * @param rSquared coefficient of determination of the fit (NaN when not fitted)
 */
public record OrderFit(double order, int points, int nfeMin, int nfeMax, double rSquared) {

    /** Fewest points a fit uses. */
    public static final int MIN_POINTS = 3;

    /**
     * @param nfe NFE of each point
     * @param error error of each point (non-finite values are skipped)
     * @param minNfe start of the asymptotic range
     * @param floor errors at or below this are left out
     * @return the fit
     */
    public static OrderFit fit(int[] nfe, double[] error, int minNfe, double floor) {
        if (nfe.length != error.length) {
            throw new IllegalArgumentException(Checks.format("nfe and error must have equal lengths, got %d and %d",
                    nfe.length, error.length));
        }
        TreeMap<Integer, Double> byNfe = new TreeMap<>();
        for (int i = 0; i < nfe.length; i++) {
            if (nfe[i] >= minNfe && Double.isFinite(error[i]) && error[i] > floor && error[i] > 0) {
                byNfe.putIfAbsent(nfe[i], error[i]);
            }
        }
        if (byNfe.size() < MIN_POINTS) {
            return new OrderFit(Double.NaN, byNfe.size(), byNfe.isEmpty() ? 0 : byNfe.firstKey(),
                    byNfe.isEmpty() ? 0 : byNfe.lastKey(), Double.NaN);
        }
        List<double[]> pts = new ArrayList<>();
        byNfe.forEach((n, e) -> pts.add(new double[] {Math.log(n), Math.log(e)}));
        double mx = 0;
        double my = 0;
        for (double[] p : pts) {
            mx += p[0];
            my += p[1];
        }
        mx /= pts.size();
        my /= pts.size();
        double sxx = 0;
        double sxy = 0;
        double syy = 0;
        for (double[] p : pts) {
            sxx += (p[0] - mx) * (p[0] - mx);
            sxy += (p[0] - mx) * (p[1] - my);
            syy += (p[1] - my) * (p[1] - my);
        }
        double slope = sxy / sxx;
        double r2 = syy == 0 ? 1.0 : sxy * sxy / (sxx * syy);
        return new OrderFit(-slope, pts.size(), byNfe.firstKey(), byNfe.lastKey(), r2);
    }

    /** @return whether an order was fitted */
    public boolean fitted() {
        return !Double.isNaN(order);
    }
}
