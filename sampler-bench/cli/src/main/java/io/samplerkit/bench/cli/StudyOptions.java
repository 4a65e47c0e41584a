package io.samplerkit.bench.cli;

import io.samplerkit.bench.report.ReportConfig;
import io.samplerkit.bench.report.Suite;
import io.samplerkit.bench.report.Suites;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.function.Consumer;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * The options of a study written next to a report ({@code report calibrated}, {@code report adaptive-sde}),
 * declared once as a picocli mixin: the suite, the report folder, the master seed and the worker threads, with their
 * checks (exit code 2 before anything runs) and the study's progress lines on standard error.
 */
final class StudyOptions {

    @Option(names = "--suite", paramLabel = "standard|quick|FILE.json", defaultValue = "standard",
            description = "The suite (the one the report in --out was made from; default: ${DEFAULT-VALUE}).")
    private String suiteName;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "report",
            description = "The report folder (default: ${DEFAULT-VALUE}).")
    private Path out;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "" + ReportConfig.DEFAULT_SEED,
            description = "The master seed (default: ${DEFAULT-VALUE}).")
    private long seed;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "2", description = "Worker threads.")
    private int threads;

    /** @return the report folder, as given */
    Path out() {
        return out;
    }

    /** @return the master seed */
    long seed() {
        return seed;
    }

    /**
     * @param cl the command line, for the error
     * @return the worker threads, checked to lie in [1, 256]
     * @throws CommandLine.ParameterException naming {@code --threads} otherwise
     */
    int threads(CommandLine cl) {
        CliArgs.intIn(cl, "--threads", threads, 1, 256);
        return threads;
    }

    /**
     * @param cl the command line, for the error
     * @return the suite named by {@code --suite}
     * @throws CommandLine.ParameterException naming {@code --suite} if it is neither a built-in name nor a readable
     *     suite file
     */
    Suite suite(CommandLine cl) {
        try {
            return Suites.resolve(suiteName);
        } catch (IllegalArgumentException e) {
            throw CliArgs.invalid(cl, "--suite", suiteName, e.getMessage());
        }
    }

    /**
     * @param cl the command line whose standard error receives the lines
     * @return a thread-safe consumer printing each progress line on standard error
     */
    static Consumer<String> progress(CommandLine cl) {
        PrintWriter stderr = cl.getErr();
        return line -> {
            synchronized (stderr) {
                stderr.println(line);
                stderr.flush();
            }
        };
    }
}
