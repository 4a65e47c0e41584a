package io.samplerkit.bench.cli;

import io.samplerkit.bench.report.AdaptiveSdeStudy;
import io.samplerkit.bench.report.Suite;
import io.samplerkit.solvers.SolverRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code samplerkit report adaptive-sde --out DIR}: the report's section "adaptive SDE" ({@link AdaptiveSdeStudy}),
 * written as {@code DIR/adaptive-sde.md} next to a report.
 */
@Command(name = "adaptive-sde", mixinStandardHelpOptions = true,
        description = {"Compare gotta-go-fast with euler-maruyama at equal sampled Frechet distance on every Gaussian "
                + "problem of the suite and on its low-dimensional section.", "Writes DIR/adaptive-sde.md. Exit code 2 on bad arguments."})
final class ReportAdaptiveSdeCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private StudyOptions study;

    @Option(names = "--samples", paramLabel = "N", defaultValue = "" + AdaptiveSdeStudy.DEFAULT_SAMPLES,
            description = "Samples per configuration on the suite's problems (default: ${DEFAULT-VALUE}).")
    private int samples;

    @Option(names = "--section-samples", paramLabel = "N",
            defaultValue = "" + AdaptiveSdeStudy.DEFAULT_SECTION_SAMPLES,
            description = "Samples per configuration on their " + AdaptiveSdeStudy.SECTION_DIM
                    + "-dimensional sections (default: ${DEFAULT-VALUE}).")
    private int sectionSamples;

    @Override
    public Integer call() {
        var cl = spec.commandLine();
        int threads = study.threads(cl);
        CliArgs.intIn(cl, "--samples", samples, 10, 1_000_000);
        CliArgs.intIn(cl, "--section-samples", sectionSamples, 10, 1_000_000);
        Path out = study.out();
        if (!Files.isDirectory(out)) {
            throw CliArgs.invalid(cl, "--out", out.toString(), "an existing folder");
        }
        Suite suite = study.suite(cl);
        return CliArgs.run(cl, "report adaptive-sde", () -> {
            AdaptiveSdeStudy.Result result = AdaptiveSdeStudy.run(AdaptiveSdeStudy.tiers(suite, samples,
                    sectionSamples), SolverRegistry.standard(), study.seed(), threads, StudyOptions.progress(cl));
            AdaptiveSdeStudy.write(out, AdaptiveSdeStudy.markdown(result));
            cl.getOut().println("wrote " + out.resolve(AdaptiveSdeStudy.FILE).toAbsolutePath().normalize());
        });
    }
}
