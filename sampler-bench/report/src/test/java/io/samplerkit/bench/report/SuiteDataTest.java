package io.samplerkit.bench.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.samplerkit.solvers.SolverRegistry;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SuiteDataTest {

    @Test
    void suitesRoundTripThroughJson() {
        for (Suite s : List.of(Suites.standard(), Suites.quick())) {
            assertThat(Suites.parse(Suites.toJson(s))).isEqualTo(s);
        }
    }

    @Test
    void solverVariantsParseAndLabelCanonically() {
        SolverVariant v = SolverVariant.parse("dpmpp-2m[order=2,lower-order-final=false]");
        assertThat(v.name()).isEqualTo("dpmpp-2m");
        assertThat(v.options()).isEqualTo(Map.of("order", "2", "lower-order-final", "false"));
        assertThat(v.label()).isEqualTo("dpmpp-2m[lower-order-final=false,order=2]");
        assertThat(SolverVariant.parse(v.label())).isEqualTo(v);
        assertThat(SolverVariant.splitList("ddim, a[x=1,y=2],euler")).containsExactly("ddim", "a[x=1,y=2]", "euler");
        assertThatThrownBy(() -> SolverVariant.parse("ddim[eta]")).hasMessageContaining("key=value");
    }

    @Test
    void planHasStableIdentitiesAndSeeds() {
        Suite s = Suites.quick().withSolvers(List.of("euler", "ddim"));
        List<RunConfig> a = SuitePlan.enumerate(s, SolverRegistry.standard());
        List<RunConfig> b = SuitePlan.enumerate(s.withSolvers(List.of("ddim", "euler")), SolverRegistry.standard());
        assertThat(a).isEqualTo(b);
        assertThat(a).hasSize(2 * s.nfe().size() * s.grids().size());
        assertThat(a.get(0).key()).isEqualTo("gauss8-vp-linear|ddim|logsnr|nfe=5");
        assertThat(Seeds.derive(1, a.get(0).key())).isEqualTo(Seeds.derive(1, a.get(0).key()))
                .isNotEqualTo(Seeds.derive(2, a.get(0).key())).isNotEqualTo(Seeds.derive(1, a.get(1).key()));
        assertThatThrownBy(() -> SuitePlan.enumerate(s.withSolvers(List.of("nope")), SolverRegistry.standard()))
                .hasMessageContaining("nope");
    }

    @Test
    void csvRoundTripsEveryField(@TempDir Path tmp) {
        List<ResultRow> rows = List.of(
                new ResultRow(0, "p", "a[x=1,y=2]", "logsnr", 10, Double.NaN, ResultRow.Status.OK, 10, 10,
                        0.1 + 0.2, Math.PI, Double.MIN_VALUE, 1e-300, 1.5e-6, ""),
                new ResultRow(7, "p", "b", "adaptive", 0, 1e-4, ResultRow.Status.NOT_APPLICABLE, 0, 0, Double.NaN,
                        Double.NaN, Double.NaN, Double.NaN, Double.NaN, "order must be in [1, 3], got \"4\""));
        Path f = tmp.resolve("r.csv");
        Path t = tmp.resolve("t.csv");
        ResultsCsv.write(f, rows);
        ResultsCsv.writeTiming(t, rows);
        assertThat(ResultsCsv.read(f, t)).isEqualTo(rows);
        assertThat(ResultsCsv.read(f)).isEqualTo(rows.stream().map(ResultRow::withoutTiming).toList());
    }

    @Test
    void shardsPartitionTheSuite() {
        assertThat(Shard.parse("2/5")).isEqualTo(new Shard(2, 5));
        assertThatThrownBy(() -> Shard.parse("5/5")).hasMessageContaining("shard index");
        assertThatThrownBy(() -> Shard.parse("1-2")).hasMessageContaining("i/n");
        int count = 0;
        for (int seq = 0; seq < 30; seq++) {
            int owners = 0;
            for (int i = 0; i < 4; i++) {
                owners += new Shard(i, 4).contains(seq) ? 1 : 0;
            }
            assertThat(owners).isEqualTo(1);
            count++;
        }
        assertThat(count).isEqualTo(30);
    }
}
