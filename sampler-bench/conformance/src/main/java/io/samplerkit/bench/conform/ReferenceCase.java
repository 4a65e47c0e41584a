package io.samplerkit.bench.conform;

import com.fasterxml.jackson.databind.JsonNode;
import io.samplerkit.bench.spec.StrictJson;
import io.samplerkit.core.InvalidInputException;
import io.samplerkit.core.analytic.GaussianData;
import io.samplerkit.core.grid.Timesteps;
import io.samplerkit.core.model.DiffusionModel;
import io.samplerkit.core.model.Prediction;
import io.samplerkit.core.schedule.NoiseSchedule;
import io.samplerkit.core.state.Batch;
import io.samplerkit.solvers.SamplingProblem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One conformance case in the format of {@code reference/FORMAT.md} (sampler-bench's test resources):
 * typed access to the fields every translator needs, and the raw JSON for the rest.
 *
 * @param file the case file
 * @param referenceRoot the folder holding {@code index.json} and {@code schedules/}
 * @param root the parsed JSON
 */
public record ReferenceCase(Path file, Path referenceRoot, JsonNode root) {

    /** Parsed schedule arrays files by path and modification time (see {@link #scheduleArrays()}). */
    private static final Map<String, JsonNode> ARRAYS = new ConcurrentHashMap<>();

    /**
     * Loads a case file.
     *
     * @param file path of the case JSON
     * @param referenceRoot folder holding {@code schedules/} (for {@code arrays_file})
     * @return the case
     * @throws io.samplerkit.core.InvalidInputException if the file is not strict JSON within the input limits
     */
    public static ReferenceCase load(Path file, Path referenceRoot) {
        return new ReferenceCase(file, referenceRoot, StrictJson.readTree(file));
    }

    /**
     * Loads a case file, finding its reference root (the nearest ancestor folder holding
     * {@code schedules/} or {@code index.json}; the file's own folder if there is none).
     *
     * @param file path of the case JSON
     * @return the case
     */
    public static ReferenceCase load(Path file) {
        return load(file, findReferenceRoot(file));
    }

    /**
     * @param file a case file
     * @return the nearest ancestor folder holding {@code schedules/} or {@code index.json}, else the
     *     file's folder
     */
    public static Path findReferenceRoot(Path file) {
        Path abs = file.toAbsolutePath().normalize();
        for (Path dir = abs.getParent(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("schedules")) || Files.isRegularFile(dir.resolve("index.json"))) {
                return dir;
            }
        }
        return abs.getParent();
    }

    /**
     * Reads any JSON file (e.g. a schedule arrays file).
     *
     * @param file path
     * @return the tree
     */
    public static JsonNode readJson(Path file) {
        return StrictJson.readTree(file);
    }

    /** @return the case id */
    public String id() {
        return root.path("id").asText();
    }

    /** @return {@code dpm-solver}, {@code unipc}, {@code k-diffusion} or {@code diffusers} */
    public String family() {
        return root.path("family").asText();
    }

    /**
     * @param scheduler a diffusers scheduler class name, e.g. {@code DDIMScheduler}
     * @return whether this is a diffusers case of that scheduler
     */
    public boolean isDiffusers(String scheduler) {
        return "diffusers".equals(family()) && scheduler.equals(solver().path("scheduler").asText());
    }

    /**
     * @param sampler a k-diffusion sampling function, e.g. {@code sample_euler}
     * @return whether this is a k-diffusion case of that sampler
     */
    public boolean isKDiffusion(String sampler) {
        return "k-diffusion".equals(family()) && sampler.equals(solver().path("sampler").asText());
    }

    /** @return the {@code solver} object (options under the reference's own names) */
    public JsonNode solver() {
        return root.path("solver");
    }

    /** @return the {@code schedule} object */
    public JsonNode schedule() {
        return root.path("schedule");
    }

    /**
     * The schedule arrays file named by {@code schedule.arrays_file}, parsed. Files are parsed once per
     * path and modification time (every case of a family shares a handful of them); each call returns
     * its own copy of the tree.
     *
     * @return the arrays file's tree
     */
    public JsonNode scheduleArrays() {
        String rel = schedule().path("arrays_file").asText(null);
        if (rel == null) {
            throw new IllegalArgumentException("case " + id() + " has no schedule.arrays_file");
        }
        Path file = referenceRoot.resolve(rel).toAbsolutePath().normalize();
        String key;
        try {
            key = file + "@" + Files.getLastModifiedTime(file).toMillis();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        return ARRAYS.computeIfAbsent(key, k -> readJson(file)).deepCopy();
    }

    /** @return the analytic Gaussian data model of the case (from its eigendecomposition) */
    public GaussianData gaussian() {
        JsonNode m = root.path("model");
        if (!"gaussian".equals(m.path("type").asText())) {
            throw new IllegalArgumentException("case " + id() + ": model.type must be gaussian, got "
                    + m.path("type").asText());
        }
        return GaussianData.ofEigen(vector(m.path("mean")), vector(m.path("cov_eigenvalues")),
                matrix(m.path("cov_eigenvectors")));
    }

    /**
     * The case's exact model: its {@link #gaussian()} data on {@code schedule}, returning
     * {@link #modelPrediction()}.
     *
     * @param schedule the schedule SamplerKit runs the case on
     * @return the model
     */
    public DiffusionModel exactModel(NoiseSchedule schedule) {
        return gaussian().model(schedule, modelPrediction());
    }

    /**
     * A problem of the case's {@link #exactModel exact model} on a grid; its noise is the case's injected noise
     * when the case has a {@code noise} array (checked: one {@code null} or {@code [batch][d]} array per step).
     *
     * @param schedule the schedule SamplerKit runs the case on
     * @param grid the grid
     * @return the problem (seed 0 or the injected noise, no observer)
     */
    public SamplingProblem problem(NoiseSchedule schedule, Timesteps grid) {
        return withInjectedNoise(SamplingProblem.of(schedule, exactModel(schedule), grid));
    }

    /**
     * @param p a problem built for this case
     * @return {@code p} with the case's injected noise when the case has a {@code noise} array (checked: one
     *     {@code null} or {@code [batch][d]} array per step), else {@code p}
     */
    public SamplingProblem withInjectedNoise(SamplingProblem p) {
        return hasNoise() ? p.withNoise(CaseNoise.of(root.get("noise"), xT().size(), xT().dim(),
                CaseNoise.outerSteps(root))) : p;
    }

    /** @return whether the case injects its noise draws ({@code noise}, FORMAT.md) */
    public boolean hasNoise() {
        JsonNode n = root.get("noise");
        return n != null && !n.isNull();
    }

    /** @return what the model hands to the solver: NOISE, DATA or VELOCITY */
    public Prediction modelPrediction() {
        String p = root.path("model_prediction").asText();
        switch (p) {
            case "noise":
                return Prediction.NOISE;
            case "data":
                return Prediction.DATA;
            case "v":
                return Prediction.VELOCITY;
            default:
                throw new IllegalArgumentException("case " + id() + ": model_prediction must be noise|data|v, got "
                        + p);
        }
    }

    /** @return the grid the reference stepped through ({@code timesteps}) */
    public double[] timesteps() {
        return vector(root.path("timesteps"));
    }

    /** @return the initial state {@code x_T} */
    public Batch xT() {
        return Batch.of(matrix(root.path("x_T")));
    }

    /** @return the reference output, if the case has one */
    public Optional<Batch> expected() {
        JsonNode e = root.get("expected");
        return e == null || e.isNull() ? Optional.empty() : Optional.of(Batch.of(matrix(e)));
    }

    /** @return the number of model evaluations of the reference, or -1 */
    public int nfe() {
        return root.path("nfe").asInt(-1);
    }

    /**
     * @param node JSON array of numbers (the string {@code "-inf"} is read as negative infinity)
     * @return the values
     */
    public static double[] vector(JsonNode node) {
        if (node == null || !node.isArray()) {
            throw new IllegalArgumentException("expected a JSON array of numbers, got " + node);
        }
        double[] v = new double[node.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = number(node.get(i));
        }
        return v;
    }

    /**
     * @param node JSON array of arrays of numbers
     * @return the rows
     */
    public static double[][] matrix(JsonNode node) {
        if (node == null || !node.isArray()) {
            throw new IllegalArgumentException("expected a JSON array of arrays, got " + node);
        }
        double[][] m = new double[node.size()][];
        for (int i = 0; i < m.length; i++) {
            m[i] = vector(node.get(i));
        }
        return m;
    }

    /**
     * @param n a JSON number, or one of the strings {@code "-inf"}, {@code "inf"}, {@code "nan"}
     * @return its value
     */
    public static double number(JsonNode n) {
        if (n.isNumber()) {
            return n.doubleValue();
        }
        switch (n.asText()) {
            case "-inf":
                return Double.NEGATIVE_INFINITY;
            case "inf":
                return Double.POSITIVE_INFINITY;
            case "nan":
                return Double.NaN;
            default:
                throw new IllegalArgumentException("expected a number, got " + InvalidInputException.render(n));
        }
    }
}
