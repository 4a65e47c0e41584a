package io.samplerkit.bench.report;

import io.samplerkit.bench.plot.SamplePlots;
import io.samplerkit.bench.spec.GridSpec;
import io.samplerkit.bench.spec.ModelSpec;
import io.samplerkit.core.model.DiffusionModel;
import io.samplerkit.core.noise.SeededNoise;
import io.samplerkit.core.schedule.NoiseSchedule;
import io.samplerkit.core.state.Batch;
import io.samplerkit.solvers.SamplingDriver;
import io.samplerkit.solvers.SamplingProblem;
import io.samplerkit.solvers.Solver;
import io.samplerkit.solvers.SolverOptions;
import io.samplerkit.solvers.SolverRegistry;
import io.samplerkit.solvers.StepObserver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Image grids of a network's samples for the report: for every problem whose network makes images ({@code [C, H, W]},
 * C = 1 or 3), one PNG with a row of {@value #IMAGES} samples for the ground truth and for each of the three best
 * fixed-step series of the problem (by {@link ReportAnalysis#ranking(String)}: geometric-mean RMSE over the target
 * NFEs; of series with bit-identical results, registry aliases, the first by name) and DDIM on the best series'
 * grid, at NFE 5, 10 and 20 (those the suite has). The samples are the first
 * {@value #IMAGES} initial states of the report's first batch run again with each configuration's own step count and
 * noise seed, so a deterministic solver's images are exactly rows of the measured outputs.
 */
final class NetworkPictures {

    /** Samples per picture row. */
    static final int IMAGES = 12;
    /** Target NFEs shown. */
    static final List<Integer> NFE = List.of(5, 10, 20);
    private static final int PIXEL = 5;

    private NetworkPictures() {
    }

    /**
     * A written picture.
     *
     * @param problem problem id
     * @param file file name inside {@code plots/}
     * @param caption what it shows
     */
    record Picture(String problem, String file, String caption) {
    }

    /**
     * @param a the analysis
     * @param m the manifest (seed, reference checks)
     * @param registry solvers
     * @param plots the plots folder (created)
     * @return the pictures written
     */
    static List<Picture> render(ReportAnalysis a, RunManifest m, SolverRegistry registry, Path plots) {
        List<Picture> out = new ArrayList<>();
        for (ProblemSpec p : a.suite().problems()) {
            if (p.reference() != null && p.model() instanceof ModelSpec.Onnx onnx && image(onnx.sampleShape())) {
                out.add(render(a, m, registry, plots, p, onnx.sampleShape()));
            }
        }
        return out;
    }

    private static boolean image(long[] shape) {
        return shape.length == 3 && (shape[0] == 1 || shape[0] == 3);
    }

    private static Picture render(ReportAnalysis a, RunManifest m, SolverRegistry registry, Path plots, ProblemSpec p,
            long[] shape) {
        List<String> series = chosen(a, p.id());
        NoiseSchedule schedule = p.schedule().create();
        List<String> labels = new ArrayList<>();
        List<double[][]> rows = new ArrayList<>();
        DiffusionModel model = p.model().model(schedule, p.prediction());
        try {
            long seed = Seeds.derive(m.seed(), "initial-states|" + p.id() + "|batch=0");
            Batch initial = NetworkProblem.initialStates(p, schedule, new long[] {seed},
                    Math.min(IMAGES, a.suite().batchSize()));
            Solver reference = p.reference().solver().create(registry);
            labels.add("ground truth");
            rows.add(split(NetworkProblem.solve(reference, p, schedule, model, initial, p.reference().steps()).x()));
            for (String s : series) {
                for (int n : NFE) {
                    Optional<ResultRow> row = a.series(p.id()).getOrDefault(s, List.of()).stream()
                            .filter(r -> r.targetNfe() == n).findFirst();
                    if (row.isPresent()) {
                        labels.add(s + ", NFE " + row.get().nfe());
                        rows.add(split(run(registry, a, m, p, schedule, model, initial, row.get())));
                    }
                }
            }
        } finally {
            ProblemInstance.closeModel(p, model);
        }
        String file = p.id() + "-samples.png";
        byte[] png = SamplePlots.imageGrid(p.id() + ": the same " + IMAGES + " initial states per row", labels, rows,
                (int) shape[0], (int) shape[1], (int) shape[2], PIXEL);
        try {
            Files.createDirectories(plots);
            Files.write(plots.resolve(file), png);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Picture(p.id(), file, p.id() + " samples: the ground truth, then the three best series by "
                + "geometric-mean RMSE over the NFEs and DDIM, each at NFE " + NFE + " (" + String.join(", ", series)
                + ")");
    }

    /** The three best fixed-step series (DDIM excluded) and DDIM on the best one's grid. */
    static List<String> chosen(ReportAnalysis a, String problem) {
        List<String> out = new ArrayList<>();
        List<Double> scores = new ArrayList<>();
        for (ReportAnalysis.Ranked r : a.ranking(problem)) {
            // registry aliases give bit-identical results and the same score: one of them stands for all
            if (out.size() < 3 && !r.series().startsWith("ddim@") && !scores.contains(r.geometricMeanRmse())) {
                out.add(r.series());
                scores.add(r.geometricMeanRmse());
            }
        }
        if (!out.isEmpty()) {
            String ddim = "ddim@" + out.get(0).substring(out.get(0).lastIndexOf('@') + 1);
            if (a.series(problem).containsKey(ddim)) {
                out.add(ddim);
            }
        }
        return out;
    }

    private static Batch run(SolverRegistry registry, ReportAnalysis a, RunManifest m, ProblemSpec p,
            NoiseSchedule schedule, DiffusionModel model, Batch initial, ResultRow row) {
        SolverVariant variant = SolverVariant.parse(row.solver());
        Solver solver = registry.create(variant.name(), SolverOptions.of(variant.options()));
        GridSpec grid = a.suite().grids().stream().filter(g -> g.label().equals(row.grid())).findFirst().orElseThrow();
        RunConfig config = new RunConfig(row.seq(), p, variant, false, grid, row.targetNfe(), Double.NaN);
        SamplingProblem sp = new SamplingProblem(schedule, model, grid.timesteps(schedule, row.steps(), p.tStart(),
                p.tEnd()), new SeededNoise(Seeds.derive(m.seed(), config.key())), StepObserver.NONE, false, false);
        return SamplingDriver.run(solver, sp, initial).x();
    }

    private static double[][] split(Batch x) {
        double[][] out = new double[x.size()][];
        for (int r = 0; r < x.size(); r++) {
            out[r] = Arrays.copyOfRange(x.data(), r * x.dim(), (r + 1) * x.dim());
        }
        return out;
    }
}
