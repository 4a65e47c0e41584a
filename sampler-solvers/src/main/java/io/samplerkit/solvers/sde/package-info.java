/**
 * Samplers of the reverse-time SDE that are not a stochastic form of a deterministic family: Euler–Maruyama
 * on the reverse-SDE family and DDPM's ancestral step with its variance choices. Stochastic forms of
 * deterministic solvers (DDIM with {@code eta > 0}, SDE-DPM-Solver(++), EDM churn) stay with their family
 * because they share its update weights.
 */
package io.samplerkit.solvers.sde;
