package io.samplerkit.solvers.law;

import io.samplerkit.core.Checks;
import io.samplerkit.core.analytic.GaussianData;
import io.samplerkit.core.grid.Timesteps;
import io.samplerkit.core.state.Batch;
import io.samplerkit.solvers.SamplingProblem;
import io.samplerkit.solvers.Solver;

/**
 * The exact output law of a fixed-grid sampler on a model that is affine in the state (Gaussian data).
 *
 * <p>Every step of such a solver combines the state, model outputs (affine in the state) and injected
 * standard normals linearly, so the output is
 * <pre>
 *   x_out = c + M x_T + sum_j N_j z_j,        z_j ~ N(0, I) independent, one per noise stream j
 * </pre>
 * and for {@code x_T ~ N(m, P)} independent of the noise the output law is
 * {@code N(c + M m, M P M^T + sum_j N_j N_j^T)}. The coefficients are read off probe runs, not derived
 * per solver: a first run of the rows {@code 0, e_1, ..., e_d} and one check row with every draw zero gives
 * {@code c} and {@code M} and lists the noise streams the solver draws; a second run of {@code K d} zero
 * rows where stream {@code j} is the unit vector {@code e_c} in row {@code j d + c} gives the columns of every
 * {@code N_j}. Steps whose draws come from a Brownian path give the same law (their normalized increments are
 * independent standard normals), so the probes always use per-stream draws. The check row is compared with
 * {@code c + M x}; a model that is not affine (or a solver whose update is not) is reported, never
 * silently linearized. Adaptive stochastic solvers are rejected: their accepted steps depend on the noise,
 * so their output is not Gaussian.
 *
 * <p>Cost: two runs, of {@code d + 2} and {@code K d} rows. Stateless.
 */
public final class ExactOutputLaw {

    /** Largest deviation of the check row from the affine fit, relative to the output scale. */
    private static final double AFFINE_TOLERANCE = 1e-7;

    private ExactOutputLaw() {
    }

    /**
     * The output law for {@code x_T} drawn from the exact marginal at the problem's first time, with its
     * Fréchet distances to the data law and to the exact marginal at the last point.
     *
     * @param solver the solver
     * @param problem the problem; its model must be the exact model of {@code data} (any parameterization)
     * @param data the Gaussian data law
     * @return the exact law and its distances
     */
    public static ExactLaw of(Solver solver, SamplingProblem problem, GaussianData data) {
        Timesteps ts = problem.timesteps();
        int last = ts.points() - 1;
        GaussianLaw start = GaussianLaw.marginal(data, ts.alpha(0), ts.sigma(0));
        GaussianLaw out = pushForward(solver, problem, start);
        GaussianLaw dataLaw = GaussianLaw.marginal(data, 1.0, 0.0);
        GaussianLaw end = problem.denoiseToZero() ? dataLaw : GaussianLaw.marginal(data, ts.alpha(last), ts.sigma(last));
        return new ExactLaw(out, out.frechetDistance(dataLaw), out.frechetDistance(end));
    }

    /**
     * The output law of a run started from {@code x_T ~ start}.
     *
     * @param solver the solver (fixed-grid, or adaptive and deterministic)
     * @param problem the problem; its model must be affine in the state
     * @param start law of {@code x_T}
     * @return the output law
     * @throws IllegalArgumentException if the solver is adaptive and stochastic, or the run is not affine
     */
    public static GaussianLaw pushForward(Solver solver, SamplingProblem problem, GaussianLaw start) {
        Checks.requireNonNull(solver, "solver");
        if (solver.adaptive() && solver.stochastic()) {
            throw new IllegalArgumentException(Checks.format(
                    "solver must be fixed-grid or deterministic for an exact law, got adaptive stochastic %s",
                    solver.name()));
        }
        int d = start.dim();
        ProbeNoise noise = new ProbeNoise();
        SamplingProblem probe = problem.withNoise(noise).withTrajectory(false);
        Batch x = Batch.zeros(d + 2, d);
        for (int k = 0; k < d; k++) {
            x.set(k + 1, k, 1.0);
            x.set(d + 1, k, k % 2 == 0 ? 0.75 : -1.25);
        }
        Batch y = solver.sample(probe, x).x();
        double[] c = new double[d];
        double[][] m = new double[d][d];
        double scale = 1;
        for (int i = 0; i < d; i++) {
            c[i] = y.get(0, i);
            scale = Math.max(scale, Math.abs(c[i]));
            for (int k = 0; k < d; k++) {
                m[i][k] = y.get(k + 1, i) - c[i];
                scale = Math.max(scale, Math.abs(m[i][k]));
            }
        }
        checkAffine(solver, c, m, x, y, scale);
        double[] mean = new double[d];
        double[][] cov = new double[d][d];
        for (int i = 0; i < d; i++) {
            mean[i] = c[i];
            for (int k = 0; k < d; k++) {
                mean[i] += m[i][k] * start.mean()[k];
            }
        }
        double[][] p = start.covariance();
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                double sum = 0;
                for (int k = 0; k < d; k++) {
                    double mp = 0;
                    for (int l = 0; l < d; l++) {
                        mp += m[i][l] * p[l][k];
                    }
                    sum += mp * m[j][k];
                }
                cov[i][j] = sum;
            }
        }
        int streams = noise.streamCount();
        if (streams > 0) {
            noise.startUnitProbing();
            Batch units = solver.sample(probe, Batch.zeros(streams * d, d)).x();
            double[] o = units.data();
            for (int r = 0; r < units.size(); r++) {
                for (int i = 0; i < d; i++) {
                    double gi = o[r * d + i] - c[i];
                    for (int j = 0; j < d; j++) {
                        cov[i][j] += gi * (o[r * d + j] - c[j]);
                    }
                }
            }
        }
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < i; j++) {
                double s = 0.5 * (cov[i][j] + cov[j][i]);
                cov[i][j] = s;
                cov[j][i] = s;
            }
        }
        return new GaussianLaw(mean, cov);
    }

    private static void checkAffine(Solver solver, double[] c, double[][] m, Batch x, Batch y, double scale) {
        int d = c.length;
        int r = d + 1;
        for (int i = 0; i < d; i++) {
            double v = c[i];
            for (int k = 0; k < d; k++) {
                v += m[i][k] * x.get(r, k);
            }
            double dev = Math.abs(v - y.get(r, i));
            if (!(dev <= AFFINE_TOLERANCE * scale)) {
                throw new IllegalArgumentException(Checks.format(
                        "model and solver %s must be affine in x_T for an exact law: check row deviates by %.3g",
                        solver.name(), dev));
            }
        }
    }
}
