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
        AdaptiveSdeStudy.Result r = AdaptiveSdeStudy.run(List.of(AdaptiveSdeStudy.Tier.suite(Suites.resolve("quick"),
                200)), SolverRegistry.standard(), 7, 2, log::add);
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
    void theSectionTierMeasuresLowDimensionalSectionsWithAnEstimateCloseToTheExactLaw() {
        Suite quick = Suites.resolve("quick");
        List<AdaptiveSdeStudy.Tier> tiers = AdaptiveSdeStudy.tiers(quick, 200, 1600);
        assertThat(tiers).hasSize(2);
        AdaptiveSdeStudy.Tier sections = tiers.get(1);
        assertThat(sections.problems()).extracting(ProblemSpec::id).containsExactly("gauss8-vp-linear-d6", "gauss8-ve-d6");
        assertThat(sections.problems()).allSatisfy(p -> assertThat(p.model().dim()).isEqualTo(AdaptiveSdeStudy.SECTION_DIM));
        assertThat(sections.samples()).isEqualTo(1600);
        assertThat(sections.targets()).isEqualTo(AdaptiveSdeStudy.SECTION_TARGETS);
        // the tier's mechanism on fewer settings, so that the test stays fast
        AdaptiveSdeStudy.Tier small = new AdaptiveSdeStudy.Tier(sections.name(), sections.problems().subList(0, 1), 300,
                List.of(0.1), List.of(20, 80, 320), List.of(0.02, 0.01), 0.2);
        AdaptiveSdeStudy.Result r = AdaptiveSdeStudy.run(List.of(small), SolverRegistry.standard(), 7, 2, line -> { });
        assertThat(r.rows()).hasSize(1 + 2 * 3);
        for (AdaptiveSdeStudy.Row row : r.rows()) {
            if (row.solver().equals("euler-maruyama")) {
                // measured on 300 samples, d = 6: gaps 0.0053 at exact 0.198, at most 0.0019 at exact <= 0.023
                assertThat(row.estimate()).as(row.method() + " " + row.setting()).isCloseTo(row.exact(),
                        Offset.offset(0.003 + 0.05 * row.exact()));
            }
        }
        assertThat(r.problems().get(0).estimateError()).isLessThan(0.01);
        assertThat(AdaptiveSdeStudy.markdown(r)).contains("## " + sections.name(), "### gauss8-vp-linear-d6",
                "targets [0.02, 0.01]");
    }

    @Test
    void aTargetNearWhichTheMeasuredErrorExceedsHalfOfItIsReportedUnresolved() {
        AdaptiveSdeStudy.Tier tier = new AdaptiveSdeStudy.Tier("Tier", Suites.quick().problems(), 10, List.of(0.1),
                List.of(10, 100), List.of(0.1, 0.05, 0.02), 0.1);
        List<AdaptiveSdeStudy.Row> rows = List.of(
                new AdaptiveSdeStudy.Row("p", "gotta-go-fast", AdaptiveSdeStudy.ADAPTIVE, "rtol=0.1", 50, 3, 0.01, 0.01,
                        Double.NaN),
                new AdaptiveSdeStudy.Row("p", "euler-maruyama", "log-snr", "steps=10", 10, 0, 0.5, 0.5, 0.52),
                new AdaptiveSdeStudy.Row("p", "euler-maruyama", "log-snr", "steps=100", 100, 0, 0.04, 0.04, 0.06));
        assertThat(AdaptiveSdeStudy.errorNear(rows, 0.1)).isCloseTo(0.02, Offset.offset(1e-12));
        assertThat(AdaptiveSdeStudy.errorNear(rows, 0.01)).isNaN();
        String md = AdaptiveSdeStudy.markdown(new AdaptiveSdeStudy.Result(rows,
                List.of(new AdaptiveSdeStudy.Problem("p", "title", "Tier", 0.001, 0.03)), List.of(tier)));
        // error 0.02 near 0.1 and near 0.05 (at most half of either): resolved; no row near 0.02: unresolved
        assertThat(md).contains("| p | 0.1000 | 0.02000 | <= 50 | 43 | undecided |",
                "| p | 0.05000 | 0.02000 | <= 50 | 82 | gotta-go-fast |",
                "| p | 0.02000 | NaN | <= 50 | > 100 | unresolved |");
    }

    @Test
    void aTierNeedsSamplesAndSettings() {
        List<ProblemSpec> problems = Suites.quick().problems();
        assertThatThrownBy(() -> new AdaptiveSdeStudy.Tier("t", problems, 9, List.of(0.1), List.of(10), List.of(0.1), 0.2))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.path()).isEqualTo("samples"));
        assertThatThrownBy(() -> new AdaptiveSdeStudy.Tier("t", problems, 10, List.of(), List.of(10), List.of(0.1), 0.2))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.path()).isEqualTo("tier"));
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
