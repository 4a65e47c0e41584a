package io.samplerkit.solvers.ode;

import io.samplerkit.solvers.SolverEntry;
import io.samplerkit.solvers.SolverRegistry;
import io.samplerkit.solvers.support.ButcherTableau;
import io.samplerkit.solvers.support.Churn;
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
                "Euler on the PF-ODE in EDM coordinates (x/alpha, sigma/alpha), optional EDM churn; order 1, 1 call/step",
                Churn.options(), options -> new Euler(Churn.fromOptions(options))));
        registry.add(new SolverEntry(Heun.NAME, "ode",
                "EDM Heun (Karras Alg. 2) with optional churn; order 2, 2 calls/step (Euler into sigma=0)",
                Churn.options(), options -> new Heun(Churn.fromOptions(options))));
        registry.add(new SolverEntry(Dpm2.NAME, "ode",
                "k-diffusion DPM-2: midpoint in log(sigma/alpha), optional churn; order 2, 2 calls/step",
                Churn.options(), options -> new Dpm2(Churn.fromOptions(options))));
        registry.add(new SolverEntry(Midpoint.NAME, "ode",
                "explicit midpoint rule in EDM coordinates; order 2, 2 calls/step",
                List.of(), options -> new Midpoint()));
        registry.add(new SolverEntry(RungeKutta4.NAME, "ode",
                "classical Runge-Kutta in EDM coordinates; order 4, 4 calls/step",
                List.of(), options -> new RungeKutta4()));
        registry.add(new SolverEntry(EmbeddedRungeKutta.BOSH3, "ode",
                "adaptive Bogacki-Shampine 3(2) on the PF-ODE (lambda or t), PID step control; 3 calls/attempt",
                EmbeddedRungeKutta.options(),
                options -> EmbeddedRungeKutta.fromOptions(ButcherTableau.BOGACKI_SHAMPINE, options)));
        registry.add(new SolverEntry(EmbeddedRungeKutta.DOPRI5, "ode",
                "adaptive Dormand-Prince 5(4) on the PF-ODE (lambda or t), PID step control; 6 calls/attempt",
                EmbeddedRungeKutta.options(),
                options -> EmbeddedRungeKutta.fromOptions(ButcherTableau.DORMAND_PRINCE, options)));
    }
}
