package io.samplerkit.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.samplerkit.bench.plot.BarChart;
import io.samplerkit.bench.plot.LogLogChart;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReportPlotsTest {

    private static final String PROBLEM = "gauss8-vp-linear";

    /**
     * Rows of the quick suite (NFE 5, 10, 20, 40 on the logsnr grid) for solvers whose RMSE is
     * {@code scale * NFE^-order}.
     */
    private static ReportAnalysis analysis(Map<String, double[]> scaleAndOrder) {
        Suite suite = Suites.quick();
        List<ResultRow> rows = new ArrayList<>();
        scaleAndOrder.forEach((solver, so) -> {
            for (int n : suite.nfe()) {
                rows.add(new ResultRow(rows.size(), PROBLEM, solver, "logsnr", n, Double.NaN, ResultRow.Status.OK,
                        n, n, so[0] * Math.pow(n, -so[1]), 1, Double.NaN, Double.NaN, 1e-6, ""));
            }
        });
        return ReportAnalysis.of(suite, rows);
    }

    @Test
    void overviewShowsTheBestRankedSolversAndDdimForScaleAndFamiliesSplitIntoPages() {
        Map<String, double[]> solvers = new HashMap<>();
        Map<String, String> families = new HashMap<>();
        for (int k = 0; k < 14; k++) {
            solvers.put("exp" + (char) ('a' + k), new double[] {1 + k, 2});
            families.put("exp" + (char) ('a' + k), "exponential");
        }
        solvers.put("ddim", new double[] {100, 1});
        families.put("ddim", "exponential");
        solvers.put("heun", new double[] {0.5, 2});
        families.put("heun", "ode");

        Map<String, LogLogChart> charts = ReportPlots.errorCharts(analysis(solvers), PROBLEM, families);

        assertThat(charts.keySet()).containsExactly("error-" + PROBLEM + "-best", "error-" + PROBLEM + "-ode",
                "error-" + PROBLEM + "-exponential-1", "error-" + PROBLEM + "-exponential-2");
        List<String> best = charts.get("error-" + PROBLEM + "-best").lines().stream()
                .map(LogLogChart.Line::name).toList();
        assertThat(best).containsExactly("heun@logsnr", "expa@logsnr", "expb@logsnr", "expc@logsnr", "expd@logsnr",
                "expe@logsnr", "expf@logsnr", "expg@logsnr", "ddim@logsnr (for scale)");
        // 15 exponential solvers: two pages of 8 and 7, in ranking order, ddim last
        List<LogLogChart.Line> page1 = charts.get("error-" + PROBLEM + "-exponential-1").lines();
        List<LogLogChart.Line> page2 = charts.get("error-" + PROBLEM + "-exponential-2").lines();
        assertThat(page1).hasSize(8).first().extracting(LogLogChart.Line::name).isEqualTo("expa@logsnr");
        assertThat(page2).hasSize(7).last().extracting(LogLogChart.Line::name).isEqualTo("ddim@logsnr");
        assertThat(page1.stream().map(LogLogChart.Line::style).distinct()).hasSize(8);
        LogLogChart.Line heun = charts.get("error-" + PROBLEM + "-ode").lines().get(0);
        assertThat(heun.x()).containsExactly(5, 10, 20, 40);
        assertThat(heun.y()[3]).isEqualTo(0.5 * Math.pow(40, -2));
    }

    @Test
    void orderBarsAreSortedHighestFirstWithClaimedMarks() {
        Map<String, double[]> solvers = Map.of("first", new double[] {1, 1}, "third", new double[] {1, 3},
                "second", new double[] {1, 2});
        BarChart bars = ReportPlots.orderBars(analysis(solvers), PROBLEM, Map.of("third", 3, "first", 1));

        assertThat(bars.categories()).containsExactly("third", "second", "first");
        assertThat(bars.bars()[0]).isCloseTo(3, org.assertj.core.api.Assertions.within(1e-9));
        assertThat(bars.bars()[2]).isCloseTo(1, org.assertj.core.api.Assertions.within(1e-9));
        assertThat(bars.marks()[0]).isEqualTo(3);
        assertThat(bars.marks()[1]).isNaN();
    }
}
