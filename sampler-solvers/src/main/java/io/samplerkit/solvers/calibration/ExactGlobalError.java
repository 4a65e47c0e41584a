package io.samplerkit.solvers.calibration;

import io.samplerkit.core.InvalidInputException;
import io.samplerkit.core.analytic.GaussianData;
import io.samplerkit.core.grid.Timesteps;
import io.samplerkit.core.model.DiffusionModel;
import io.samplerkit.core.schedule.NoiseSchedule;
import io.samplerkit.core.state.Batch;
import io.samplerkit.solvers.SamplingDriver;
import io.samplerkit.solvers.SamplingProblem;
import io.samplerkit.solvers.Solver;

/**
 * The exact mean squared error of a deterministic fixed-grid solver to the exact probability-flow map, over
 * initial states drawn from the exact marginal at the grid's first time:
 * {@code E ||x_N - Phi(x_0)||^2 / d}, {@code x_0 ~ N(alpha_0 mu, U diag(v_0) U^T)}.
 *
 * <p>With Gaussian data every solver that combines states and model outputs with scalar coefficients is an
 * affine map {@code x_N = c + M x_0} that is diagonal in the data's eigenbasis, and so is the exact flow
 * {@code Phi}. The error is therefore computed on the rotated problem (data {@code N(U^T mu, diag(s^2))}, the
 * same errors because the Euclidean norm is rotation invariant) from two probe rows, {@code 0} and
 * {@code (1, ..., 1)}: they give {@code c_k} and {@code m_k}, and per eigen-coordinate, with
 * {@code e_c = c_k - c*_k}, {@code e_m = m_k - m*_k},
 * <pre>
 *   E (error_k)^2 = (e_c + e_m alpha_0 mu'_k)^2 + e_m^2 v_{0,k}.
 * </pre>
 * This is the population value of the report's RMSE squared (which averages the same error over a finite
 * sample of initial states). One evaluation costs one solver run on a 2 x d batch.
 *
 * <p>Immutable and thread-safe.
 */
public final class ExactGlobalError {

    private final CalibrationTarget target;
    private final GaussianData rotated;
    private final DiffusionModel model;
    private final double[] rotatedMean;

    /**
     * @param target the calibration problem
     */
    public ExactGlobalError(CalibrationTarget target) {
        this.target = target;
        GaussianData data = target.data();
        double[][] u = data.eigenvectors();
        double[] mu = data.mean();
        int d = data.dim();
        rotatedMean = new double[d];
        for (int k = 0; k < d; k++) {
            double s = 0;
            for (int i = 0; i < d; i++) {
                s += u[i][k] * mu[i];
            }
            rotatedMean[k] = s;
        }
        rotated = GaussianData.diagonal(rotatedMean, data.eigenvalues());
        model = rotated.model(target.schedule(), target.prediction());
    }

    /** @return the problem */
    public CalibrationTarget target() {
        return target;
    }

    /**
     * Mean squared error per coordinate of a solver run over the given points.
     *
     * @param solver a deterministic, fixed-grid solver
     * @param timesteps the points (first one is where the initial law is taken)
     * @return {@code E ||x_N - Phi(x_0)||^2 / d}; {@code +inf} when the run produces non-finite values
     */
    public double meanSquaredError(Solver solver, Timesteps timesteps) {
        double[][] maps = affineErrors(solver, timesteps);
        if (maps == null) {
            return Double.POSITIVE_INFINITY;
        }
        double[] ec = maps[0];
        double[] em = maps[1];
        int d = ec.length;
        double alpha0 = timesteps.alpha(0);
        double[] v0 = rotated.marginalCovarianceEigenvalues(alpha0, timesteps.sigma(0));
        double sum = 0;
        for (int k = 0; k < d; k++) {
            double bias = ec[k] + em[k] * alpha0 * rotatedMean[k];
            sum += bias * bias + em[k] * em[k] * v0[k];
        }
        return Double.isFinite(sum) ? sum / d : Double.POSITIVE_INFINITY;
    }

    /**
     * The error as a sum of squares: {@code 2 d} terms whose squares add up to {@link #meanSquaredError} (to
     * round-off), per eigen-coordinate {@code (e_c + e_m alpha_0 mu'_k)/sqrt(d)} and {@code e_m sqrt(v_{0,k}/d)}.
     * The residual vector of a least-squares fit ({@link CoefficientCalibrator}).
     *
     * @param solver a deterministic, fixed-grid solver
     * @param timesteps the points
     * @return the terms, or null when the run produces non-finite values
     */
    public double[] errorTerms(Solver solver, Timesteps timesteps) {
        double[][] maps = affineErrors(solver, timesteps);
        if (maps == null) {
            return null;
        }
        double[] ec = maps[0];
        double[] em = maps[1];
        int d = ec.length;
        double alpha0 = timesteps.alpha(0);
        double[] v0 = rotated.marginalCovarianceEigenvalues(alpha0, timesteps.sigma(0));
        double scale = 1 / Math.sqrt(d);
        double[] terms = new double[2 * d];
        for (int k = 0; k < d; k++) {
            terms[k] = (ec[k] + em[k] * alpha0 * rotatedMean[k]) * scale;
            terms[d + k] = em[k] * Math.sqrt(v0[k]) * scale;
        }
        for (double t : terms) {
            if (!Double.isFinite(t)) {
                return null;
            }
        }
        return terms;
    }

    /**
     * The errors of the solver's affine map in the eigenbasis: offsets {@code e_c} and slopes {@code e_m}.
     *
     * @return {@code {e_c, e_m}}, or null when the run fails
     */
    private double[][] affineErrors(Solver solver, Timesteps timesteps) {
        requireDeterministic(solver);
        NoiseSchedule schedule = target.schedule();
        int d = rotated.dim();
        Batch x = Batch.zeros(2, d);
        java.util.Arrays.fill(x.data(), d, 2 * d, 1.0);
        double[] out;
        try {
            out = SamplingDriver.run(solver, SamplingProblem.of(schedule, model, timesteps), x).x().data();
        } catch (io.samplerkit.core.SamplingException e) {
            return null;
        }
        int last = timesteps.steps();
        Batch exact = Batch.zeros(2, d);
        rotated.flow(x, timesteps.alpha(0), timesteps.sigma(0), timesteps.alpha(last), timesteps.sigma(last), exact);
        double[] e = exact.data();
        double[] ec = new double[d];
        double[] em = new double[d];
        for (int k = 0; k < d; k++) {
            ec[k] = out[k] - e[k];
            em[k] = (out[d + k] - out[k]) - (e[d + k] - e[k]);
        }
        return new double[][] {ec, em};
    }

    /**
     * Mean squared error of a run over the given times.
     *
     * @param solver a deterministic, fixed-grid solver
     * @param times strictly decreasing times
     * @return see {@link #meanSquaredError(Solver, Timesteps)}
     */
    public double meanSquaredError(Solver solver, double[] times) {
        return meanSquaredError(solver, Timesteps.of(target.schedule(), times));
    }

    static void requireDeterministic(Solver solver) {
        if (solver.stochastic() || solver.adaptive()) {
            throw new InvalidInputException("solver", solver.name(),
                    "a deterministic fixed-grid solver (grids are calibrated for fixed steps)");
        }
    }
}
