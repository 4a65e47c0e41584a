/**
 * The solver API: {@link io.samplerkit.solvers.Solver} (an immutable configuration), its per-run state
 * {@link io.samplerkit.solvers.SolverRun}, the problem ({@link io.samplerkit.solvers.SamplingProblem}), the one shared
 * sampling loop ({@link io.samplerkit.solvers.SamplingDriver}), typed step observation
 * ({@link io.samplerkit.solvers.StepObserver}, {@link io.samplerkit.solvers.StepInfo}) and the registry of stable names
 * ({@link io.samplerkit.solvers.SolverRegistry}).
 *
 * <p>Families live in sub-packages: {@code ode} (Euler, Heun, DPM-2, midpoint, RK4, embedded Runge–Kutta),
 * {@code exponential} (DDIM, DPM-Solver, DPM-Solver++, DEIS, adaptive DPM-Solver), {@code multistep} (UniPC,
 * PNDM/PLMS, LMS); shared mathematics in {@code support}. Each family's package documentation tables its methods
 * and orders.
 */
package io.samplerkit.solvers;
