package io.samplerkit.bench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class SamplerKitCliTest {

    @Test
    void versionNamesTheProgram() {
        CliRun r = CliRun.of("--version");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).startsWith("samplerkit ").doesNotContain("${");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "list", "conform", "sample", "report"})
    void everyCommandHasHelp(String command) {
        CliRun r = command.isEmpty() ? CliRun.of("--help") : CliRun.of(command, "--help");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("Usage: samplerkit" + (command.isEmpty() ? "" : " " + command));
    }

    @Test
    void benchWithoutTheBenchmarksJarIsAUsageErrorSayingHowToBuildIt() {
        String before = System.getProperty(BenchJarCommand.JAR_PROPERTY);
        System.setProperty(BenchJarCommand.JAR_PROPERTY, "no/such/samplerkit-bench.jar");
        try {
            CliRun r = CliRun.of("bench", "--help");
            assertThat(r.exit()).isEqualTo(SamplerKitCli.EXIT_USAGE);
            assertThat(r.err()).contains("samplerkit-bench.jar is not built", "./samplerkit bench");
        } finally {
            if (before == null) {
                System.clearProperty(BenchJarCommand.JAR_PROPERTY);
            } else {
                System.setProperty(BenchJarCommand.JAR_PROPERTY, before);
            }
        }
    }

    @Test
    void reportMergeHasHelp() {
        CliRun r = CliRun.of("report", "merge", "--help");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("Usage: samplerkit report merge");
    }

    @Test
    void aUsageErrorIsOneLineNamingWhereTheUsageIsNotTheWholeUsage() {
        for (String[] args : new String[][] {{"sample", "--nope"}, {"sample", "--spec"}, {"report", "--threads"},
            {"conform", "--rtol", "x", "a.json"}, {"report", "merge"}, {"list", "--solvers", "9".repeat(100_000)}}) {
            CliRun r = CliRun.of(args);
            assertThat(r.exit()).as(String.join(" ", args)).isEqualTo(SamplerKitCli.EXIT_USAGE);
            assertThat(r.err().strip()).as(String.join(" ", args)).doesNotContain("\n").doesNotContain("Usage:")
                    .endsWith(" --help')");
            assertThat(r.err().length()).isLessThan(SamplerKitCli.MAX_MESSAGE_CHARS + 100);
        }
    }

    @Test
    void anExceptionNoCommandHandledIsOneLineWithoutATrace() {
        CommandLine cl = SamplerKitCli.commandLine();
        cl.addSubcommand("boom", new CommandLine(new Boom()));
        StringWriter err = new StringWriter();
        cl.setErr(new PrintWriter(err, true));
        cl.setOut(new PrintWriter(new StringWriter(), true));
        assertThat(cl.execute("boom")).isEqualTo(SamplerKitCli.EXIT_FAILURE);
        assertThat(err.toString().strip()).isEqualTo("samplerkit boom: internal error: java.lang.IllegalStateException: "
                + "first line second line");
    }

    @Test
    void aMalformedKernelPropertyIsBadInputNamingTheProperty() {
        String old = System.getProperty("samplerkit.kernel.scanAhead");
        System.setProperty("samplerkit.kernel.scanAhead", "lots");
        try {
            String spec = ExampleSpecTest.repositoryRoot().resolve("docs/examples/sample-ddim.json").toString();
            CliRun r = CliRun.of("sample", "--spec", spec);
            assertThat(r.exit()).isEqualTo(SamplerKitCli.EXIT_USAGE);
            assertThat(r.err().strip()).isEqualTo("samplerkit sample: invalid input: samplerkit.kernel.scanAhead "
                    + "must be an integer >= 0 (a system property), got 'lots'");
            assertThat(r.out()).isEmpty();
        } finally {
            if (old == null) {
                System.clearProperty("samplerkit.kernel.scanAhead");
            } else {
                System.setProperty("samplerkit.kernel.scanAhead", old);
            }
        }
    }

    /** A command with a bug. */
    @CommandLine.Command(name = "boom")
    static final class Boom implements java.util.concurrent.Callable<Integer> {
        @Override
        public Integer call() {
            throw new IllegalStateException("first line\n  second line");
        }
    }

    @Test
    void noCommandIsAUsageError() {
        CliRun r = CliRun.of();
        assertThat(r.exit()).isEqualTo(SamplerKitCli.EXIT_USAGE);
        assertThat(r.err()).contains("Missing required subcommand");
    }

    @Test
    void listShowsEverySolverWithItsOptions() {
        CliRun r = CliRun.of("list");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("ddim  [exponential]").contains("euler  [ode]")
                .contains("eta  double  default 0.0  allowed [0, 1]");
    }

    @Test
    void listJsonIsParseable() throws Exception {
        CliRun r = CliRun.of("list", "--json");
        assertThat(r.exit()).isZero();
        JsonNode all = new ObjectMapper().readTree(r.out());
        assertThat(all.isArray()).isTrue();
        JsonNode ddim = null;
        for (JsonNode s : all) {
            if (s.path("name").asText().equals("ddim")) {
                ddim = s;
            }
        }
        assertThat(ddim).isNotNull();
        assertThat(ddim.path("family").asText()).isEqualTo("exponential");
        assertThat(ddim.path("options").get(0).path("name").asText()).isEqualTo("eta");
        assertThat(ddim.path("options").get(0).path("allowed").asText()).isEqualTo("[0, 1]");
    }
}
