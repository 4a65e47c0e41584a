package io.samplerkit.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.samplerkit.solvers.SolverRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportRunnerTest {

    private static final List<String> SOLVERS = List.of("ddim", "euler", "ddim[eta=1]", "ddim[eta=2]");

    private static ReportConfig config(Path out) {
        return ReportConfig.of(Suites.quick()).withSolvers(SOLVERS).withOutDir(out).withSeed(42);
    }

    @Test
    void shardsMergedEqualOneRunWhateverTheThreads(@TempDir Path tmp) {
        ReportResult one = ReportRunner.run(config(tmp.resolve("one")).withThreads(2).withPlots(false), Progress.silent());
        ReportRunner.run(config(tmp.resolve("s0")).withShard(new Shard(0, 3)).withThreads(1), Progress.silent());
        ReportRunner.run(config(tmp.resolve("s1")).withShard(new Shard(1, 3)).withThreads(2), Progress.silent());
        ReportRunner.run(config(tmp.resolve("s2")).withShard(new Shard(2, 3)).withThreads(1), Progress.silent());
        ReportResult merged = ReportMerger.merge(List.of(tmp.resolve("s2"), tmp.resolve("s0"), tmp.resolve("s1")),
                tmp.resolve("merged"), SolverRegistry.standard(), Progress.silent(), false);

        assertThat(merged.rows()).hasSameSizeAs(one.rows());
        assertThat(merged.rows().stream().map(ResultRow::withoutTiming).toList())
                .isEqualTo(one.rows().stream().map(ResultRow::withoutTiming).toList());
        assertThat(merged.analysis().orders()).isEqualTo(one.analysis().orders());
        assertThat(merged.manifest().shards()).containsExactly("0/3", "1/3", "2/3");
        assertThat(merged.manifest().configs()).isEqualTo(one.manifest().totalConfigs());
        for (String f : one.files()) {
            assertThat(tmp.resolve("merged").resolve(f)).isRegularFile();
        }
    }

    @Test
    void writesEveryOutputAndRecordsRejectionsAsNotApplicable(@TempDir Path tmp) throws Exception {
        Files.createDirectories(tmp.resolve("plots"));
        Files.writeString(tmp.resolve("plots/error-stale.svg"), "<svg/>");
        Files.writeString(tmp.resolve("plots/notes.txt"), "mine");
        ReportResult r = ReportRunner.run(config(tmp), Progress.silent());
        assertThat(tmp.resolve("plots/error-stale.svg")).doesNotExist();
        assertThat(tmp.resolve("plots/notes.txt")).exists();
        assertThat(r.files()).contains("results.csv", "timing.csv", "manifest.json", "summary.md", "index.html");
        assertThat(r.files()).anyMatch(f -> f.startsWith("plots/error-") && f.endsWith(".png"))
                .anyMatch(f -> f.startsWith("plots/error-") && f.endsWith(".svg"))
                .anyMatch(f -> f.startsWith("plots/orders-"));
        String html = Files.readString(tmp.resolve("index.html"));
        // plots inlined as SVG with text as text; PNG and SVG files linked
        assertThat(html).contains("<svg xmlns=", "<text ", "href=\"plots/error-gauss8-vp-linear-best.png\"")
                .doesNotContain("base64").doesNotContain("src=\"plots/");
        assertThat(ResultsCsv.read(tmp.resolve("results.csv"), tmp.resolve("timing.csv")))
                .filteredOn(x -> x.status() == ResultRow.Status.OK).allMatch(x -> x.secondsPerStep() > 0);

        List<ResultRow> rows = ResultsCsv.read(tmp.resolve("results.csv"));
        assertThat(rows.stream().map(ResultRow::withoutTiming).toList())
                .isEqualTo(r.rows().stream().map(ResultRow::withoutTiming).toList());
        assertThat(rows).filteredOn(x -> x.solver().equals("ddim[eta=2]"))
                .allMatch(x -> x.status() == ResultRow.Status.NOT_APPLICABLE && x.note().contains("eta"));
        assertThat(rows).filteredOn(x -> x.solver().equals("ddim[eta=1]"))
                .allMatch(x -> x.status() == ResultRow.Status.NOT_APPLICABLE && x.note().contains("stochastic"));
        assertThat(rows).filteredOn(x -> x.solver().equals("ddim"))
                .allMatch(x -> x.status() == ResultRow.Status.OK && x.nfe() == x.targetNfe()
                        && x.fd() > 0 && x.fdExact() > 0 && x.rmse() > 0);
        OrderFit ddim = r.analysis().orders().get("ddim@logsnr").get("gauss8-vp-linear");
        assertThat(ddim.order()).isBetween(0.85, 1.15);
        assertThat(RunManifest.read(tmp.resolve("manifest.json")).suite()).isEqualTo(r.manifest().suite());
    }

    @Test
    void errorToTheExactSolutionAndItsLawShrinkTogether(@TempDir Path tmp) {
        ReportResult r = ReportRunner.run(config(tmp).withSolvers(List.of("ddim")).withPlots(false), Progress.silent());
        List<ResultRow> rows = r.rows();
        for (int i = 1; i < rows.size(); i++) {
            assertThat(rows.get(i).rmse()).isLessThan(rows.get(i - 1).rmse());
            assertThat(rows.get(i).fdExact()).isLessThan(rows.get(i - 1).fdExact());
        }
    }
}
