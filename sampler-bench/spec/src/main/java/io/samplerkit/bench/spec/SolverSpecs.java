package io.samplerkit.bench.spec;

import io.samplerkit.core.InvalidInputException;
import io.samplerkit.solvers.Solver;
import io.samplerkit.solvers.SolverOptions;
import io.samplerkit.solvers.SolverRegistry;
import java.util.List;
import java.util.Map;

/**
 * The {@code solver} object of a run specification → a registry solver: {@code name} (a
 * {@link SolverRegistry} name) and {@code options} (an object of option values, see
 * {@code samplerkit list}). Option errors name {@code solver.options.<option>}.
 */
public final class SolverSpecs {

    private SolverSpecs() {
    }

    /**
     * @param node the {@code solver} object
     * @param registry the registry
     * @return the solver
     * @throws SpecException naming the field, the value and what is allowed
     */
    public static Solver parse(SpecNode node, SolverRegistry registry) {
        node.allowOnly(List.of("name", "options"));
        String name = node.string("name");
        if (!registry.contains(name)) {
            List<String> names = registry.entries().stream().map(e -> e.name()).toList();
            throw new SpecException(node.pathOf("name"), node.pathOf("name") + " must be one of "
                    + String.join(", ", names) + ", got '" + name + "'");
        }
        Map<String, Object> values = node.optionalObject("options").map(SpecNode::plainValues).orElse(Map.of());
        String optionsPath = node.pathOf("options");
        try {
            return registry.create(name, SolverOptions.of(values));
        } catch (InvalidInputException e) {
            // "options.order must be ..." -> "solver.options.order must be ..."
            InvalidInputException full = e.under(node.path());
            throw new SpecException(full.path(), full.getMessage());
        } catch (IllegalArgumentException e) {
            throw new SpecException(optionsPath, optionsPath + ": " + e.getMessage());
        }
    }
}
