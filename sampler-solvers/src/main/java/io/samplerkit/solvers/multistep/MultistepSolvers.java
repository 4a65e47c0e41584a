package io.samplerkit.solvers.multistep;

import io.samplerkit.solvers.SolverRegistry;

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
        // entries are added by the family's solvers
    }
}
