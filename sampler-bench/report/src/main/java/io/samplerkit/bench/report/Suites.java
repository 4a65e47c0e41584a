package io.samplerkit.bench.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.samplerkit.bench.spec.GridSpec;
import io.samplerkit.bench.spec.ModelSpec;
import io.samplerkit.bench.spec.ScheduleSpec;
import io.samplerkit.bench.spec.SolverSpec;
import io.samplerkit.bench.spec.SpecFiles;
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
 * <li>{@code networks} — the two trained networks shipped in {@code models/} ({@link #networks()}): the rectified
 *     flow on the 8-Gaussian ring and the DDPM on 8x8 digits, every registered solver, their error to a
 *     converged reference solution of the network's own probability-flow ODE, and sample quality (energy distance
 *     to the exact ring law; feature-space Fréchet distance and class coverage from the digits classifier).</li>
 * </ul>
 * A suite file is the JSON of {@link Suite}, read strictly ({@link StrictJson}: unknown fields, duplicate keys,
 * trailing content and non-finite numbers are errors); {@code samplerkit report --suite FILE.json} runs it.
 */
public final class Suites {

    /** Names of the built-in suites. */
    public static final List<String> NAMES = List.of("standard", "quick", "networks");

    /** System property naming the folder of the shipped networks (default: the repository's {@code models/}). */
    public static final String MODELS_DIR_PROPERTY = "samplerkit.models.dir";

    /** Seed of the exact ring draws the ring network's samples are compared with. */
    static final long RING_LAW_SEED = 20_261_206L;

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
     * The networks suite: {@code ring8-flow.onnx} (rectified flow, velocity, time {@code t}, flow-matching schedule,
     * t 0.999 to 0.001) and {@code digits-ddpm.onnx} (noise prediction, DDPM linear betas 1e-4..0.02, N = 1000,
     * time = training index, t 1 to 0.001 = training index 0), each on one seeded batch of 500 initial states
     * {@code x_T = sigma(t_start) z}; every registered solver on log-SNR and Karras grids at NFE 5, 6, 8 ... 50 and
     * adaptive solvers at tolerances 1e-2 ... 1e-4. Ground truth ({@link ReferenceSpec}, checked against half its
     * steps): {@code rk4} with 2048 uniform-time steps for the ring (self-consistency must be at most 1e-6), with
     * 1024 log-SNR steps for the digits (at most 1e-5); the step counts and grids are those where the measured
     * self-consistency had settled into RK4's fourth-order decrease (docs/onnx.md).
     *
     * @return the suite
     * @throws IllegalArgumentException if the networks cannot be found
     */
    public static Suite networks() {
        Path dir = relativeToWorkingFolder(modelsDir());
        String ring = dir.resolve("ring8-flow.onnx").toString();
        String digits = dir.resolve("digits-ddpm.onnx").toString();
        ModelSpec ringNet = new ModelSpec.Onnx(ring, null, null, null, Prediction.FLOW, "t", null, null, null, null, 1,
                null);
        ModelSpec digitsNet = new ModelSpec.Onnx(digits, null, null, null, Prediction.NOISE, "index", null, null, null,
                null, 1, null);
        List<ProblemSpec> problems = List.of(
                new ProblemSpec("ring8-flow", "ring8-flow.onnx: rectified-flow MLP trained on the 8-Gaussian ring "
                        + "(radius 2, std 0.2), velocity prediction, flow matching t 0.999..0.001", ringNet,
                        new ScheduleSpec.FlowMatching(1.0), Prediction.FLOW, 0.999, 1e-3,
                        new ReferenceSpec(new SolverSpec("rk4", null), new GridSpec.UniformTime(), 2048, 1e-6),
                        new QualitySpec.Energy(new ModelSpec.RingMixture(8, 2.0, 0.2), 2000, RING_LAW_SEED)),
                new ProblemSpec("digits-ddpm", "digits-ddpm.onnx: noise-prediction net on the 8x8 scikit-learn digits, "
                        + "DDPM linear betas 1e-4..0.02 (N=1000), time = training index, t 1..0.001", digitsNet,
                        new ScheduleSpec.VpDiscrete(BetaSchedule.LINEAR, 1e-4, 0.02, 1000, null, null, null, null),
                        Prediction.NOISE, 1.0, 1e-3,
                        new ReferenceSpec(new SolverSpec("rk4", null), new GridSpec.LogSnr(), 1024, 1e-5),
                        new QualitySpec.Classifier(dir.resolve("digits-classifier.onnx").toString(), "image", "logits",
                                "features", dir.resolve("digits-features.json").toString(), -1.0, 1.0)));
        return new Suite("networks",
                "Trained networks run by ONNX Runtime: error to a converged reference solution of each network's own "
                        + "probability-flow ODE, fitted orders, and sample quality against the data (energy distance "
                        + "to the exact ring law; feature-space Frechet distance to the real digits and class "
                        + "coverage) for every registered solver with default options.",
                problems, List.of(), List.of(5, 6, 8, 10, 15, 20, 30, 50),
                List.of(new GridSpec.LogSnr(), new GridSpec.Karras(7.0)), List.of(1e-2, 1e-3, 1e-4), 1, 500, 10,
                1e-11);
    }

    /**
     * {@code dir} relative to the working folder when it lies inside it (so a report's manifest names the shipped
     * networks as {@code models/...}, the same on every machine), else {@code dir} itself.
     *
     * @param dir an absolute folder
     * @return the folder to record and open
     */
    static Path relativeToWorkingFolder(Path dir) {
        Path cwd = Path.of("").toAbsolutePath().normalize();
        return dir.startsWith(cwd) ? cwd.relativize(dir) : dir;
    }

    /**
     * The folder of the shipped networks: the {@value #MODELS_DIR_PROPERTY} system property, else the first
     * {@code models/} holding {@code ring8-flow.onnx} in the working folder or above it, or above the folder this
     * class was loaded from (the repository the command-line jar was built in).
     *
     * @return the folder, absolute
     * @throws IllegalArgumentException if none is found
     */
    static Path modelsDir() {
        String property = System.getProperty(MODELS_DIR_PROPERTY);
        if (property != null) {
            Path p = Path.of(property).toAbsolutePath().normalize();
            if (!Files.isRegularFile(p.resolve("ring8-flow.onnx"))) {
                throw new IllegalArgumentException(MODELS_DIR_PROPERTY + " must name a folder with the shipped "
                        + "networks, got '" + property + "' (no ring8-flow.onnx there)");
            }
            return p;
        }
        List<Path> starts = new java.util.ArrayList<>(List.of(Path.of("").toAbsolutePath()));
        try {
            starts.add(Path.of(Suites.class.getProtectionDomain().getCodeSource().getLocation().toURI()));
        } catch (java.net.URISyntaxException | RuntimeException e) {
            // no code location: the working folder alone is searched
        }
        for (Path start : starts) {
            for (Path p = start.toAbsolutePath().normalize(); p != null; p = p.getParent()) {
                if (Files.isRegularFile(p.resolve("models").resolve("ring8-flow.onnx"))) {
                    return p.resolve("models");
                }
            }
        }
        throw new IllegalArgumentException("the networks suite needs the shipped networks (models/ring8-flow.onnx): "
                + "run from the repository or set -D" + MODELS_DIR_PROPERTY + "=FOLDER");
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
            case "networks":
                return networks();
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
        Path folder = file.toAbsolutePath().getParent();
        return checked(StrictJson.bind(SpecFiles.resolve(StrictJson.readTree(file), folder), Suite.class));
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
