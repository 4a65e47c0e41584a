package io.samplerkit.bench.jmh;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A plain {@code main} for {@link BenchRunner}:
 * <pre>
 *   java -cp samplerkit.jar io.samplerkit.bench.jmh.BenchMain [--full] [--solvers ddim,dpmpp-3m]
 *       [--dims 1000,1000000] [--batches 4,16,64|none] [--no-kernels]
 * </pre>
 */
public final class BenchMain {

    private BenchMain() {
    }

    /**
     * @param args see the class comment
     */
    public static void main(String[] args) {
        List<String> a = new ArrayList<>(Arrays.asList(args));
        BenchConfig c = a.remove("--full") ? BenchConfig.full() : BenchConfig.quick();
        if (a.remove("--no-kernels")) {
            c = c.withKernels(false);
        }
        int i = a.indexOf("--solvers");
        if (i >= 0) {
            c = c.withSolvers(io.samplerkit.bench.report.ReportMain.splitSolvers(a.get(i + 1)));
            a.remove(i + 1);
            a.remove(i);
        }
        List<Integer> dims = c.dims();
        List<Integer> batches = c.batches();
        i = a.indexOf("--dims");
        if (i >= 0) {
            dims = Arrays.stream(a.get(i + 1).split(",")).map(String::trim).map(Integer::valueOf).toList();
            a.remove(i + 1);
            a.remove(i);
        }
        i = a.indexOf("--batches");
        if (i >= 0) {
            String v = a.get(i + 1);
            batches = v.equals("none") ? List.of()
                    : Arrays.stream(v.split(",")).map(String::trim).map(Integer::valueOf).toList();
            a.remove(i + 1);
            a.remove(i);
        }
        if (!a.isEmpty()) {
            throw new IllegalArgumentException("unknown arguments " + a);
        }
        BenchRunner.run(c.withSizes(dims, batches), System.out);
    }
}
