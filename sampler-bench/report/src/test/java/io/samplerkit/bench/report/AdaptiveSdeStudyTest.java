package io.samplerkit.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.samplerkit.solvers.SolverRegistry;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The adaptive-SDE section: its paired estimate agrees with Euler–Maruyama's exact law (the check the section
 * offers its reader), and the comparison names the solver that needs fewer NFE.
 */
class AdaptiveSdeStudyTest {

    @Test
    void pairedEstimateTracksTheExactLawOnTheQuickSuite() {
        List<String> log = new ArrayList<>();
        AdaptiveSdeStudy.Result r = AdaptiveSdeStudy.run(Suites.resolve("quick"), SolverRegistry.standard(), 7, 300, 2,
                log::add);
        assertThat(r.floors()).hasSize(1);
        assertThat(log).hasSize(AdaptiveSdeStudy.RTOLS.size() + AdaptiveSdeStudy.EM_STEPS.size());
        for (AdaptiveSdeStudy.Row row : r.rows()) {
            if (row.solver().equals("euler-maruyama")) {
                // measured on 300 samples: within 0.012 + 25% of the exact distance (the reference's own
                // exact distance, about 2e-3, and sampling noise account for the rest)
                assertThat(row.paired()).as(row.setting()).isCloseTo(row.exact(),
                        org.assertj.core.data.Offset.offset(0.012 + 0.25 * row.exact()));
                assertThat(row.nfe()).isEqualTo(Double.parseDouble(row.setting().substring("steps=".length())));
            } else {
                assertThat(row.exact()).isNaN();
                assertThat(row.nfe()).isGreaterThan(2);
            }
        }
        assertThat(AdaptiveSdeStudy.markdown(r)).contains("## gauss8-vp-linear", "Direct estimator floor");
    }

    @Test
    void comparisonNamesTheSolverWithFewerNfe() {
        AdaptiveSdeStudy.Result r = new AdaptiveSdeStudy.Result(List.of(
                new AdaptiveSdeStudy.Row("p", "gotta-go-fast", "rtol=0.1", 50, 0.2, 0.05, Double.NaN),
                new AdaptiveSdeStudy.Row("p", "gotta-go-fast", "rtol=0.01", 300, 0.2, 0.01, Double.NaN),
                new AdaptiveSdeStudy.Row("p", "euler-maruyama", "steps=40", 40, 0.2, 0.06, 0.06),
                new AdaptiveSdeStudy.Row("p", "euler-maruyama", "steps=80", 80, 0.2, 0.04, 0.04),
                new AdaptiveSdeStudy.Row("p", "euler-maruyama", "steps=640", 640, 0.2, 0.005, 0.005)),
                List.of(new AdaptiveSdeStudy.Floor("p", 0.1, 0.12, 1e-3)), 100);
        String md = AdaptiveSdeStudy.markdown(r);
        assertThat(md).contains("| steps=40 (40 NFE) | 0.06000 | 50.0 | euler-maruyama |")
                .contains("| steps=80 (80 NFE) | 0.04000 | 300.0 | euler-maruyama |")
                .contains("| steps=640 (640 NFE) | 0.005000 | - | euler-maruyama |");
        r = new AdaptiveSdeStudy.Result(List.of(
                new AdaptiveSdeStudy.Row("p", "gotta-go-fast", "rtol=0.1", 50, 0.2, 0.05, Double.NaN),
                new AdaptiveSdeStudy.Row("p", "euler-maruyama", "steps=80", 80, 0.2, 0.05, 0.05)),
                List.of(new AdaptiveSdeStudy.Floor("p", 0.1, 0.12, 1e-3)), 100);
        assertThat(AdaptiveSdeStudy.markdown(r)).contains("| steps=80 (80 NFE) | 0.05000 | 50.0 | gotta-go-fast |");
    }
}
