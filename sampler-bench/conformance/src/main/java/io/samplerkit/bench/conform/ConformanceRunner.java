package io.samplerkit.bench.conform;

import com.fasterxml.jackson.databind.JsonNode;
import io.samplerkit.core.Checks;
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
 *   PASS  iff  max|ours - expected| &lt;= rtol * max(1, max|expected|)  and  our NFE == the reference's nfe
 * </pre>
 * A case without {@code expected} is run and reported as RUN; a case no translator accepts is
 * SKIP ("no translator", {@link SkipKind#NOT_IMPLEMENTED}); a translator's {@link SkipCaseException}
 * is SKIP with its reason and kind; any exception while reading, translating or running is FAIL with
 * its message.
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
            c = ReferenceCase.load(file);
        } catch (RuntimeException e) {
            return new CaseResult(file.getFileName().toString(), file, CaseStatus.FAIL, Double.NaN, Double.NaN, -1,
                    -1, null, describe(e), null, "");
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
        Optional<Batch> expected;
        try {
            expected = c.expected();
        } catch (RuntimeException e) {
            return fail(c, Double.NaN, Double.NaN, nfe, output, "cannot read expected: " + describe(e), note);
        }
        if (expected.isEmpty()) {
            return new CaseResult(id, c.file(), CaseStatus.RUN, Double.NaN, Double.NaN, nfe, refNfe, output, null,
                    null, note);
        }
        Batch exp = expected.get();
        if (exp.size() != result.x().size() || exp.dim() != result.x().dim()) {
            return fail(c, Double.NaN, Double.NaN, nfe, output, Checks.format("output shape %dx%d != expected %dx%d",
                    result.x().size(), result.x().dim(), exp.size(), exp.dim()), note);
        }
        double err = 0;
        double scale = 1;
        double[] ours = result.x().data();
        double[] ref = exp.data();
        for (int i = 0; i < ref.length; i++) {
            double d = Math.abs(ours[i] - ref[i]);
            err = d > err || Double.isNaN(d) ? d : err;
            scale = Math.max(scale, Math.abs(ref[i]));
        }
        double tol = rtol * scale;
        List<String> problems = new ArrayList<>();
        if (!(err <= tol)) {
            problems.add(Checks.format("max abs error %.3e > tolerance %.3e", err, tol));
        }
        if (refNfe >= 0 && nfe != refNfe) {
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
