package io.samplerkit.bench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A SIGTERM while a report is being written, in a real child JVM: the child runs {@code report} over a folder
 * that holds an earlier report and is sent SIGTERM ({@link ProcessHandle#destroy()}) as soon as it announces its
 * plots or writing phase (both write into the temporary sibling). Afterwards the folder must hold exactly the
 * earlier report, byte for byte (or, if the child finished before the signal arrived, exactly a complete new
 * one), and no temporary sibling may be left.
 */
class ReportSigtermTest {

    @Test
    void aSigtermDuringTheWritePhaseLeavesTheEarlierReportIntact(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("r");
        CliRun first = CliRun.of(args(out, "7"));
        assertThat(first.exit()).as(first.err()).isZero();
        Map<String, String> before = contents(out);

        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        String[] cli = args(out, "8");
        String[] command = new String[cli.length + 4];
        command[0] = java;
        command[1] = "-cp";
        command[2] = cp.replace(File.pathSeparator + File.pathSeparator, File.pathSeparator);
        command[3] = SamplerKitCli.class.getName();
        System.arraycopy(cli, 0, command, 4, cli.length);
        Process child = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        String signalledAt = null;
        try (BufferedReader err = new BufferedReader(new InputStreamReader(child.getErrorStream(),
                StandardCharsets.UTF_8))) {
            for (String line = err.readLine(); line != null; line = err.readLine()) {
                if (signalledAt == null && (line.contains(": plots (") || line.contains(": writing ("))) {
                    signalledAt = line;
                    child.toHandle().destroy(); // SIGTERM; unlike Process.destroy() it leaves the pipes open
                }
            }
        }
        assertThat(child.waitFor(120, TimeUnit.SECONDS)).isTrue();
        int exit = child.exitValue();
        System.out.printf("SIGTERM at '%s': child exit %d%n", signalledAt, exit);
        assertThat(signalledAt).as("the child reached its write phase").isNotNull();
        try (Stream<Path> siblings = Files.list(tmp)) {
            assertThat(siblings.map(p -> p.getFileName().toString()).toList()).as("no temporary sibling left")
                    .containsExactly("r");
        }
        if (exit == 0) {
            // the child finished before the signal arrived: a complete new report, nothing of the old one
            assertThat(contents(out).keySet()).isEqualTo(before.keySet());
            assertThat(contents(out)).isNotEqualTo(before);
        } else {
            assertThat(exit).as("killed by SIGTERM").isEqualTo(128 + 15);
            assertThat(contents(out)).as("the earlier report, byte for byte").isEqualTo(before);
        }
    }

    private static String[] args(Path out, String seed) {
        return new String[] {"report", "--suite", "quick", "--solvers", "ddim,dpmpp-2m", "--nfe", "10,20,40",
            "--seed", seed, "--threads", "1", "--out", out.toString()};
    }

    private static Map<String, String> contents(Path folder) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(folder)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                out.put(folder.relativize(p).toString(), new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1));
            }
        }
        return out;
    }
}
