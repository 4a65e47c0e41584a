package io.samplerkit.solvers.multistep;

import io.samplerkit.solvers.OptionSpec;
import io.samplerkit.solvers.SolverEntry;
import io.samplerkit.solvers.SolverRegistry;
import java.util.List;

/**
 * Registers the {@code multistep} family: UniPC, PNDM/PLMS, LMS.
 */
public final class MultistepSolvers {

    private MultistepSolvers() {
    }

    /**
     * @param registry builder to add to
     */
    public static void register(SolverRegistry.Builder registry) {
        registry.add(new SolverEntry(LinearMultistep.NAME, "multistep",
                "linear multistep (k-diffusion/diffusers LMS) in EDM coordinates, exact Lagrange weights; 1 call/step",
                List.of(OptionSpec.ofInt("order", 4, "[1, 4]", "number of history points (1 = Euler)")),
                options -> new LinearMultistep(options.getInt("order", 4, 1, LinearMultistep.MAX_ORDER))));
    }
}
