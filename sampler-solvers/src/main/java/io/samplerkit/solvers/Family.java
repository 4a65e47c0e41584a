package io.samplerkit.solvers;

import java.util.Locale;

/**
 * The family a registered solver belongs to: how it is listed ({@code samplerkit list}, the docs under
 * {@code docs/solvers/}) and, for the contract test, which grid it is measured on.
 */
public enum Family {
    /** Runge–Kutta-type solvers of the probability-flow ODE (EDM coordinates or lambda/time). */
    ODE,
    /** Exponential integrators: DDIM, DPM-Solver(++), DEIS, iPNDM, adaptive DPM-Solver. */
    EXPONENTIAL,
    /** Linear multistep methods and predictor–correctors: UniPC, PNDM/PLMS, LMS, UniC on other predictors. */
    MULTISTEP,
    /** Reverse-SDE solvers that are not the stochastic variant of a deterministic family. */
    SDE;

    /** @return the lower-case name shown to users, e.g. {@code "exponential"} */
    public String text() {
        return name().toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return text();
    }
}
