package io.samplerkit.solvers.multistep;

/**
 * The PNDM variants of Liu et al. 2022 ("Pseudo Numerical Methods for Diffusion Models on Manifolds",
 * arXiv:2202.09778, Algorithm 2 and eqs. 12–13) and of diffusers' {@code PNDMScheduler}. All of them
 * combine past noise predictions with constant Adams–Bashforth coefficients and move the state with
 * the DDIM transfer; they differ in the warm-up that fills the history.
 */
public enum PndmMethod {

    /**
     * F-PNDM (the official {@code gen_order_4}; diffusers with {@code skip_prk_steps=False}): the first
     * three steps are pseudo fourth-order Runge–Kutta steps (4 model calls each, only the first call's
     * output is kept as history), then PLMS with the fourth-order Adams–Bashforth combination.
     * NFE = N + 9 for N ≥ 3 steps.
     */
    F_PNDM("pndm", 4, 3),

    /**
     * S-PNDM (the official {@code gen_order_2}): one pseudo improved-Euler step (2 model calls, the
     * second output is not kept), then the second-order Adams–Bashforth combination. NFE = N + 1.
     */
    S_PNDM("s-pndm", 2, 0),

    /**
     * PLMS as in diffusers' {@code skip_prk_steps=True} (after crowsonkb's latent-diffusion PLMS): the
     * pseudo improved-Euler first step of S-PNDM, then Adams–Bashforth of order 2, 3 and from then on
     * 4 as the history fills. NFE = N + 1.
     */
    PLMS("plms", 4, 0);

    private final String registryName;
    private final int maxOrder;
    private final int rungeKuttaSteps;

    PndmMethod(String registryName, int maxOrder, int rungeKuttaSteps) {
        this.registryName = registryName;
        this.maxOrder = maxOrder;
        this.rungeKuttaSteps = rungeKuttaSteps;
    }

    /** @return stable registry name */
    public String registryName() {
        return registryName;
    }

    /** @return highest Adams–Bashforth order used */
    public int maxOrder() {
        return maxOrder;
    }

    /** @return how many leading steps are pseudo Runge–Kutta steps (0: one pseudo improved-Euler step) */
    public int rungeKuttaSteps() {
        return rungeKuttaSteps;
    }

    /**
     * Model calls for a run of {@code steps} steps.
     *
     * @param steps number of steps
     * @return the number of model evaluations
     */
    public int modelCalls(int steps) {
        return rungeKuttaSteps > 0 ? steps + 3 * Math.min(steps, rungeKuttaSteps) : steps + 1;
    }
}
