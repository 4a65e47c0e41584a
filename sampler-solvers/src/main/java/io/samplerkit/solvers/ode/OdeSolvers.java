package io.samplerkit.solvers.ode;

import io.samplerkit.solvers.SolverEntry;
import io.samplerkit.solvers.SolverRegistry;
import java.util.List;

/**
 * Registers the {@code ode} family: Runge–Kutta-type solvers of the probability-flow ODE.
 */
public final class OdeSolvers {

    private OdeSolvers() {
    }

    /**
     * @param registry builder to add to
     */
    public static void register(SolverRegistry.Builder registry) {
        registry.add(new SolverEntry(Euler.NAME, "ode",
                "Euler on the PF-ODE in EDM coordinates (x/alpha, sigma/alpha); order 1, 1 call/step",
                List.of(), options -> new Euler()));
    }
}
