package io.samplerkit.bench.jmh;

import static org.assertj.core.api.Assertions.assertThat;

import io.samplerkit.bench.cli.SamplerKitCli;
import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Argument checking only: running JMH belongs to {@code samplerkit bench} itself, not to unit tests. */
class BenchCommandTest {

    @Test
    void helpNamesTheCommandAsTheCommandLineDoes() {
        StringWriter out = new StringWriter();
        CommandLine cl = BenchCommand.commandLine();
        cl.setOut(new PrintWriter(out, true));
        assertThat(cl.execute("--help")).isZero();
        assertThat(out.toString()).contains("Usage: samplerkit bench", "--full", "--solvers", "--threads");
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', value = {
        "--dims|1000,0|'1000,0'; allowed: comma-separated integers in [1, 100000000]",
        "--batches|4,x|'4,x'; allowed: comma-separated integers in [1, 100000]",
        "--batches|100000|batch * batchSweepDim must be <= 1e8",
        "--threads|1,0|'1,0'; allowed: comma-separated integers in [1, 256]",
        "--solvers|dpmpp-3m,unipc-bh2[order=9]|options.order must be an integer in [1, 3], got 9",
        "--solvers|nope|'nope'; allowed: solver must be one of"})
    void badArgumentsExitWithTwo(String option, String value, String message) {
        StringWriter err = new StringWriter();
        CommandLine cl = BenchCommand.commandLine();
        cl.setOut(new PrintWriter(new StringWriter(), true));
        cl.setErr(new PrintWriter(err, true));
        assertThat(cl.execute(option, value)).isEqualTo(SamplerKitCli.EXIT_USAGE);
        assertThat(err.toString()).contains("Invalid value for option '" + option + "'").contains(message);
    }
}
