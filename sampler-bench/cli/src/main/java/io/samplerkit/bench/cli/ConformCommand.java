package io.samplerkit.bench.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.samplerkit.bench.conform.CaseStatus;
import io.samplerkit.bench.conform.CaseTranslators;
import io.samplerkit.bench.conform.ConformanceRunner;
import io.samplerkit.bench.conform.ConformanceSummary;
import io.samplerkit.bench.conform.ConvergenceRunner;
import io.samplerkit.bench.conform.ReferenceCase;
import io.samplerkit.bench.conform.VariantResult;
import io.samplerkit.bench.spec.AtomicFiles;
import io.samplerkit.core.Checks;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code samplerkit conform PATH...}: runs reference cases and judges them. */
@Command(name = "conform", mixinStandardHelpOptions = true,
        description = {"Run reference conformance cases (files or folders, recursively).",
            "Prints one line per case: PASS|FAIL|SKIP|ERROR|UNREADABLE <id> <max-abs-err> <nfe> [reason],",
            "then 'N passed, N failed, N skipped[, N errors (cannot be judged)]'. A case passes when, row by row,",
            "max|ours - expected| <= rtol * max(1, max|expected row|) and our NFE equals the reference's.",
            "A case that cannot be judged (no or non-finite expected, missing or invalid nfe, no schedule) is",
            "ERROR; a file that is not a JSON object is UNREADABLE.",
            "With --convergence, then also every case's convergence_check variants (the case re-run with",
            "each step count or tolerance pair): one line per variant",
            "PASS|FAIL|SKIP <id>@<value> <|err - ref err|> <nfe> [reason], then",
            "'convergence: N passed, N failed, N skipped'. A variant passes when our Frobenius error",
            "against the exact PF-ODE solution equals the reference's to 1e-9 * max(1, |exact| + ref err)",
            "and our NFE equals the reference's.",
            "Exit code 1 if any case (or variant) failed, was an ERROR or was skipped (unless --allow-skips);",
            "2 for bad arguments, an unreadable case file, no case files, or an --out that cannot be written",
            "(checked before anything runs)."})
final class ConformCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "PATH", description = "Case files or folders of cases.")
    private List<Path> paths;

    @Option(names = "--rtol", paramLabel = "R", defaultValue = "1e-10",
            description = "Relative tolerance (default: ${DEFAULT-VALUE}).")
    private double rtol;

    @Option(names = "--out", paramLabel = "FILE",
            description = "Write every case's output, NFE, error and status as JSON.")
    private Path out;

    @Option(names = {"-v", "--verbose"}, description = "Also print how each case was mapped.")
    private boolean verbose;

    @Option(names = "--allow-skips",
            description = "Accept SKIP (cases or variants no translator maps): exit 0 when nothing else failed.")
    private boolean allowSkips;

    @Option(names = "--convergence",
            description = "Also run each case's convergence_check variants (not written to --out).")
    private boolean convergence;

    @Override
    public Integer call() throws Exception {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter stderr = spec.commandLine().getErr();
        if (!(rtol > 0 && rtol < Double.POSITIVE_INFINITY)) {
            stderr.println("--rtol must be in (0, inf), got " + rtol);
            stderr.flush();
            return SamplerKitCli.EXIT_USAGE;
        }
        if (out != null) {
            String why = OutputFiles.whyNotWritable(out);
            if (why != null) {
                stderr.println("--out " + out + ": " + why);
                stderr.flush();
                return SamplerKitCli.EXIT_USAGE;
            }
        }
        ConformanceRunner runner = new ConformanceRunner(CaseTranslators.all(), rtol);
        ConformanceSummary summary;
        try {
            if (ConformanceRunner.collectCases(paths).isEmpty()) {
                stderr.println("no case files (*.json other than index.json, outside schedules/) under " + paths);
                stderr.flush();
                return SamplerKitCli.EXIT_USAGE;
            }
            summary = runner.runAll(paths, r -> {
                stdout.println(r.line());
                if (verbose && !r.note().isEmpty()) {
                    stdout.println("    " + r.note());
                }
                stdout.flush();
            });
        } catch (IllegalArgumentException e) {
            stderr.println(e.getMessage());
            stderr.flush();
            return SamplerKitCli.EXIT_USAGE;
        }
        stdout.println(summary.line());
        stdout.flush();
        if (out != null) {
            try {
                AtomicFiles.write(out, new ObjectMapper().writerWithDefaultPrettyPrinter()
                        .writeValueAsBytes(summary.toJson()));
            } catch (IOException e) {
                stderr.println("--out " + out + ": cannot write: " + e.getMessage());
                stderr.flush();
                return SamplerKitCli.EXIT_USAGE;
            }
        }
        boolean variantsOk = !convergence || runVariants(runner, stdout);
        if (summary.count(CaseStatus.UNREADABLE) > 0) {
            return SamplerKitCli.EXIT_USAGE;
        }
        return summary.ok(allowSkips) && variantsOk ? 0 : SamplerKitCli.EXIT_FAILURE;
    }

    /** Prints every variant's line and the count line; returns whether none failed. */
    private boolean runVariants(ConformanceRunner runner, PrintWriter stdout) {
        ConvergenceRunner variants = new ConvergenceRunner(runner, ConvergenceRunner.DEFAULT_RTOL);
        Map<CaseStatus, Integer> counts = new EnumMap<>(CaseStatus.class);
        for (Path file : ConformanceRunner.collectCases(paths)) {
            ReferenceCase base;
            try {
                base = ReferenceCase.load(file);
            } catch (RuntimeException e) {
                continue; // already reported as FAIL by the case run
            }
            List<VariantResult> results;
            try {
                results = variants.runAll(base);
            } catch (IllegalArgumentException e) {
                stdout.println("FAIL " + base.id() + "@- - - malformed convergence_check: " + e.getMessage());
                counts.merge(CaseStatus.FAIL, 1, Integer::sum);
                continue;
            }
            for (VariantResult r : results) {
                stdout.println(r.line());
                if (verbose && !r.note().isEmpty()) {
                    stdout.println("    " + r.note());
                }
                counts.merge(r.status(), 1, Integer::sum);
            }
            stdout.flush();
        }
        stdout.println(Checks.format("convergence: %d passed, %d failed, %d skipped",
                counts.getOrDefault(CaseStatus.PASS, 0), counts.getOrDefault(CaseStatus.FAIL, 0),
                counts.getOrDefault(CaseStatus.SKIP, 0)));
        stdout.flush();
        return counts.getOrDefault(CaseStatus.FAIL, 0) == 0 && (allowSkips || counts.getOrDefault(CaseStatus.SKIP, 0) == 0);
    }
}
