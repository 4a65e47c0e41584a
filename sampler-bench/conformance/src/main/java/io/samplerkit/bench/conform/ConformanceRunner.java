package io.samplerkit.bench.conform;

import com.fasterxml.jackson.databind.JsonNode;
import io.samplerkit.core.Checks;
import io.samplerkit.core.InvalidInputException;
import io.samplerkit.core.state.Batch;
import io.samplerkit.solvers.SamplingResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Runs reference cases (FORMAT.md) through their translators and judges them:
 * <pre>
 *   PASS  iff  for every row r: max_i |ours[r][i] - expected[r][i]| &lt;= rtol * max(1, max_i |expected[r][i]|)
 *         and  our NFE == the reference's nfe
 * </pre>
 * (the tolerance is per row, so one large sample does not loosen the others). A case that cannot be judged is
 * ERROR and never run: no or a {@code null} {@code expected}, an {@code expected} entry that is not a finite
 * number (a string {@code "inf"} used to make the tolerance infinite), an {@code nfe} that is missing, not an
 * integer or negative, a missing {@code schedule}, a missing or blank {@code id}, a {@code model} that is not a
 * Gaussian of the width of {@code expected} ({@code dim}, {@code mean}), an {@code x_T} that is not a
 * {@code [batch][d]} array of finite numbers shaped like {@code expected}, {@code timesteps} that are not finite
 * numbers, a {@code noise} array without exactly one entry per outer step of the reference loop or with an entry
 * that is not {@code null} or a {@code [batch][d]} array of finite numbers. A file that is not a JSON object (empty, {@code null},
 * malformed) is UNREADABLE. A case no translator accepts is SKIP ("no translator",
 * {@link SkipKind#NOT_IMPLEMENTED}); a translator's {@link SkipCaseException} is SKIP with its reason and
 * kind; any exception while translating or running is FAIL with its message.
 *
 * <p>Immutable and thread-safe (each case is prepared and run independently).
 */
public final class ConformanceRunner {

    /** The recommended relative tolerance of the reference README. */
    public static final double DEFAULT_RTOL = 1e-10;

    private final List<CaseTranslator> translators;
    private final double rtol;

    /** A runner with every translator and {@link #DEFAULT_RTOL}. */
    public ConformanceRunner() {
        this(CaseTranslators.all(), DEFAULT_RTOL);
    }

    /**
     * @param translators translators, tried in order (the first that accepts a case handles it)
     * @param rtol relative tolerance, {@code > 0}
     */
    public ConformanceRunner(List<CaseTranslator> translators, double rtol) {
        this.translators = List.copyOf(translators);
        this.rtol = Checks.requirePositive(rtol, "rtol");
    }

    /** @return the relative tolerance */
    public double rtol() {
        return rtol;
    }

    /**
     * The case files under the given files or folders (folders recursively, {@code *.json} only),
     * sorted; {@code index.json} and anything under a {@code schedules} folder are not cases.
     *
     * @param paths files or folders
     * @return the case files
     * @throws IllegalArgumentException if a path does not exist
     */
    public static List<Path> collectCases(List<Path> paths) {
        List<Path> files = new ArrayList<>();
        for (Path p : paths) {
            if (Files.isDirectory(p)) {
                try (Stream<Path> walk = Files.walk(p)) {
                    files.addAll(walk.filter(Files::isRegularFile).filter(ConformanceRunner::isCaseFile)
                            .sorted().collect(Collectors.toList()));
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot list " + p, e);
                }
            } else if (Files.isRegularFile(p)) {
                if (isCaseFile(p)) {
                    files.add(p);
                }
            } else {
                throw new IllegalArgumentException("path does not exist: " + p);
            }
        }
        return files;
    }

    private static boolean isCaseFile(Path p) {
        String name = p.getFileName().toString();
        if (!name.endsWith(".json") || name.equals("index.json")) {
            return false;
        }
        for (Path part : p.toAbsolutePath().normalize()) {
            if (part.toString().equals("schedules")) {
                return false;
            }
        }
        return true;
    }

    /**
     * Runs every case under {@code paths}.
     *
     * @param paths files or folders
     * @param listener told about each result as soon as it is known
     * @return all results, in file order
     */
    public ConformanceSummary runAll(List<Path> paths, Consumer<CaseResult> listener) {
        List<CaseResult> results = new ArrayList<>();
        for (Path file : collectCases(paths)) {
            CaseResult r = run(file);
            listener.accept(r);
            results.add(r);
        }
        return new ConformanceSummary(results, rtol);
    }

    /**
     * Reads and runs one case file; a file that cannot be read is a FAIL.
     *
     * @param file case file
     * @return the result
     */
    public CaseResult run(Path file) {
        ReferenceCase c;
        try {
            JsonNode root = ReferenceCase.readJson(file);
            if (DiffusersConfigCase.accepts(root)) {
                return DiffusersConfigCase.run(file, root).toCaseResult();
            }
            c = ReferenceCase.load(file);
        } catch (RuntimeException e) {
            return new CaseResult(file.getFileName().toString(), file, CaseStatus.UNREADABLE, Double.NaN, Double.NaN,
                    -1, -1, null, describe(e), null, "");
        }
        return run(c);
    }

    /**
     * Translates, runs and judges one case.
     *
     * @param c the case
     * @return the result
     */
    public CaseResult run(ReferenceCase c) {
        if (c.root() == null || !c.root().isObject()) {
            return new CaseResult(c.file() == null ? "-" : c.file().getFileName().toString(), c.file(),
                    CaseStatus.UNREADABLE, Double.NaN, Double.NaN, -1, -1, null,
                    "the case file is empty or not a JSON object", null, "");
        }
        String unjudgeable = whyNotJudgeable(c.root());
        if (unjudgeable != null) {
            return new CaseResult(c.id(), c.file(), CaseStatus.ERROR, Double.NaN, Double.NaN, -1, -1, null,
                    unjudgeable, null, "");
        }
        String id = c.id();
        int refNfe = c.nfe();
        PreparedCase prepared;
        try {
            prepared = prepare(c);
        } catch (SkipCaseException e) {
            return skip(c, e.kind(), e.getMessage(), "");
        } catch (RuntimeException e) {
            return fail(c, Double.NaN, Double.NaN, -1, null, describe(e), "");
        }
        String note = prepared.note();
        SamplingResult result;
        try {
            result = prepared.run();
        } catch (RuntimeException e) {
            return fail(c, Double.NaN, Double.NaN, -1, null, describe(e), note);
        }
        double[][] output = result.x().toArray();
        int nfe = result.modelCalls();
        Batch exp = c.expected().orElseThrow();
        if (exp.size() != result.x().size() || exp.dim() != result.x().dim()) {
            return fail(c, Double.NaN, Double.NaN, nfe, output, Checks.format("output shape %dx%d != expected %dx%d",
                    result.x().size(), result.x().dim(), exp.size(), exp.dim()), note);
        }
        // per row: the row with the largest error relative to its own tolerance is reported
        double err = 0;
        double tol = rtol;
        double worst = -1;
        double[] ours = result.x().data();
        double[] ref = exp.data();
        int dim = exp.dim();
        for (int r = 0; r < exp.size(); r++) {
            double rowErr = 0;
            double rowScale = 1;
            for (int i = r * dim; i < (r + 1) * dim; i++) {
                double d = Math.abs(ours[i] - ref[i]);
                rowErr = d > rowErr || Double.isNaN(d) ? d : rowErr;
                rowScale = Math.max(rowScale, Math.abs(ref[i]));
            }
            double rowTol = rtol * rowScale;
            double ratio = Double.isNaN(rowErr) ? Double.POSITIVE_INFINITY : rowErr / rowTol;
            if (ratio > worst) {
                worst = ratio;
                err = rowErr;
                tol = rowTol;
            }
        }
        List<String> problems = new ArrayList<>();
        if (!(err <= tol)) {
            problems.add(Checks.format("max abs error %.3e > tolerance %.3e", err, tol));
        }
        if (nfe != refNfe) {
            problems.add(Checks.format("nfe %d != reference nfe %d", nfe, refNfe));
        }
        if (!problems.isEmpty()) {
            return fail(c, err, tol, nfe, output, String.join("; ", problems), note);
        }
        return new CaseResult(id, c.file(), CaseStatus.PASS, err, tol, nfe, refNfe, output, null, null, note);
    }

    /**
     * Translates a case: the first translator that accepts it prepares the run.
     *
     * @param c the case
     * @return the prepared run
     * @throws SkipCaseException {@link SkipKind#NOT_IMPLEMENTED} ("no translator for ...") if no translator
     *     accepts the case, else the translator's own skip
     */
    public PreparedCase prepare(ReferenceCase c) throws SkipCaseException {
        Optional<CaseTranslator> translator = translators.stream().filter(t -> t.accepts(c)).findFirst();
        if (translator.isEmpty()) {
            throw SkipCaseException.notImplemented("no translator for " + describeSolver(c));
        }
        return translator.get().prepare(c);
    }

    /**
     * Why a case cannot be judged, or {@code null}: {@code expected} present, a non-empty array of equally long
     * non-empty rows of finite numbers; {@code nfe} a non-negative integer; {@code schedule} an object.
     */
    static String whyNotJudgeable(JsonNode root) {
        JsonNode expected = root.get("expected");
        if (expected == null || expected.isNull()) {
            return "no expected output: the case cannot be judged";
        }
        if (!expected.isArray() || expected.isEmpty()) {
            return "expected must be a non-empty array of rows, got " + InvalidInputException.render(expected);
        }
        int width = -1;
        for (int r = 0; r < expected.size(); r++) {
            JsonNode row = expected.get(r);
            if (!row.isArray() || row.isEmpty() || (width >= 0 && row.size() != width)) {
                return Checks.format("expected[%d] must be a non-empty row like the others, got %s", r,
                        InvalidInputException.render(row));
            }
            width = row.size();
            for (int i = 0; i < row.size(); i++) {
                JsonNode v = row.get(i);
                if (!v.isNumber() || !Double.isFinite(v.doubleValue())) {
                    return Checks.format("expected[%d][%d] must be a finite number, got %s", r, i,
                            InvalidInputException.render(v));
                }
            }
        }
        JsonNode nfe = root.get("nfe");
        if (nfe == null || !nfe.isIntegralNumber() || !nfe.canConvertToInt() || nfe.asInt() < 0) {
            return "nfe must be a non-negative integer, got " + (nfe == null ? "nothing" : InvalidInputException.render(nfe));
        }
        JsonNode schedule = root.get("schedule");
        if (schedule == null || !schedule.isObject()) {
            return "schedule must be an object, got " + (schedule == null ? "nothing" : InvalidInputException.render(schedule));
        }
        JsonNode id = root.get("id");
        if (id == null || !id.isTextual() || id.asText().isBlank()) {
            return "id must be a non-empty string, got " + (id == null ? "nothing" : InvalidInputException.render(id));
        }
        JsonNode model = root.get("model");
        if (model == null || !model.isObject() || !"gaussian".equals(model.path("type").asText())) {
            return "model must be an object of type gaussian, got "
                    + (model == null ? "nothing" : InvalidInputException.render(model));
        }
        if (model.path("dim").asInt(-1) != width || !model.path("dim").isIntegralNumber()
                || model.path("mean").size() != width) {
            return Checks.format("model.dim and the length of model.mean must be %d (the width of expected), got "
                    + "%s and %d", width, InvalidInputException.render(model.path("dim")), model.path("mean").size());
        }
        String shape = finiteRows(root.get("x_T"), "x_T", expected.size(), width);
        if (shape != null) {
            return shape;
        }
        JsonNode timesteps = root.get("timesteps");
        if (timesteps == null || !timesteps.isArray() || timesteps.isEmpty()) {
            return "timesteps must be a non-empty array of numbers, got "
                    + (timesteps == null ? "nothing" : InvalidInputException.render(timesteps));
        }
        for (int i = 0; i < timesteps.size(); i++) {
            if (!timesteps.get(i).isNumber() || !Double.isFinite(timesteps.get(i).doubleValue())) {
                return Checks.format("timesteps[%d] must be a finite number, got %s", i,
                        InvalidInputException.render(timesteps.get(i)));
            }
        }
        JsonNode noise = root.get("noise");
        if (noise != null && !noise.isNull()) {
            try {
                CaseNoise.of(noise, expected.size(), width, CaseNoise.outerSteps(root));
            } catch (InvalidInputException e) {
                return e.getMessage();
            }
        }
        return null;
    }

    /** @return why {@code node} is not a [rows][cols] array of finite numbers, or null when it is one */
    private static String finiteRows(JsonNode node, String name, int rows, int cols) {
        if (node == null || !node.isArray() || node.size() != rows) {
            return Checks.format("%s must be an array of %d rows (the rows of expected), got %s", name, rows,
                    node == null ? "nothing" : InvalidInputException.render(node));
        }
        for (int r = 0; r < rows; r++) {
            JsonNode row = node.get(r);
            if (!row.isArray() || row.size() != cols) {
                return Checks.format("%s[%d] must be a row of %d numbers (the width of expected), got %s", name, r,
                        cols, InvalidInputException.render(row));
            }
            for (int i = 0; i < cols; i++) {
                if (!row.get(i).isNumber() || !Double.isFinite(row.get(i).doubleValue())) {
                    return Checks.format("%s[%d][%d] must be a finite number, got %s", name, r, i,
                            InvalidInputException.render(row.get(i)));
                }
            }
        }
        return null;
    }

    private static CaseResult skip(ReferenceCase c, SkipKind kind, String reason, String note) {
        return new CaseResult(c.id(), c.file(), CaseStatus.SKIP, Double.NaN, Double.NaN, -1, c.nfe(), null,
                reason, kind, note);
    }

    private static CaseResult fail(ReferenceCase c, double err, double tol, int nfe, double[][] output,
            String reason, String note) {
        return new CaseResult(c.id(), c.file(), CaseStatus.FAIL, err, tol, nfe, c.nfe(), output, reason, null, note);
    }

    /** e.g. {@code "k-diffusion sample_heun"} or {@code "dpm-solver multistep"}. */
    private static String describeSolver(ReferenceCase c) {
        JsonNode s = c.solver();
        for (String key : new String[] {"sampler", "scheduler", "method"}) {
            if (s.hasNonNull(key)) {
                return c.family() + " " + s.get(key).asText();
            }
        }
        return c.family();
    }

    private static String describe(Throwable e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }
}
