package io.samplerkit.bench.jmh;

import io.samplerkit.bench.report.Progress;
import io.samplerkit.bench.report.SolverVariant;
import io.samplerkit.core.kernel.SoundnessScan;
import io.samplerkit.solvers.SolverRegistry;
import java.io.PrintWriter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.format.OutputFormat;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs the JMH benchmarks programmatically (for {@code samplerkit bench}) and prints one table:
 * per solver, dimension, batch and kernel thread count the time per step, the bytes it moves (measured by
 * {@link StepTraffic}), the bandwidth achieved, the triad bandwidth at the same size and with the same kernel
 * threads ({@link BandwidthBenchmark}, measured in the same run), the ratio of the measured time to that bound and to
 * the main-memory bound of the same threads ({@link #DRAM_PROBE_ELEMENTS}), and the allocation per step from JMH's
 * GC profiler; then the triads measured again after the steps (before, after, change); then, optionally,
 * the {@link KernelsBenchmark} table (single- and multi-threaded kernels).
 *
 * <p>JMH runs: a size sweep (every dim at batch 1) and a batch sweep (every batch at one dim), each
 * timing the solvers' steps and the triad at the same element counts; the main-memory triad; the same triads again
 * (the ratios keep the first, measured next to the steps; the second shows whether the bound moved during the run);
 * the kernels.
 */
public final class BenchRunner {

    /**
     * Element count of the main-memory probe: a triad over two arrays of 80 MB each, far beyond any
     * last-level cache. It is measured in every run (unless a sweep already reaches this size), so the
     * {@code time/DRAM bound} column always compares against main memory.
     */
    public static final int DRAM_PROBE_ELEMENTS = 10_000_000;

    private BenchRunner() {
    }

    /**
     * @param config what to measure
     * @param out where to print the tables (null for silence)
     * @param progress progress, one phase per JMH run
     * @return the measurements
     * @throws IllegalArgumentException for a solver that is not registered
     * @throws IllegalStateException if a benchmark fails
     */
    public static BenchResult run(BenchConfig config, PrintWriter out, Progress progress) {
        for (String s : config.solvers()) {
            SolverRegistry.standard().entry(SolverVariant.parse(s).name());
        }
        List<RunResult> results = new ArrayList<>();
        String[] solvers = config.solvers().toArray(String[]::new);
        String[] threads = text(config.threads());
        results.addAll(jmh(config, progress, "size sweep", new String[] {"step", "triad"}, Map.of(
                "solver", solvers, "dim", text(config.dims()), "batch", new String[] {"1"}, "threads", threads)));
        if (!config.batches().isEmpty()) {
            results.addAll(jmh(config, progress, "batch sweep", new String[] {"step", "triad"}, Map.of(
                    "solver", solvers, "dim", new String[] {Integer.toString(config.batchSweepDim())},
                    "batch", text(config.batches()), "threads", threads)));
        }
        long largest = Math.max(config.dims().stream().mapToLong(Integer::longValue).max().orElse(0),
                config.batches().stream().mapToLong(b -> (long) b * config.batchSweepDim()).max().orElse(0));
        if (largest < DRAM_PROBE_ELEMENTS) {
            results.addAll(jmh(config, progress, "DRAM probe", new String[] {"triad"}, Map.of(
                    "dim", new String[] {Integer.toString(DRAM_PROBE_ELEMENTS)}, "batch", new String[] {"1"},
                    "threads", threads)));
        }
        // the same triads again: every element count measured above (the steps' and the main-memory probe's)
        String[] triadSizes = triads(results).keySet().stream().mapToLong(key -> key.get(0)).distinct().sorted()
                .mapToObj(Long::toString).toArray(String[]::new);
        List<RunResult> again = jmh(config, progress, "triad again", new String[] {"triad"}, Map.of(
                "dim", triadSizes, "batch", new String[] {"1"}, "threads", threads));
        List<RunResult> kernelResults = config.kernels()
                ? jmh(config, progress, "kernels", new String[] {"kernels"}, Map.of("size", text(config.dims())))
                : List.of();
        BenchResult result = collect(results, kernelResults, again);
        if (out != null) {
            out.print(StepTraffic.table(StepTraffic.fixedStepSolvers()));
            out.print(table(result));
            out.flush();
        }
        return result;
    }

    private static String[] text(List<Integer> values) {
        return values.stream().map(String::valueOf).toArray(String[]::new);
    }

    private static List<RunResult> jmh(BenchConfig config, Progress progress, String label, String[] what,
            Map<String, String[]> params) {
        ChainedOptionsBuilder b = new OptionsBuilder()
                .forks(config.forks())
                .warmupIterations(config.warmupIterations())
                .warmupTime(TimeValue.milliseconds(config.warmupMillis()))
                .measurementIterations(config.measurementIterations())
                .measurementTime(TimeValue.milliseconds(config.measurementMillis()))
                .shouldFailOnError(true);
        int combos = 0;
        for (String w : what) {
            switch (w) {
                case "step":
                    b.include(Pattern.quote(SolverStepBenchmark.class.getName()) + "\\.step$");
                    combos += params.get("solver").length * params.get("dim").length * params.get("batch").length
                            * params.get("threads").length;
                    break;
                case "triad":
                    b.include(Pattern.quote(BandwidthBenchmark.class.getName()) + "\\.triad$");
                    combos += params.get("dim").length * params.get("batch").length * params.get("threads").length;
                    break;
                default:
                    b.include(Pattern.quote(KernelsBenchmark.class.getName()) + "\\.");
                    combos += benchmarkMethods(KernelsBenchmark.class) * params.get("size").length;
                    break;
            }
        }
        params.forEach(b::param);
        if (config.gcProfiler()) {
            b.addProfiler(GCProfiler.class);
        }
        JmhEvents events = new JmhEvents(progress);
        progress.phase(label, combos, combos);
        try {
            Collection<RunResult> r = new Runner(b.build(), events).run();
            progress.end();
            return new ArrayList<>(r);
        } catch (RunnerException e) {
            progress.end();
            throw new IllegalStateException("JMH " + label + " failed: " + e.getMessage() + "\n"
                    + String.join("\n", events.lines), e);
        }
    }

    private static int benchmarkMethods(Class<?> type) {
        int n = 0;
        for (java.lang.reflect.Method m : type.getMethods()) {
            if (m.isAnnotationPresent(org.openjdk.jmh.annotations.Benchmark.class)) {
                n++;
            }
        }
        return n;
    }

    private static BenchResult collect(List<RunResult> results, List<RunResult> kernelResults,
            List<RunResult> triadsAgain) {
        // triad bandwidth per (element count, threads); the main-memory figure per threads is the largest count's
        Map<List<Long>, Double> triad = triads(results);
        Map<Long, Long> largest = new HashMap<>();
        for (List<Long> key : triad.keySet()) {
            largest.merge(key.get(1), key.get(0), Math::max);
        }
        List<BenchResult.StepRow> steps = new ArrayList<>();
        for (RunResult r : results) {
            BenchmarkParams p = r.getParams();
            if (p.getBenchmark().endsWith(".step")) {
                int dim = Integer.parseInt(p.getParam("dim"));
                int batch = Integer.parseInt(p.getParam("batch"));
                int threads = Integer.parseInt(p.getParam("threads"));
                long n = (long) dim * batch;
                String solver = p.getParam("solver");
                Long dramSize = largest.get((long) threads);
                double dram = dramSize == null ? Double.NaN : triad.get(List.of(dramSize, (long) threads));
                steps.add(new BenchResult.StepRow(solver, dim, batch, threads, r.getPrimaryResult().getScore(),
                        r.getPrimaryResult().getScoreError(), StepTraffic.bytesPerStep(solver, n),
                        StepTraffic.minimalBytesPerStep(solver, n),
                        triad.getOrDefault(List.of(n, (long) threads), Double.NaN), dram, alloc(r)));
            }
        }
        steps.sort(java.util.Comparator.comparing(BenchResult.StepRow::solver,
                java.util.Comparator.comparingInt(BenchRunner::solverRank))
                .thenComparingInt(BenchResult.StepRow::batch).thenComparingInt(BenchResult.StepRow::dim)
                .thenComparingInt(BenchResult.StepRow::threads));
        List<BenchResult.KernelRow> kernels = new ArrayList<>();
        for (RunResult r : kernelResults) {
            BenchmarkParams p = r.getParams();
            String name = p.getBenchmark().substring(p.getBenchmark().lastIndexOf('.') + 1);
            int size = Integer.parseInt(p.getParam("size"));
            kernels.add(new BenchResult.KernelRow(name, size, r.getPrimaryResult().getScore(),
                    (long) KernelsBenchmark.bytesPerElement(name) * size, alloc(r)));
        }
        kernels.sort(java.util.Comparator.comparing(BenchResult.KernelRow::kernel)
                .thenComparingInt(BenchResult.KernelRow::size));
        List<BenchResult.TriadRow> drift = new ArrayList<>();
        triads(triadsAgain).forEach((key, after) -> {
            Double before = triad.get(key);
            if (before != null) {
                drift.add(new BenchResult.TriadRow(key.get(0), key.get(1).intValue(), before, after));
            }
        });
        drift.sort(java.util.Comparator.comparingInt(BenchResult.TriadRow::threads)
                .thenComparingLong(BenchResult.TriadRow::elements));
        return new BenchResult(steps, kernels, drift);
    }

    /** Triad bandwidth in GB/s per (element count, threads) of the triad runs among {@code results}. */
    private static Map<List<Long>, Double> triads(List<RunResult> results) {
        Map<List<Long>, Double> triad = new HashMap<>();
        for (RunResult r : results) {
            BenchmarkParams p = r.getParams();
            if (p.getBenchmark().endsWith(".triad")) {
                long n = (long) Integer.parseInt(p.getParam("dim")) * Integer.parseInt(p.getParam("batch"));
                long threads = Integer.parseInt(p.getParam("threads"));
                triad.put(List.of(n, threads), BandwidthBenchmark.BYTES_PER_ELEMENT * n / r.getPrimaryResult().getScore());
            }
        }
        return triad;
    }

    private static int solverRank(String solver) {
        int i = BenchConfig.PREFERRED_SOLVERS.indexOf(solver);
        return i < 0 ? BenchConfig.PREFERRED_SOLVERS.size() : i;
    }

    private static double alloc(RunResult r) {
        for (Map.Entry<String, Result> e : r.getSecondaryResults().entrySet()) {
            if (e.getKey().endsWith("gc.alloc.rate.norm")) {
                return e.getValue().getScore();
            }
        }
        return Double.NaN;
    }

    /**
     * The tables {@link #run} prints (Markdown, so they paste into docs/performance.md).
     *
     * @param r measurements
     * @return the text
     */
    public static String table(BenchResult r) {
        StringBuilder sb = new StringBuilder("\nGuard scan: " + SoundnessScan.describe() + "\n");
        sb.append("\n| solver | dim | batch | threads | ns/step | bytes/step | GB/s "
                + "| triad GB/s | bound ns | time/bound | time/DRAM bound | time/minimal DRAM bound | alloc B/step |\n"
                + "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (BenchResult.StepRow s : r.steps()) {
            sb.append(String.format(Locale.ROOT, "| %s | %d | %d | %d | %s%s | %s | %s | %s | %s | %s | %s | %s | %s |%n",
                    s.solver(), s.dim(), s.batch(), s.threads(), g(s.nanosPerStep()),
                    Double.isFinite(s.nanosError()) ? " ± " + g(s.nanosError()) : "",
                    s.bytesPerStep() < 0 ? "?" : Long.toString(s.bytesPerStep()), f(s.gigabytesPerSecond()),
                    f(s.triadGigabytesPerSecond()), g(s.boundNanos()), f(s.timeOverBound()),
                    f(s.timeOverDramBound()), f(s.timeOverMinimalDramBound()), f(s.allocBytesPerStep())));
        }
        if (!r.triads().isEmpty()) {
            sb.append("\nThe bound measured again after the steps (a change beyond a few percent moves every ratio of "
                    + "that size by as much):\n\n"
                    + "| elements | threads | triad GB/s before the steps | after | change |\n"
                    + "|---:|---:|---:|---:|---:|\n");
            for (BenchResult.TriadRow t : r.triads()) {
                sb.append(String.format(Locale.ROOT, "| %d | %d | %s | %s | %+.0f %% |%n", t.elements(), t.threads(),
                        f(t.gigabytesPerSecondBefore()), f(t.gigabytesPerSecondAfter()), 100 * t.change()));
            }
        }
        if (!r.kernels().isEmpty()) {
            sb.append("\n| kernel | size | ns/call | bytes/call | GB/s | alloc B/call |\n"
                    + "|---|---:|---:|---:|---:|---:|\n");
            for (BenchResult.KernelRow k : r.kernels()) {
                sb.append(String.format(Locale.ROOT, "| %s | %d | %s | %d | %s | %s |%n", k.kernel(), k.size(),
                        g(k.nanos()), k.bytes(), f(k.gigabytesPerSecond()), f(k.allocBytes())));
            }
        }
        return sb.toString();
    }

    private static String g(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, v >= 100 ? "%.0f" : "%.3g", v) : "?";
    }

    private static String f(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.2f", v) : "?";
    }

    /** Feeds JMH's events to the progress and keeps its last lines for error messages. */
    private static final class JmhEvents implements OutputFormat {
        private final Progress progress;
        private final Deque<String> lines = new ArrayDeque<>();

        JmhEvents(Progress progress) {
            this.progress = progress;
        }

        @Override
        public void iteration(BenchmarkParams benchParams, IterationParams params, int iteration) {
        }

        @Override
        public void iterationResult(BenchmarkParams benchParams, IterationParams params, int iteration,
                IterationResult data) {
        }

        @Override
        public void startBenchmark(BenchmarkParams benchParams) {
        }

        @Override
        public void endBenchmark(BenchmarkResult result) {
            progress.step(1);
        }

        @Override
        public void startRun() {
        }

        @Override
        public void endRun(Collection<RunResult> result) {
        }

        @Override
        public void print(String s) {
            keep(s);
        }

        @Override
        public void println(String s) {
            keep(s);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }

        @Override
        public void verbosePrintln(String s) {
        }

        @Override
        public void write(int b) {
        }

        @Override
        public void write(byte[] b) {
        }

        private synchronized void keep(String s) {
            lines.addLast(s);
            while (lines.size() > 200) {
                lines.removeFirst();
            }
        }
    }
}
