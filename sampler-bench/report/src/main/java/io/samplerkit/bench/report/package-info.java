/**
 * The report engine behind {@code samplerkit report}: suites as data ({@link io.samplerkit.bench.report.Suite},
 * {@link io.samplerkit.bench.report.Suites}), their expansion into configurations
 * ({@link io.samplerkit.bench.report.SuitePlan}), the measurement of each configuration against exact or
 * reference answers (error to the probability-flow solution, exact Fréchet distance of the output law
 * on Gaussian data via the affine-map extraction, NFE used, wall time), convergence-order fits
 * ({@link io.samplerkit.bench.report.OrderFit}), and the output folder (CSV, manifest, Markdown, HTML,
 * plots drawn with {@link io.samplerkit.bench.plot}). Entry points: {@link io.samplerkit.bench.report.ReportRunner#run} and
 * {@link io.samplerkit.bench.report.ReportMerger#merge}.
 *
 * <table>
 * <caption>Metrics per configuration</caption>
 * <tr><th>column</th><th>meaning</th></tr>
 * <tr><td>rmse, max_error</td><td>error to the exact (Gaussian) or reference probability-flow solution
 *     at {@code tEnd}, over every coordinate of every initial state</td></tr>
 * <tr><td>fd, fd_exact</td><td>exact Fréchet distance of the output law {@code N(c + M m_T, M P_T M^T)} to
 *     the data law and to the exact PF-ODE law at {@code tEnd} (Gaussian problems, deterministic
 *     fixed-step solvers)</td></tr>
 * <tr><td>nfe, steps</td><td>model evaluations and accepted steps actually used</td></tr>
 * <tr><td>seconds_per_step</td><td>wall time per step for the whole batch (the only non-deterministic column;
 *     written to {@code timing.csv}, apart from the deterministic {@code results.csv})</td></tr>
 * </table>
 */
package io.samplerkit.bench.report;
