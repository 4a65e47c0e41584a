package io.samplerkit.bench.report;

import io.samplerkit.solvers.SolverRegistry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A plain {@code main} for the report engine, for use before (or besides) the {@code samplerkit}
 * command line:
 * <pre>
 *   java -cp samplerkit.jar io.samplerkit.bench.report.ReportMain [--suite standard|quick|FILE.json]
 *       [--solvers a,b[k=v]] [--nfe 4,8,16] [--out DIR] [--seed N] [--shard i/n] [--threads N]
 *   java -cp samplerkit.jar io.samplerkit.bench.report.ReportMain merge --out DIR SHARD_DIR...
 * </pre>
 */
public final class ReportMain {

    private ReportMain() {
    }

    /**
     * @param args see the class comment
     */
    public static void main(String[] args) {
        List<String> a = new ArrayList<>(Arrays.asList(args));
        if (!a.isEmpty() && a.get(0).equals("merge")) {
            a.remove(0);
            Path out = Path.of(take(a, "--out", "report"));
            List<Path> dirs = a.stream().map(Path::of).toList();
            ReportMerger.merge(dirs, out, SolverRegistry.standard(), System.out);
            return;
        }
        ReportConfig c = ReportConfig.of(Suites.resolve(take(a, "--suite", "standard")))
                .withOutDir(Path.of(take(a, "--out", "report")))
                .withSeed(Long.parseLong(take(a, "--seed", Long.toString(ReportConfig.DEFAULT_SEED))))
                .withShard(Shard.parse(take(a, "--shard", "0/1")));
        String threads = take(a, "--threads", null);
        if (threads != null) {
            c = c.withThreads(Integer.parseInt(threads));
        }
        String solvers = take(a, "--solvers", null);
        if (solvers != null) {
            c = c.withSolvers(splitSolvers(solvers));
        }
        String nfe = take(a, "--nfe", null);
        if (nfe != null) {
            c = c.withNfe(Arrays.stream(nfe.split(",")).map(String::trim).map(Integer::valueOf).toList());
        }
        if (!a.isEmpty()) {
            throw new IllegalArgumentException("unknown arguments " + a);
        }
        ReportRunner.run(c, System.out);
    }

    /**
     * Splits a comma-separated solver list, keeping commas inside {@code [...]}.
     *
     * @param text e.g. {@code "ddim,dpmpp-2m[lower-order-final=false,order=2]"}
     * @return the solver texts
     */
    public static List<String> splitSolvers(String text) {
        List<String> out = new ArrayList<>();
        int depth = 0;
        StringBuilder cur = new StringBuilder();
        for (char ch : text.toCharArray()) {
            if (ch == '[') {
                depth++;
            } else if (ch == ']') {
                depth--;
            }
            if (ch == ',' && depth == 0) {
                if (!cur.toString().isBlank()) {
                    out.add(cur.toString().trim());
                }
                cur.setLength(0);
            } else {
                cur.append(ch);
            }
        }
        if (!cur.toString().isBlank()) {
            out.add(cur.toString().trim());
        }
        return out;
    }

    private static String take(List<String> args, String name, String def) {
        int i = args.indexOf(name);
        if (i < 0) {
            return def;
        }
        if (i + 1 >= args.size()) {
            throw new IllegalArgumentException(name + " needs a value");
        }
        String v = args.get(i + 1);
        args.remove(i + 1);
        args.remove(i);
        return v;
    }
}
