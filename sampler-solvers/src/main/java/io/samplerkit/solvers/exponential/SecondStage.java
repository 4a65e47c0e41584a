package io.samplerkit.solvers.exponential;

/**
 * How a third-order singlestep DPM-Solver step computes its second inner point {@code u_2} (the first, {@code u_1},
 * is always the first-order step). Only the midpoint update type differs between the two; with the taylor type both
 * use the {@code phi_2} form.
 */
public enum SecondStage {
    /**
     * The DPM-Solver paper and official code (Lu et al. 2022, arXiv:2206.00927, Algorithm 2 / DPM-Solver-3):
     * {@code u_2 = A x + C [w_1(r2 h) m_s + w_2(r2 h) (r2/r1)(m_1 - m_s)]}.
     */
    PAPER,
    /**
     * diffusers' {@code DPMSolverSinglestepScheduler} with {@code solver_type="midpoint"}: {@code u_2} is its
     * second-order midpoint step from {@code s} over {@code r2 h} through {@code u_1},
     * {@code u_2 = A x + C [w_1(r2 h) m_s + (w_1(r2 h)/2)(r2/r1)(m_1 - m_s)]}.
     */
    DIFFUSERS
}
