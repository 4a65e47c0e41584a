package io.samplerkit.bench.spec;

import io.samplerkit.core.InvalidInputException;
import io.samplerkit.solvers.Solver;
import io.samplerkit.solvers.SolverOptions;
import io.samplerkit.solvers.SolverRegistry;
import io.samplerkit.solvers.calibration.CalibratedGrid;
import io.samplerkit.solvers.exponential.DpmSolverMultistep;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The {@code solver} object of run specs and the elements of a suite's {@code solvers}: {@code name} (a
 * {@link SolverRegistry} name, see {@code samplerkit list}) and {@code options} (an object of option values:
 * numbers, strings or booleans). Option errors name {@code options.<option>}.
 *
 * <p>The option {@value #COEFFICIENTS} is the spec's own, not the solver's: the path of a calibrated-grid file
 * ({@link CalibratedGridFile}) with a {@code coefficients} section, calibrated for this solver with the other
 * options; the solver is then created with those calibrated coefficients (docs/solvers/calibration.md). They are
 * tied to the file's grid: use it as the grid too ({@code {"type": "file", "path": ...}}).
 *
 * @param name registry name
 * @param options option values (empty when absent)
 */
public record SolverSpec(String name, Map<String, Object> options) {

    /** The option naming a calibrated-grid file whose coefficients the solver uses. */
    public static final String COEFFICIENTS = "coefficients";

    /** Validates the shape (names and values are checked by {@link #create}). */
    public SolverSpec {
        if (name == null || name.isBlank()) {
            throw new InvalidInputException("name", name == null ? "nothing" : "'" + name + "'",
                    "a registered solver name (see 'samplerkit list')");
        }
        Map<String, Object> copy = new LinkedHashMap<>();
        if (options != null) {
            for (Map.Entry<String, Object> e : options.entrySet()) {
                Object v = e.getValue();
                if (!(v instanceof Number || v instanceof String || v instanceof Boolean)) {
                    throw new InvalidInputException("options." + e.getKey(), v, "a number, a string or true/false");
                }
                copy.put(e.getKey(), v);
            }
        }
        options = java.util.Collections.unmodifiableMap(copy);
    }

    /**
     * @param name registry name
     * @param options option values as text (from the command line's {@code name[key=value,...]})
     * @return the spec
     */
    public static SolverSpec ofText(String name, Map<String, String> options) {
        return new SolverSpec(name, new TreeMap<>(options));
    }

    /** @return the option values as text, sorted by name (what a {@code name[key=value,...]} label shows) */
    public Map<String, String> optionTexts() {
        Map<String, String> m = new TreeMap<>();
        options.forEach((k, v) -> m.put(k, String.valueOf(v)));
        return m;
    }

    /**
     * @param registry the registry
     * @return the solver
     * @throws InvalidInputException naming {@code name} or {@code options.<option>}
     */
    public Solver create(SolverRegistry registry) {
        if (!registry.contains(name)) {
            throw new InvalidInputException("name", "'" + name + "'", "a registered solver name (see 'samplerkit list')");
        }
        if (options.containsKey(COEFFICIENTS)) {
            return withCoefficients(registry, options.get(COEFFICIENTS));
        }
        try {
            return registry.create(name, SolverOptions.of(options));
        } catch (InvalidInputException e) {
            throw e.path().startsWith("options") ? e : e.under("options");
        } catch (IllegalArgumentException e) {
            String m = String.valueOf(e.getMessage());
            String unknown = "solver " + name + " has no option '";
            if (m.startsWith("option ")) {
                throw InputErrors.adapt(new IllegalArgumentException(m.substring("option ".length()), e), "options");
            }
            if (m.startsWith(unknown)) {
                String option = m.substring(unknown.length(), m.indexOf('\'', unknown.length()));
                int accepts = m.indexOf("accepts");
                throw new InvalidInputException("options." + option, option, "an option of " + name
                        + (accepts < 0 ? "" : ": " + InputErrors.cap(m.substring(accepts + "accepts".length()).trim())));
            }
            throw InputErrors.adapt(e, "options");
        }
    }

    private Solver withCoefficients(SolverRegistry registry, Object file) {
        String path = "options." + COEFFICIENTS;
        String allowed = "the path of a calibrated-grid file with a coefficients section (samplerkit calibrate "
                + "--coefficients)";
        if (!(file instanceof String text) || text.isBlank()) {
            throw new InvalidInputException(path, file, allowed);
        }
        CalibratedGrid grid;
        try {
            grid = CalibratedGridFile.read(java.nio.file.Path.of(text));
        } catch (InvalidInputException e) {
            throw e.under(path);
        }
        if (grid.coefficients() == null) {
            throw new InvalidInputException(path, text, allowed);
        }
        if (!grid.solver().equals(name)) {
            throw new InvalidInputException(path, text, "a file calibrated for " + name + " (it is for " + grid.solver()
                    + ")");
        }
        Map<String, Object> rest = new LinkedHashMap<>(options);
        rest.remove(COEFFICIENTS);
        SolverSpec base = new SolverSpec(name, rest);
        if (!base.optionTexts().equals(new TreeMap<>(grid.options()))) {
            throw new InvalidInputException("options", base.optionTexts(), "the options the coefficients of " + text
                    + " were calibrated with, " + new TreeMap<>(grid.options()));
        }
        Solver solver = base.create(registry);
        if (!(solver instanceof DpmSolverMultistep multistep)) {
            throw new InvalidInputException(path, text, "coefficients of a multistep DPM-Solver(++)");
        }
        return multistep.withCorrections(grid.coefficients().corrections());
    }
}
