package io.samplerkit.bench.report;

import io.samplerkit.bench.spec.GridSpec;
import io.samplerkit.core.InvalidInputException;
import io.samplerkit.solvers.Option;
import io.samplerkit.solvers.SolverEntry;
import io.samplerkit.solvers.SolverRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Expands a {@link Suite} into its configurations, in a fixed order: problems in suite order, then
 * solvers by label, then (fixed-step solvers) grids in suite order and target NFE ascending, or
 * (adaptive solvers) tolerances descending. Each configuration's {@code seq} is its position.
 *
 * <p>A solver is adaptive when {@code Solver.adaptive()} says so ({@link #isAdaptive}); the report then
 * sweeps {@code rtol} (and {@code atol}, when present) over the suite's tolerances instead of grids and NFE.
 */
public final class SuitePlan {

    private SuitePlan() {
    }

    /**
     * @param suite the suite
     * @param registry the solvers
     * @return the configurations, {@code seq} = index
     */
    public static List<RunConfig> enumerate(Suite suite, SolverRegistry registry) {
        List<SolverVariant> variants = variants(suite, registry);
        List<Integer> nfe = new ArrayList<>(new java.util.TreeSet<>(suite.nfe()));
        List<Double> tolerances = new ArrayList<>(new java.util.TreeSet<>(suite.tolerances()));
        java.util.Collections.reverse(tolerances);
        List<RunConfig> out = new ArrayList<>();
        for (ProblemSpec p : suite.problems()) {
            for (SolverVariant v : variants) {
                if (isAdaptive(registry.entry(v.name()))) {
                    for (double tol : tolerances) {
                        out.add(new RunConfig(out.size(), p, v, true, null, 0, tol));
                    }
                } else {
                    for (GridSpec g : suite.grids()) {
                        for (int n : nfe) {
                            out.add(new RunConfig(out.size(), p, v, false, g, n, Double.NaN));
                        }
                    }
                }
            }
        }
        return out;
    }

    /**
     * The solver variants of a suite, sorted by label: the suite's list, or every registered solver
     * with default options when the list is empty.
     *
     * @param suite the suite
     * @param registry the solvers
     * @return the variants
     */
    public static List<SolverVariant> variants(Suite suite, SolverRegistry registry) {
        List<SolverVariant> list = new ArrayList<>();
        if (suite.solvers().isEmpty()) {
            for (SolverEntry e : registry.entries()) {
                list.add(new SolverVariant(e.name(), java.util.Map.of()));
            }
        } else {
            java.util.Set<String> labels = new java.util.HashSet<>();
            for (int i = 0; i < suite.solvers().size(); i++) {
                io.samplerkit.bench.spec.SolverSpec s = suite.solvers().get(i);
                String path = "solvers[" + i + "]";
                if (!registry.contains(s.name())) {
                    throw new InvalidInputException(path + ".name", "'" + s.name() + "'",
                            "a registered solver name (see 'samplerkit list')");
                }
                SolverVariant v = new SolverVariant(s.name(), s.optionTexts());
                if (!labels.add(v.label())) {
                    throw new InvalidInputException(path, v.label(), "listed once");
                }
                list.add(v);
            }
        }
        list.sort(java.util.Comparator.comparing(SolverVariant::label));
        return list;
    }

    /**
     * Whether a registered solver chooses its own steps: {@code Solver.adaptive()} of the solver with
     * default options, or, if those options cannot build it, whether it has an {@code rtol} option.
     *
     * @param entry registry entry
     * @return whether it is an adaptive (tolerance-driven) solver
     */
    public static boolean isAdaptive(SolverEntry entry) {
        try {
            return entry.create(io.samplerkit.solvers.SolverOptions.empty()).adaptive();
        } catch (IllegalArgumentException e) {
            for (Option<?> o : entry.options()) {
                if (o.name().toLowerCase(Locale.ROOT).equals("rtol")) {
                    return true;
                }
            }
            return false;
        }
    }

    /**
     * The tolerance options of an adaptive solver set to {@code tolerance}.
     *
     * @param entry registry entry
     * @param tolerance the value
     * @return {@code rtol} and, when the solver has it, {@code atol}
     */
    static java.util.Map<String, String> toleranceOptions(SolverEntry entry, double tolerance) {
        java.util.Map<String, String> m = new java.util.TreeMap<>();
        for (Option<?> o : entry.options()) {
            String n = o.name().toLowerCase(Locale.ROOT);
            if (n.equals("rtol") || n.equals("atol")) {
                m.put(o.name(), Double.toString(tolerance));
            }
        }
        return m;
    }
}
