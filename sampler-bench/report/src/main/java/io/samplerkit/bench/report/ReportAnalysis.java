package io.samplerkit.bench.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the report concludes from its rows: per problem the error-vs-NFE series of each
 * {@code solver@grid}, the fitted convergence orders, and the best solver at each target NFE.
 * Depends only on the rows and the suite, so a merge of shards concludes exactly what one run does.
 *
 * <p>Immutable; thread-safe.
 */
public final class ReportAnalysis {

    private final Suite suite;
    private final List<ResultRow> rows;
    private final Map<String, Map<String, List<ResultRow>>> series = new LinkedHashMap<>();
    /**
     * Floor of the weak-order fits: the Fréchet distance goes through a matrix square root of
     * covariances of size up to 10, so distances below about 1e-7 are round-off (squared distances
     * cancel at 1e-16 of the traces); points at or below this floor are left out.
     */
    static final double WEAK_FLOOR = 1e-6;

    private final Map<String, Map<String, OrderFit>> orders = new TreeMap<>();
    private final Map<String, Map<Integer, ResultRow>> best = new LinkedHashMap<>();

    private ReportAnalysis(Suite suite, List<ResultRow> rows) {
        this.suite = suite;
        this.rows = List.copyOf(rows);
        for (ProblemSpec p : suite.problems()) {
            series.put(p.id(), new TreeMap<>());
            best.put(p.id(), new TreeMap<>());
        }
        for (ResultRow r : this.rows) {
            Map<String, List<ResultRow>> m = series.get(r.problem());
            if (m != null && r.status() == ResultRow.Status.OK) {
                m.computeIfAbsent(r.series(), k -> new ArrayList<>()).add(r);
            }
        }
        Map<String, Double> floors = new java.util.HashMap<>();
        for (ProblemSpec p : suite.problems()) {
            floors.put(p.id(), Math.max(suite.errorFloor(), p.referenceFloor()));
        }
        series.forEach((problem, bySeries) -> bySeries.forEach((name, list) -> {
            list.sort(Comparator.comparingInt(ResultRow::nfe).thenComparingInt(ResultRow::seq));
            if (!list.get(0).adaptive()) {
                int[] n = list.stream().mapToInt(ResultRow::nfe).toArray();
                double[] e = list.stream().mapToDouble(ResultRow::error).toArray();
                double floor = list.stream().anyMatch(ResultRow::weak) ? Math.max(WEAK_FLOOR, floors.get(problem)) : floors.get(problem);
                orders.computeIfAbsent(name, k -> new LinkedHashMap<>())
                        .put(problem, OrderFit.fit(n, e, suite.orderMinNfe(), floor));
            }
            for (int target : suite.nfe()) {
                for (ResultRow r : list) {
                    boolean eligible = r.adaptive() ? r.nfe() <= target : r.targetNfe() == target;
                    if (eligible && Double.isFinite(r.rmse())) {
                        best.get(problem).merge(target, r, (a, b) -> b.rmse() < a.rmse()
                                || (b.rmse() == a.rmse() && b.seq() < a.seq()) ? b : a);
                    }
                }
            }
        }));
    }

    /**
     * @param suite the suite the rows belong to
     * @param rows every row of the run
     * @return the analysis
     */
    public static ReportAnalysis of(Suite suite, List<ResultRow> rows) {
        return new ReportAnalysis(suite, rows);
    }

    /** @return the suite */
    public Suite suite() {
        return suite;
    }

    /** @return every row, in the order given */
    public List<ResultRow> rows() {
        return rows;
    }

    /**
     * @param problem problem id
     * @return measured rows of each {@code solver@grid} series, sorted by NFE
     */
    public Map<String, List<ResultRow>> series(String problem) {
        return series.getOrDefault(problem, Map.of());
    }

    /** @return fitted orders: series to (problem to fit); fixed-step series only */
    public Map<String, Map<String, OrderFit>> orders() {
        return orders;
    }

    /**
     * @param problem problem id
     * @return target NFE to the row with the smallest RMSE among rows within that budget
     */
    public Map<Integer, ResultRow> best(String problem) {
        return best.getOrDefault(problem, Map.of());
    }

    /**
     * A series' standing in a ranking.
     *
     * @param series {@code solver@grid}
     * @param geometricMeanRmse geometric mean of the RMSE: over the problems at one target NFE
     *     ({@link #ranking(int)}), or over the target NFEs on one problem ({@link #ranking(String)})
     */
    public record Ranked(String series, double geometricMeanRmse) {
    }

    /**
     * Fixed-step series measured on every problem at a target NFE, best first by the geometric mean
     * of their RMSE over the problems (each problem weighs the same whatever its error scale).
     *
     * @param target target NFE
     * @return the ranking
     */
    public List<Ranked> ranking(int target) {
        Map<String, double[]> sums = new TreeMap<>();
        for (Map<String, List<ResultRow>> bySeries : series.values()) {
            bySeries.forEach((name, list) -> addAt(sums, name, list, target));
        }
        return ranked(sums, suite.problems().size());
    }

    /**
     * Fixed-step series of one problem measured at every target NFE of the suite, best first by the
     * geometric mean of their RMSE over the target NFEs (each NFE weighs the same, so the ranking
     * rewards accuracy over the whole budget range, not at one point).
     *
     * @param problem problem id
     * @return the ranking
     */
    public List<Ranked> ranking(String problem) {
        Map<String, double[]> sums = new TreeMap<>();
        java.util.Set<Integer> targets = new java.util.TreeSet<>(suite.nfe());
        series(problem).forEach((name, list) -> {
            for (int target : targets) {
                addAt(sums, name, list, target);
            }
        });
        return ranked(sums, targets.size());
    }

    /** Adds log RMSE of the series' first fixed-step row at {@code target} to {@code sums[name]}. */
    private static void addAt(Map<String, double[]> sums, String name, List<ResultRow> list, int target) {
        for (ResultRow r : list) {
            if (!r.adaptive() && r.targetNfe() == target && Double.isFinite(r.rmse()) && r.rmse() > 0) {
                double[] acc = sums.computeIfAbsent(name, k -> new double[2]);
                acc[0] += Math.log(r.rmse());
                acc[1] += 1;
                return;
            }
        }
    }

    /** The series with exactly {@code count} terms, by geometric mean, best first (ties by name). */
    private static List<Ranked> ranked(Map<String, double[]> sums, int count) {
        List<Ranked> out = new ArrayList<>();
        sums.forEach((name, acc) -> {
            if (acc[1] == count) {
                out.add(new Ranked(name, Math.exp(acc[0] / count)));
            }
        });
        out.sort(Comparator.comparingDouble(Ranked::geometricMeanRmse).thenComparing(Ranked::series));
        return out;
    }

    /** @return rows that are n/a or failed */
    public List<ResultRow> unmeasured() {
        return rows.stream().filter(r -> r.status() != ResultRow.Status.OK).toList();
    }
}
