package io.samplerkit.bench.cli;

import io.samplerkit.core.kernel.SoundnessScan;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/**
 * {@code samplerkit bench}: hands every argument over to the benchmarks jar ({@value #JAR_NAME}, module
 * {@code sampler-jmh}) in a child JVM and returns its exit code. The command line does not carry JMH;
 * the benchmarks jar is built next to it and is not published. The jar is the one named by the system
 * property {@value #JAR_PROPERTY} (the {@code ./samplerkit} launcher sets it after building the jar), else
 * {@code jmh/target/}{@value #JAR_NAME} beside the module folder of this jar. A missing jar is a usage error
 * (exit {@value SamplerKitCli#EXIT_USAGE}) that says how to build it.
 */
@Command(name = "bench", helpCommand = false,
        description = {"Time one solver step and the fused kernels with JMH (runs the benchmarks jar; "
                + "'samplerkit bench --help' lists its options)."})
final class BenchJarCommand implements Callable<Integer> {

    /** System property naming the benchmarks jar. */
    static final String JAR_PROPERTY = "samplerkit.bench.jar";

    /** File name of the benchmarks jar. */
    static final String JAR_NAME = "samplerkit-bench.jar";

    @Spec
    private CommandSpec spec;

    @Unmatched
    private List<String> args = new ArrayList<>();

    @Override
    public Integer call() throws IOException, InterruptedException {
        CommandLine cl = spec.commandLine();
        Optional<Path> jar = benchJar();
        if (jar.isEmpty()) {
            cl.getErr().println("samplerkit bench: the benchmarks jar " + JAR_NAME + " is not built; run "
                    + "./samplerkit bench (it builds the jar) or ./mvnw -B -q -DskipTests package -pl sampler-bench/jmh -am, "
                    + "or name the jar with -D" + JAR_PROPERTY + "=PATH");
            cl.getErr().flush();
            return SamplerKitCli.EXIT_USAGE;
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(vectorScanArguments());
        command.add("-jar");
        command.add(jar.get().toString());
        command.addAll(args);
        return new ProcessBuilder(command).inheritIO().start().waitFor();
    }

    /**
     * @return the JVM arguments that give the benchmarks JVM (and JMH's forks, which inherit them) the guard scan of
     *     this JVM: the Vector API module when it is resolved here, and {@code -Dsamplerkit.kernel.vector} when set
     */
    static List<String> vectorScanArguments() {
        List<String> a = new ArrayList<>();
        if (ModuleLayer.boot().findModule(SoundnessScan.VECTOR_MODULE).isPresent()) {
            a.add("--add-modules");
            a.add(SoundnessScan.VECTOR_MODULE);
        }
        String vector = System.getProperty(SoundnessScan.VECTOR_PROPERTY);
        if (vector != null) {
            a.add("-D" + SoundnessScan.VECTOR_PROPERTY + "=" + vector);
        }
        return a;
    }

    /** @return the benchmarks jar if it exists */
    static Optional<Path> benchJar() {
        String named = System.getProperty(JAR_PROPERTY);
        if (named != null && !named.isBlank()) {
            Path p = Path.of(named);
            return Files.isRegularFile(p) ? Optional.of(p) : Optional.empty();
        }
        try {
            // this class sits in cli/target/samplerkit.jar (or cli/target/classes); jmh/ is a sibling of cli/
            Path modules = Path.of(BenchJarCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                    .toAbsolutePath().getParent().getParent().getParent();
            Path p = modules.resolve("jmh").resolve("target").resolve(JAR_NAME);
            return Files.isRegularFile(p) ? Optional.of(p) : Optional.empty();
        } catch (URISyntaxException | SecurityException e) {
            return Optional.empty();
        }
    }
}
