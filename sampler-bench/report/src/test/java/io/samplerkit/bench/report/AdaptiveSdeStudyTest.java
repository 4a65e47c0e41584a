package io.samplerkit.bench.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.samplerkit.core.InvalidInputException;
import io.samplerkit.solvers.SolverRegistry;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/**
 * The adaptive-SDE section: its rows (the adaptive solver at every tolerance, Euler–Maruyama on both grids at every
 * step count, on the suite's Gaussian problems plus a VE one), its control-variate estimate against Euler–Maruyama's
 * exact law (the check the section offers its reader), and the NFE-to-target comparison.
 */
class AdaptiveSdeStudyTest {

    @Test
    void rowsCoverEveryMethodAndTheEstimateTracksTheExactLawOnTheQuickSuite() {
        List<String> log = new ArrayList<>();
        AdaptiveSdeStudy.Result r = AdaptiveSdeStudy.run(Suites.resolve("quick"), SolverRegistry.standard(), 7, 200, 2,
                log::add);
        assertThat(r.problems()).extracting(AdaptiveSdeStudy.Problem::id).containsExactly("gauss8-vp-linear", "gauss8-ve");
        int perProblem = AdaptiveSdeStudy.RTOLS.size() + AdaptiveSdeStudy.EM_GRIDS.size() * AdaptiveSdeStudy.EM_STEPS.size();
        assertThat(r.rows()).hasSize(2 * perProblem);
        assertThat(log).hasSize(2 * perProblem);
        for (AdaptiveSdeStudy.Problem p : r.problems()) {
            List<AdaptiveSdeStudy.Row> rows = r.rows().stream().filter(x -> x.problem().equals(p.id())).toList();
            assertThat(AdaptiveSdeStudy.methods(rows)).containsExactly("gotta-go-fast",
                    "euler-maruyama time-uniform", "euler-maruyama log-snr");
            for (AdaptiveSdeStudy.Row row : rows) {
                if (row.solver().equals("euler-maruyama")) {
                    // measured on 200 samples, d = 8: within 0.01 + 10% of the exact distance on VP, 0.019 on VE
                    assertThat(row.estimate()).as(p.id() + " " + row.method() + " " + row.setting())
                            .isCloseTo(row.exact(), Offset.offset(0.025 + 0.15 * row.exact()));
                    assertThat(row.nfe()).isEqualTo(Double.parseDouble(row.setting().substring("steps=".length())));
                    assertThat(row.rejected()).isZero();
                } else {
                    assertThat(row.exact()).isNaN();
                    assertThat(row.nfe()).isGreaterThan(2);
                }
            }
            assertThat(p.estimateError()).isLessThan(0.05);
            // a tighter tolerance gives a smaller distance: 0.5 against the tightest
            List<AdaptiveSdeStudy.Row> ggf = rows.stream().filter(x -> x.solver().equals("gotta-go-fast")).toList();
            assertThat(ggf.get(ggf.size() - 1).estimate()).isLessThan(ggf.get(0).estimate());
        }
        // on a VE schedule log-SNR is linear in time, so the two Euler-Maruyama grids are the same grid
        List<AdaptiveSdeStudy.Row> ve = r.rows().stream()
                .filter(x -> x.problem().equals("gauss8-ve") && x.solver().equals("euler-maruyama")).toList();
        int n = AdaptiveSdeStudy.EM_STEPS.size();
        for (int i = 0; i < n; i++) {
            assertThat(ve.get(i).exact()).isCloseTo(ve.get(n + i).exact(), Offset.offset(1e-6 * ve.get(i).exact()));
        }
        assertThat(AdaptiveSdeStudy.markdown(r)).contains("## gauss8-vp-linear", "## gauss8-ve",
                "## NFE to reach a target Frechet distance", "Measured error of the estimate");
    }

    @Test
    void reachInterpolatesInLogLogAndBoundsTargetsOutsideTheRange() {
        List<AdaptiveSdeStudy.Row> rows = List.of(row(10, 0.8), row(20, 0.4), row(40, 0.2), row(80, 0.1));
        AdaptiveSdeStudy.Reach measured = AdaptiveSdeStudy.reach(rows, 0.4);
        assertThat(measured.low()).isCloseTo(20, Offset.offset(1e-9));
        assertThat(measured.high()).isEqualTo(measured.low());
        AdaptiveSdeStudy.Reach between = AdaptiveSdeStudy.reach(rows, 0.2 / Math.sqrt(2));
        assertThat(between.low()).isCloseTo(40 * Math.sqrt(2), Offset.offset(1e-9));
        assertThat(AdaptiveSdeStudy.reach(rows, 1.0)).isEqualTo(new AdaptiveSdeStudy.Reach(0, 10));
        assertThat(AdaptiveSdeStudy.reach(rows, 0.05)).isEqualTo(new AdaptiveSdeStudy.Reach(80, Double.POSITIVE_INFINITY));
        // a dearer setting that is worse does not count: the envelope keeps the best so far
        List<AdaptiveSdeStudy.Row> bumpy = List.of(row(50, 0.3), row(60, 0.5), row(100, 0.15));
        assertThat(AdaptiveSdeStudy.reach(bumpy, 0.3 / Math.sqrt(2)).low()).isCloseTo(Math.sqrt(5000), Offset.offset(1e-9));
    }

    @Test
    void fewestNamesAMethodOnlyWhenItsRangeLiesBelowTheOthers() {
        List<String> m = List.of("a", "b");
        assertThat(AdaptiveSdeStudy.fewest(m, List.of(new AdaptiveSdeStudy.Reach(30, 30),
                new AdaptiveSdeStudy.Reach(80, Double.POSITIVE_INFINITY)))).isEqualTo("a");
        assertThat(AdaptiveSdeStudy.fewest(m, List.of(new AdaptiveSdeStudy.Reach(50, 50),
                new AdaptiveSdeStudy.Reach(0, 10)))).isEqualTo("b");
        assertThat(AdaptiveSdeStudy.fewest(m, List.of(new AdaptiveSdeStudy.Reach(0, 10),
                new AdaptiveSdeStudy.Reach(0, 20)))).isEqualTo("undecided");
        assertThat(new AdaptiveSdeStudy.Reach(0, 10)).hasToString("<= 10");
        assertThat(new AdaptiveSdeStudy.Reach(80, Double.POSITIVE_INFINITY)).hasToString("> 80");
    }

    @Test
    void aSuiteWithoutGaussianDataIsRefused() {
        Suite quick = Suites.resolve("quick");
        Suite mixtures = new Suite("mixtures", "", Suites.standard().problems().stream()
                .filter(p -> p.model().analytic().orElseThrow().gaussian().isEmpty()).toList(), quick.solvers(),
                quick.nfe(), quick.grids(), quick.tolerances(), quick.batches(), quick.batchSize(),
                quick.orderMinNfe(), quick.errorFloor());
        assertThatThrownBy(() -> AdaptiveSdeStudy.problems(mixtures)).isInstanceOfSatisfying(InvalidInputException.class,
                e -> assertThat(e.path()).isEqualTo("suite.problems"));
    }

    private static AdaptiveSdeStudy.Row row(double nfe, double estimate) {
        return new AdaptiveSdeStudy.Row("p", "euler-maruyama", "log-snr", "steps=" + (int) nfe, nfe, 0, estimate,
                estimate, estimate);
    }
}
