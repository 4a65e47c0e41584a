package io.samplerkit.solvers.exponential;

/**
 * The variable in which the official DEIS Adams–Bashforth methods interpolate the noise prediction
 * (Zhang and Chen 2022, arXiv:2204.13902, section 4).
 */
public enum DeisVariable {
    /** tAB-DEIS: Lagrange polynomial in the schedule's time {@code t}. */
    TIME,
    /** rhoAB-DEIS: Lagrange polynomial in {@code rho = sigma/alpha}. */
    RHO
}
