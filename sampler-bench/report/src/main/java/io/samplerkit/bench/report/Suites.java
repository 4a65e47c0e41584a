package io.samplerkit.bench.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.samplerkit.bench.spec.GridSpec;
import io.samplerkit.bench.spec.ModelSpec;
import io.samplerkit.bench.spec.ScheduleSpec;
import io.samplerkit.bench.spec.StrictJson;
import io.samplerkit.core.InvalidInputException;
import io.samplerkit.core.model.Prediction;
import io.samplerkit.solvers.SolverRegistry;
import io.samplerkit.core.schedule.BetaSchedule;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The built-in suites and the JSON form of a suite.
 *
 * <ul>
 * <li>{@code standard} — the default of {@code samplerkit report}: an ill-conditioned Gaussian
 *     ({@code d = 64}, covariance eigenvalues log-spaced over {@code [1e-4, 10]}, random orthogonal
 *     basis) on Stable Diffusion's discrete VP schedule, VP linear, EDM and flow matching; a 2-D ring of
 *     8 Gaussians and a 32-D mixture of 10 anisotropic Gaussians; NFE 4 ... 100; logSNR and Karras
 *     grids; adaptive solvers at tolerances 1e-2 ... 1e-6; two batches of eight initial states.</li>
 * <li>{@code quick} — one small Gaussian problem and four NFE values; seconds to run (tests, smoke checks).</li>
 * </ul>
 * A suite file is the JSON of {@link Suite}, read strictly ({@link StrictJson}: unknown fields, duplicate keys,
 * trailing content and non-finite numbers are errors); {@code samplerkit report --suite FILE.json} runs it.
 */
public final class Suites {

    /** Names of the built-in suites. */
    public static final List<String> NAMES = List.of("standard", "quick");

    private Suites() {
    }

    /** @return the standard suite */
    public static Suite standard() {
        ModelSpec gauss = new ModelSpec.RandomGaussian(64, 1e-4, 10.0, 1.0, 20_240_601L);
        String g = "ill-conditioned Gaussian (d=64, eigenvalues 1e-4..10)";
        List<ProblemSpec> problems = List.of(
                new ProblemSpec("gauss64-vp-sd", g + ", SD-like VP discrete (scaled_linear betas 0.00085..0.012, "
                        + "N=1000), eps-model", gauss,
                        new ScheduleSpec.VpDiscrete(BetaSchedule.SCALED_LINEAR, 0.00085, 0.012, 1000, null, null, null, null),
                        Prediction.NOISE, 1.0, 1e-3),
                new ProblemSpec("gauss64-vp-linear", g + ", VP linear (beta 0.1..20), eps-model",
                        gauss, new ScheduleSpec.VpLinear(0.1, 20.0, 1.0), Prediction.NOISE, 1.0, 1e-3),
                new ProblemSpec("gauss64-edm", g + ", EDM sigma 80..0.002, denoiser",
                        gauss, new ScheduleSpec.Edm(0.002, 80.0), Prediction.DATA, 80.0, 0.002),
                new ProblemSpec("gauss64-flow", g + ", flow matching t 0.999..0.001, velocity model",
                        gauss, new ScheduleSpec.FlowMatching(1.0), Prediction.FLOW, 0.999, 1e-3),
                new ProblemSpec("ring2d-8-vp-linear", "2-D mixture of 8 Gaussians on a circle (radius 2, std 0.2), "
                        + "VP linear, eps-model", new ModelSpec.RingMixture(8, 2.0, 0.2),
                        new ScheduleSpec.VpLinear(0.1, 20.0, 1.0), Prediction.NOISE, 1.0, 1e-3),
                new ProblemSpec("mix32-10-edm", "mixture of 10 anisotropic Gaussians (d=32, eigenvalues 1e-2..1), "
                        + "EDM sigma 80..0.002, denoiser", new ModelSpec.RandomMixture(32, 10, 1.0, 1e-2, 1.0, 7L),
                        new ScheduleSpec.Edm(0.002, 80.0), Prediction.DATA, 80.0, 0.002));
        return new Suite("standard",
                "Error to the exact (Gaussian) or high-accuracy reference (mixture) probability-flow solution, exact "
                        + "Frechet distance of the output law on Gaussian data, and fitted convergence orders of "
                        + "every registered solver with default options.",
                problems, List.of(), List.of(4, 5, 6, 8, 10, 12, 15, 20, 25, 50, 100),
                List.of(new GridSpec.LogSnr(), new GridSpec.Karras(7.0)),
                List.of(1e-2, 1e-3, 1e-4, 1e-5, 1e-6), 2, 8, 10, 1e-11);
    }

    /** @return a small suite that runs in seconds */
    public static Suite quick() {
        ModelSpec gauss = new ModelSpec.RandomGaussian(8, 1e-2, 4.0, 1.0, 7L);
        return new Suite("quick", "A small smoke-test suite.",
                List.of(new ProblemSpec("gauss8-vp-linear", "Gaussian (d=8), VP linear, eps-model", gauss,
                        new ScheduleSpec.VpLinear(0.1, 20.0, 1.0), Prediction.NOISE, 1.0, 1e-3)),
                List.of(), List.of(5, 10, 20, 40), List.of(new GridSpec.LogSnr()), List.of(1e-3, 1e-5), 2, 4, 10,
                1e-11);
    }

    /**
     * @param nameOrPath a built-in name or the path of a suite JSON file
     * @return the suite
     */
    public static Suite resolve(String nameOrPath) {
        switch (nameOrPath.toLowerCase(Locale.ROOT)) {
            case "standard":
                return standard();
            case "quick":
                return quick();
            default:
                Path p = Path.of(nameOrPath);
                if (!Files.isRegularFile(p)) {
                    throw new IllegalArgumentException("suite must be one of " + NAMES + " or a JSON file, got '"
                            + nameOrPath + "'");
                }
                return read(p);
        }
    }

    /**
     * @param file suite JSON
     * @return the suite
     * @throws io.samplerkit.core.InvalidInputException naming the JSON path of the first bad value
     */
    public static Suite read(Path file) {
        return checked(StrictJson.read(file, Suite.class));
    }

    /**
     * @param json suite JSON text
     * @return the suite
     * @throws io.samplerkit.core.InvalidInputException naming the JSON path of the first bad value
     */
    public static Suite parse(String json) {
        return checked(StrictJson.parse(json, Suite.class));
    }

    /**
     * Checks the solvers against the registry when a suite file is read: names, option names and values, no
     * repeats. (A suite built in code may carry options a solver rejects; the report records those as not
     * applicable.)
     */
    private static Suite checked(Suite suite) {
        SolverRegistry registry = SolverRegistry.standard();
        for (int i = 0; i < suite.solvers().size(); i++) {
            try {
                suite.solvers().get(i).create(registry);
            } catch (InvalidInputException e) {
                throw e.under("solvers[" + i + "]");
            }
        }
        SuitePlan.variants(suite, registry);
        return suite;
    }

    /**
     * @param suite suite
     * @return its JSON text
     */
    public static String toJson(Suite suite) {
        try {
            return StrictJson.mapper().writeValueAsString(suite);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
