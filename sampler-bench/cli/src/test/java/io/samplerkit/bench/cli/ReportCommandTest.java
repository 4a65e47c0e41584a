package io.samplerkit.bench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.samplerkit.bench.report.Suites;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReportCommandTest {

    /** A tiny run: the quick suite (one 8-D Gaussian problem, one grid), two solvers, three NFE values. */
    private static String[] tiny(Path out, String... more) {
        String[] base = {"report", "--suite", "quick", "--solvers", "ddim,dpmpp-multistep[order=3,lower-order-final=false]",
            "--nfe", "10,20,40", "--seed", "7", "--out", out.toString()};
        String[] all = new String[base.length + more.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return all;
    }

    @Test
    void reportWritesTheReportFolderWithPlots(@TempDir Path tmp) throws Exception {
        CliRun r = CliRun.of(tiny(tmp, "--threads", "1"));
        assertThat(r.exit()).as(r.err()).isZero();
        // redirected (no console under the test runner): nothing on stdout, plain progress lines on stderr
        // covering every phase, no carriage return, closing with the summary line
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).doesNotContain("\r");
        String[] err = r.err().strip().split("\n");
        assertThat(err[err.length - 1]).contains("6 configurations (6 measured, 0 n/a or failed)");
        for (String phase : new String[] {"running", "analysis", "plots", "writing"}) {
            assertThat(r.err()).contains("report quick: " + phase + " (").contains("report quick: " + phase + " done, ");
        }
        assertThat(r.err()).contains("report quick: running 6/6 100%");
        for (String f : new String[] {"index.html", "summary.md", "results.csv", "timing.csv", "manifest.json",
            "plots/error-gauss8-vp-linear-best.png", "plots/error-gauss8-vp-linear-best.svg",
            "plots/orders-gauss8-vp-linear.svg"}) {
            assertThat(tmp.resolve(f)).isRegularFile();
        }
        assertThat(Files.readString(tmp.resolve("results.csv")))
                .contains("gauss8-vp-linear,\"dpmpp-multistep[lower-order-final=false,order=3]\",logsnr,10,");
    }

    @Test
    void anAdaptiveStochasticSolverWithoutAnExactLawDoesNotBreakThePlots(@TempDir Path tmp) throws Exception {
        // gotta-go-fast has no exact output law (its accepted steps depend on the noise), so its rows carry no error;
        // the adaptive chart must leave it out instead of failing the whole report (it did on the standard suite)
        CliRun r = CliRun.of("report", "--suite", "quick", "--solvers", "gotta-go-fast,dopri5", "--nfe", "10",
                "--seed", "7", "--threads", "1", "--out", tmp.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(tmp.resolve("plots/error-gauss8-vp-linear-adaptive.svg")).isRegularFile();
        assertThat(Files.readString(tmp.resolve("plots/error-gauss8-vp-linear-adaptive.svg")))
                .contains("dopri5").doesNotContain("gotta-go-fast");
    }

    @Test
    void shardsJoinedByReportMergeEqualTheUnshardedRun(@TempDir Path tmp) throws Exception {
        assertThat(CliRun.of(tiny(tmp.resolve("one"), "--no-plots")).exit()).isZero();
        assertThat(CliRun.of(tiny(tmp.resolve("s0"), "--shard", "0/2", "--threads", "1")).exit()).isZero();
        assertThat(CliRun.of(tiny(tmp.resolve("s1"), "--shard", "1/2")).exit()).isZero();
        assertThat(tmp.resolve("s0/index.html")).doesNotExist();

        CliRun merge = CliRun.of("report", "merge", "--no-plots", "--out", tmp.resolve("merged").toString(),
                tmp.resolve("s1").toString(), tmp.resolve("s0").toString());
        assertThat(merge.exit()).as(merge.err()).isZero();
        assertThat(merge.out()).isEmpty();
        assertThat(merge.err()).doesNotContain("\r").contains("report merge: writing done, 1/1");
        String[] err = merge.err().strip().split("\n");
        assertThat(err[err.length - 1]).startsWith("merged 2 shard(s), 6 configurations");
        // results.csv holds every deterministic column (timing is in timing.csv): byte-identical
        assertThat(Files.readString(tmp.resolve("merged/results.csv")))
                .isEqualTo(Files.readString(tmp.resolve("one/results.csv")));
        assertThat(tmp.resolve("merged/index.html")).isRegularFile();
    }

    @Test
    void aSuiteFileRuns(@TempDir Path tmp) throws Exception {
        Path suite = tmp.resolve("suite.json");
        Files.writeString(suite, Suites.toJson(Suites.quick()));
        CliRun r = CliRun.of("report", "--suite", suite.toString(), "--solvers", "ddim", "--nfe", "5",
                "--no-plots", "--out", tmp.resolve("out").toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(tmp.resolve("out/summary.md")).isRegularFile();
    }

    @TempDir
    Path unused;

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiterString = " :: ", value = {
        "--nfe :: 5,0 :: '5,0'; allowed: comma-separated integers in [1, 100000]",
        "--nfe :: five :: allowed: comma-separated integers",
        "--solvers :: ddim,nope :: 'nope'; allowed: solver must be one of",
        "--solvers :: ddim[eta=7] :: 'ddim[eta=7]'; allowed: options.eta must be a number in [0, 1], got 7",
        "--solvers :: ddim[eta=0 :: allowed: solver names or name[key=value,...]",
        "--solvers :: ddim[churn=1] :: options.churn must be an option of solver ddim",
        "--shard :: 2/2 :: '2/2'; allowed: i/n with integers 0 <= i < n",
        "--shard :: half :: 'half'; allowed: i/n",
        "--suite :: nosuch :: 'nosuch'; allowed: standard|quick|networks or a readable suite JSON file",
        "--threads :: 0 :: '0'; allowed: an integer in [1, 1024]",
        "--seed :: x :: Invalid value for option '--seed'"})
    void badArgumentsExitWithTwoNamingOptionValueAndWhatIsAllowed(String option, String value, String message) {
        // every check happens before anything runs (the default suite would take minutes)
        CliRun r = CliRun.of("report", option, value, "--out", unused.toString());
        assertThat(r.exit()).isEqualTo(SamplerKitCli.EXIT_USAGE);
        assertThat(r.err()).contains("Invalid value for option '" + option + "'").contains(message);
        assertThat(unused.resolve("results.csv")).doesNotExist();
    }

    @Test
    void anOutThatIsAFileOrEmptyOrAForeignFolderIsRefusedBeforeTheRun(@TempDir Path tmp) throws Exception {
        Path file = Files.writeString(tmp.resolve("not-a-folder"), "x");
        Path foreign = Files.createDirectories(tmp.resolve("foreign"));
        Files.writeString(foreign.resolve("notes.txt"), "keep me");
        for (String[] args : new String[][] {tiny(file, "--no-plots"), tiny(Path.of(""), "--no-plots"),
            tiny(foreign, "--no-plots")}) {
            CliRun r = CliRun.of(args);
            assertThat(r.exit()).as(r.err()).isEqualTo(SamplerKitCli.EXIT_USAGE);
            assertThat(r.err()).contains("Invalid value for option '--out'").doesNotContain("\tat ");
            assertThat(r.out()).as("nothing run").isEmpty();
        }
        assertThat(Files.readString(foreign.resolve("notes.txt"))).isEqualTo("keep me");
        CliRun forced = CliRun.of(tiny(foreign, "--no-plots", "--force"));
        assertThat(forced.exit()).as(forced.err()).isZero();
        assertThat(foreign.resolve("results.csv")).isRegularFile();
        assertThat(Files.readString(foreign.resolve("notes.txt"))).as("files a report never writes are kept")
                .isEqualTo("keep me");
    }

    @Test
    void aReportReplacesTheWholeFolderSoNoStalePlotsRemain(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("r");
        assertThat(CliRun.of(tiny(out, "--threads", "1")).exit()).isZero();
        assertThat(out.resolve("plots")).isDirectory();
        assertThat(CliRun.of(tiny(out, "--no-plots")).exit()).isZero();
        assertThat(out.resolve("plots")).doesNotExist();
        assertThat(out.resolve("index.html")).isRegularFile();
        try (var siblings = Files.list(tmp)) {
            assertThat(siblings.map(p -> p.getFileName().toString()).toList()).containsExactly("r");
        }
    }

    @Test
    void mergeOfAFolderThatIsNotAShardIsAUsageError(@TempDir Path tmp) throws Exception {
        Path notAShard = Files.createDirectories(tmp.resolve("in"));
        CliRun r = CliRun.of("report", "merge", "--out", tmp.resolve("m").toString(), notAShard.toString());
        assertThat(r.exit()).isEqualTo(SamplerKitCli.EXIT_USAGE);
        assertThat(r.err()).contains("must contain manifest.json and results.csv");
    }

    /** A shard whose manifest or results are damaged: exit 2 with one line naming the file, nothing written. */
    @Test
    void mergeOfADamagedShardIsAUsageErrorNamingTheFile(@TempDir Path tmp) throws Exception {
        for (String[] shard : new String[][] {{"s0", "0/2"}, {"s1", "1/2"}}) {
            assertThat(CliRun.of(tiny(tmp.resolve(shard[0]), "--shard", shard[1], "--no-plots")).exit()).isZero();
        }
        Path manifest = tmp.resolve("s0/manifest.json");
        Path results = tmp.resolve("s0/results.csv");
        String goodManifest = Files.readString(manifest);
        String goodResults = Files.readString(results);
        String[][] damage = {
            {"manifest.json", "garbage", "manifest.json"},
            {"manifest.json", goodManifest.replace("\"seed\" : 7", "\"seed\" : null"), "seed must be a value"},
            {"manifest.json", goodManifest.replaceFirst("\\{", "{\"extra\": 1, "), "extra"},
            {"results.csv", goodResults.replaceFirst("\n0,", "\nx,"), "results.csv:2 must be a row of integers"},
            {"results.csv", goodResults.replaceFirst(",ok,10,", ",ok,ten,"), "results.csv:2 must be a row of integers"},
        };
        for (String[] d : damage) {
            Files.writeString(manifest, goodManifest);
            Files.writeString(results, goodResults);
            Files.writeString(tmp.resolve("s0").resolve(d[0]), d[1]);
            CliRun r = CliRun.of("report", "merge", "--no-plots", "--out", tmp.resolve("m").toString(),
                    tmp.resolve("s0").toString(), tmp.resolve("s1").toString());
            assertThat(r.exit()).as("%s: %s", d[2], r.err()).isEqualTo(SamplerKitCli.EXIT_USAGE);
            assertThat(r.err()).as(d[2]).contains(d[2]).doesNotContain("\tat ").doesNotContain("For input string");
            assertThat(r.err().strip()).as(d[2]).doesNotContain("\n");
            assertThat(tmp.resolve("m")).doesNotExist();
        }
    }

    @Test
    void mergeRefusesAnythingButOneCompleteDisjointSplitOfOneRun(@TempDir Path tmp) throws Exception {
        for (String[] shard : new String[][] {{"s0", "0/2"}, {"s1", "1/2"}, {"t1", "1/3"}}) {
            assertThat(CliRun.of(tiny(tmp.resolve(shard[0]), "--shard", shard[1])).exit()).isZero();
        }
        String[] otherNfe = {"report", "--suite", "quick", "--solvers", "ddim,dpmpp-multistep[order=3,lower-order-final=false]",
            "--nfe", "10,20", "--seed", "7", "--out", tmp.resolve("n1").toString(), "--shard", "1/2"};
        assertThat(CliRun.of(otherNfe).exit()).isZero();
        String s0 = tmp.resolve("s0").toString();
        String s1 = tmp.resolve("s1").toString();
        String out = tmp.resolve("m").toString();
        Object[][] bad = {
            {new String[] {s0}, "shard 1/2 is missing"},
            {new String[] {s0, s0}, "shard 0/2 is given twice"},
            {new String[] {s0, tmp.resolve("t1").toString()}, "different splits"},
            {new String[] {s0, tmp.resolve("n1").toString()}, "NFE list [10, 20, 40] vs [10, 20]"},
        };
        for (Object[] b : bad) {
            String[] shards = (String[]) b[0];
            String[] args = new String[4 + shards.length];
            args[0] = "report";
            args[1] = "merge";
            args[2] = "--out";
            args[3] = out;
            System.arraycopy(shards, 0, args, 4, shards.length);
            CliRun r = CliRun.of(args);
            assertThat(r.exit()).as("%s: %s", b[1], r.err()).isEqualTo(SamplerKitCli.EXIT_USAGE);
            assertThat(r.err()).contains((String) b[1]).doesNotContain("\tat ");
        }
        assertThat(tmp.resolve("m")).doesNotExist();
        String before = Files.readString(tmp.resolve("s0/results.csv"));
        CliRun intoShard = CliRun.of("report", "merge", "--out", s0, s0, s1);
        assertThat(intoShard.exit()).isEqualTo(SamplerKitCli.EXIT_USAGE);
        assertThat(intoShard.err()).contains("input folder");
        assertThat(Files.readString(tmp.resolve("s0/results.csv"))).isEqualTo(before);
        Path file = Files.writeString(tmp.resolve("file"), "x");
        CliRun intoFile = CliRun.of("report", "merge", "--out", file.toString(), s0, s1);
        assertThat(intoFile.exit()).isEqualTo(SamplerKitCli.EXIT_USAGE);
        assertThat(intoFile.err()).contains("is a file").doesNotContain("\tat ");
    }
}
