package io.samplerkit.solvers.ode;

import io.samplerkit.solvers.Family;
import io.samplerkit.solvers.SolverEntry;
import io.samplerkit.solvers.SolverFamily;
import io.samplerkit.solvers.internal.ButcherTableau;
import io.samplerkit.solvers.internal.Churn;
import java.util.List;

/**
 * The {@code ode} family's registry entries: Runge–Kutta-type solvers of the probability-flow ODE. Found by
 * {@link java.util.ServiceLoader} as a {@link SolverFamily}.
 */
public final class OdeSolvers implements SolverFamily {

    /** Required by {@link java.util.ServiceLoader}. */
    public OdeSolvers() {
    }

    @Override
    public List<SolverEntry> entries() {
        return List.of(
                new SolverEntry(Euler.NAME, Family.ODE, "Euler on the PF-ODE in EDM coordinates (x/alpha, sigma/alpha), "
                        + "optional EDM churn; order 1, 1 call/step",
                        Churn.options(), options -> new Euler(Churn.fromOptions(options))),
                new SolverEntry(Heun.NAME, Family.ODE,
                        "EDM Heun (Karras Alg. 2) with optional churn; order 2, 2 calls/step (Euler into sigma=0)",
                        Churn.options(), options -> new Heun(Churn.fromOptions(options))),
                new SolverEntry(Dpm2.NAME, Family.ODE,
                        "k-diffusion DPM-2: midpoint in log(sigma/alpha), optional churn; order 2, 2 calls/step",
                        Churn.options(), options -> new Dpm2(Churn.fromOptions(options))),
                new SolverEntry(Midpoint.NAME, Family.ODE,
                        "explicit midpoint rule in EDM coordinates; order 2, 2 calls/step",
                        List.of(), options -> new Midpoint()),
                new SolverEntry(RungeKutta4.NAME, Family.ODE,
                        "classical Runge-Kutta in EDM coordinates; order 4, 4 calls/step",
                        List.of(), options -> new RungeKutta4()),
                new SolverEntry(EmbeddedRungeKutta.BOSH3, Family.ODE,
                        "adaptive Bogacki-Shampine 3(2) on the PF-ODE (lambda or t), PID step control; 3 calls/attempt",
                        EmbeddedRungeKutta.options(),
                        options -> EmbeddedRungeKutta.fromOptions(ButcherTableau.BOGACKI_SHAMPINE, options)),
                new SolverEntry(EmbeddedRungeKutta.DOPRI5, Family.ODE,
                        "adaptive Dormand-Prince 5(4) on the PF-ODE (lambda or t), PID step control; 6 calls/attempt",
                        EmbeddedRungeKutta.options(),
                        options -> EmbeddedRungeKutta.fromOptions(ButcherTableau.DORMAND_PRINCE, options)));
    }
}
