package io.samplerkit.solvers.exponential;

import io.samplerkit.solvers.OptionSpec;
import io.samplerkit.solvers.SolverEntry;
import io.samplerkit.solvers.SolverRegistry;
import java.util.List;

/**
 * Registers the {@code exponential} family: DDIM, DPM-Solver, DPM-Solver++, DEIS.
 */
public final class ExponentialSolvers {

    private ExponentialSolvers() {
    }

    /**
     * @param registry builder to add to
     */
    public static void register(SolverRegistry.Builder registry) {
        registry.add(new SolverEntry(Ddim.NAME, "exponential",
                "DDIM(eta); eta=0 is the first-order exponential integrator, eta=1 the DDPM posterior",
                List.of(OptionSpec.ofDouble("eta", 0.0, "[0, 1]", "stochasticity; 1 = DDPM fixed_small variance")),
                options -> new Ddim(options.getDouble("eta", 0.0, 0.0, 1.0))));
        registerDeis(registry);
    }

    /** DEIS (diffusers log-rho multistep, official tAB/rhoAB/rhoRK), iPNDM; adaptive DPM-Solver. */
    private static void registerDeis(SolverRegistry.Builder registry) {
        registry.add(new SolverEntry(DeisRungeKutta.NAME, "exponential",
                "rhoRK-DEIS: explicit Runge-Kutta on d(x/alpha)/d rho = epshat; order and calls/step of the tableau",
                List.of(OptionSpec.ofEnum("method", DeisRkMethod.KUTTA3, "Butcher tableau (official default kutta3)")),
                options -> new DeisRungeKutta(options.getEnum("method", DeisRkMethod.KUTTA3))));
    }
}
