package io.samplerkit.solvers.sde;

import io.samplerkit.solvers.OptionSpec;
import io.samplerkit.solvers.SolverEntry;
import io.samplerkit.solvers.SolverRegistry;
import java.util.List;

/**
 * Registers the {@code sde} family: Euler–Maruyama on the reverse-SDE family and DDPM. Names and options are
 * listed in docs/solvers/sde.md.
 */
public final class SdeSolvers {

    private static final String FAMILY = "sde";

    private SdeSolvers() {
    }

    /**
     * @param registry builder to add to
     */
    public static void register(SolverRegistry.Builder registry) {
        registry.add(new SolverEntry(EulerMaruyama.NAME, FAMILY,
                "Euler-Maruyama on dx = [f x - (1+eta^2)/2 g^2 score] dt + eta g dw (weak order 1, strong 1/2)",
                List.of(OptionSpec.ofDouble("eta", 1.0, "[0, inf)", "noise scale; 1 = Anderson's reverse SDE, 0 = PF-ODE")),
                options -> new EulerMaruyama(options.getDouble("eta", 1.0, 0.0, Double.MAX_VALUE))));
        registry.add(new SolverEntry(Ddpm.NAME, FAMILY,
                "DDPM ancestral sampling as diffusers DDPMScheduler (clip_sample=False), weak order 1",
                List.of(OptionSpec.ofEnum("variance", DdpmVariance.FIXED_SMALL,
                        "fixed-small = posterior variance, fixed-large = beta_t")),
                options -> new Ddpm(options.getEnum("variance", DdpmVariance.FIXED_SMALL))));
    }
}
