/**
 * What every step-size-controlled solver shares: the option names and ranges ({@link
 * io.samplerkit.solvers.adaptive.AdaptiveOptions}) read by the embedded Runge–Kutta pairs of the ODE family and
 * by the adaptive DPM-Solver of the exponential family.
 */
package io.samplerkit.solvers.adaptive;
