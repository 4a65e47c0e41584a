package io.samplerkit.solvers.law;

import io.samplerkit.core.Checks;
import io.samplerkit.core.analytic.GaussianData;
import io.samplerkit.core.grid.Timesteps;
import io.samplerkit.core.state.Batch;
import io.samplerkit.solvers.SamplingProblem;
import io.samplerkit.solvers.Solver;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;

/**
 * The exact output law of a fixed-grid sampler on a model that is affine in the state (Gaussian data).
 *
 * <p>Every step of such a solver combines the state, model outputs (affine in the state) and injected
 * standard normals linearly, so the output is
 * <pre>
 *   x_out = c + M x_T + sum_j N_j z_j,        z_j ~ N(0, I) independent, one per noise stream j
 * </pre>
 * and for {@code x_T ~ N(m, P)} independent of the noise the output law is
 * {@code N(c + M m, M P M^T + sum_j N_j N_j^T)}. The coefficients are read off probe runs of the solver itself,
 * not derived per solver. Steps whose draws come from a Brownian path give the same law (their normalized
 * increments are independent standard normals), so the probes always use per-stream draws. Adaptive stochastic
 * solvers are rejected: their accepted steps depend on the noise, so their output is not Gaussian.
 *
 * <p>Two ways to read the coefficients:
 * <ul>
 *   <li>{@link #pushForward(Solver, SamplingProblem, GaussianLaw) By probing} (any affine model): a first run of
 *       the rows {@code 0, e_1, ..., e_d} and one check row with every draw zero gives {@code c} and {@code M}
 *       and lists the noise streams the solver draws; a second run of {@code K d} zero rows where stream
 *       {@code j} is the unit vector {@code e_c} in row {@code j d + c} gives the columns of every {@code N_j}.
 *       Cost: {@code d + 2 + K d} rows.</li>
 *   <li>{@link #pushForwardInEigenbasis In the data's eigenbasis} (the exact model of Gaussian data
 *       {@code N(mu, Q Lambda Q^T)}, fixed grids): the model is {@code Q diag(.) Q^T} plus a constant, and a
 *       solver that combines states, model outputs and draws with scalar coefficients keeps every matrix in that
 *       form, so {@code M = Q diag(m) Q^T} and {@code N_j = Q diag(n_j) Q^T}: the law decouples into {@code d}
 *       scalar recursions, one per eigencoordinate. All of them are probed at once: the rows {@code 0} and
 *       {@code Q 1} give {@code c} and {@code m = Q^T (y - c)}; row {@code j} of a second run draws {@code Q 1} in
 *       stream {@code j} and gives {@code n_j}. Cost: {@code K + 3} rows.</li>
 * </ul>
 * Each way ends with a check row (a generic state about 4 to 8 standard deviations out in the start law, and in the
 * eigenbasis way generic draws as far out in every stream; for adaptive solvers a state near the origin, since their
 * steps follow the whole probe batch) compared with the fitted affine map, so that a map affine only near the mode
 * (clipping, thresholding) is caught as well; a model that is not affine, a solver whose update is not, or
 * (eigenbasis way) a solver that mixes coordinates other than through the model is reported, never silently
 * linearized.
 *
 * <p>Stateless.
 */
public final class ExactOutputLaw {

    /** Largest deviation of the check row from the affine fit, relative to the output scale. */
    private static final double AFFINE_TOLERANCE = 1e-7;
    /**
     * How far the check rows reach, in standard deviations of the start law (states) and of a standard normal
     * (draws): {@code 8}, beyond which lies less than {@code 1e-15} of a coordinate's mass.
     */
    private static final double CHECK_REACH = 8.0;
    /** Seed of the check row's generic state and draws (any fixed seed: they only have to be generic). */
    private static final long CHECK_SEED = 0x5eed1a70L;

    private ExactOutputLaw() {
    }

    /**
     * The output law for {@code x_T} drawn from the exact marginal at the problem's first time, with its
     * Fréchet distances to the data law and to the exact marginal at the last point. Fixed-grid solvers are
     * probed in the data's eigenbasis ({@link #pushForwardInEigenbasis}); adaptive deterministic solvers, whose
     * steps depend on the probe batch, and runs whose eigenbasis check row fails (a model that is affine but not
     * diagonal in the data's basis) by unit probing ({@link #pushForward(Solver, SamplingProblem, GaussianLaw)}).
     *
     * @param solver the solver
     * @param problem the problem; its model must be affine in the state, and is usually the exact model of
     *     {@code data} (any parameterization)
     * @param data the Gaussian data law
     * @return the exact law and its distances
     */
    public static ExactLaw of(Solver solver, SamplingProblem problem, GaussianData data) {
        Timesteps ts = problem.timesteps();
        int last = ts.points() - 1;
        GaussianLaw start = GaussianLaw.marginal(data, ts.alpha(0), ts.sigma(0));
        GaussianLaw out = pushForward(solver, problem, start, data);
        GaussianLaw dataLaw = GaussianLaw.marginal(data, 1.0, 0.0);
        GaussianLaw end = problem.denoiseToZero() ? dataLaw : GaussianLaw.marginal(data, ts.alpha(last), ts.sigma(last));
        return new ExactLaw(out, out.frechetDistance(dataLaw), out.frechetDistance(end));
    }

    /**
     * The output law of a run started from {@code x_T ~ start} on the exact model of Gaussian data, by the cheapest
     * way that applies: fixed-grid solvers in the data's eigenbasis ({@link #pushForwardInEigenbasis}), adaptive
     * deterministic solvers and runs whose eigenbasis check fails by unit probing ({@link #pushForward(Solver,
     * SamplingProblem, GaussianLaw)}).
     *
     * @param solver the solver
     * @param problem the problem; its model must be affine in the state
     * @param start law of {@code x_T}
     * @param data the Gaussian data law whose exact model the problem usually carries
     * @return the output law
     * @throws IllegalArgumentException if the solver is adaptive and stochastic, or the run is not affine
     */
    public static GaussianLaw pushForward(Solver solver, SamplingProblem problem, GaussianLaw start,
            GaussianData data) {
        if (solver.adaptive()) {
            return pushForward(solver, problem, start);
        }
        try {
            return pushForwardInEigenbasis(solver, problem, start, data);
        } catch (IllegalArgumentException notDiagonal) {
            // e.g. a model whose learned variance acts per element: affine, but not diagonal in the data's
            // basis; unit probing decides whether the run is affine at all
            return pushForward(solver, problem, start);
        }
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
        Checks.requireNonNull(start, "start");
        int d = start.dim();
        ProbeNoise noise = new ProbeNoise();
        SamplingProblem probe = problem.withNoise(noise).withTrajectory(false);
        AffineMap a = probeAffine("model and solver " + solver.name(), x -> solver.sample(probe, x).x(), start,
                solver.adaptive());
        double[] c = a.c();
        double[][] m = a.m();
        double scale = a.scale();
        GaussianLaw image = start.affineImage(c, m);
        double[] mean = image.mean();
        double[][] cov = image.covariance();
        int streams = noise.streamCount();
        if (streams > 0) {
            // K d unit rows, then a check row: a generic state with generic draws in every stream
            double[] xCheck = checkState(start);
            double[][] zCheck = checkDraws(streams, d);
            noise.startUnitProbing(zCheck);
            Batch rows = Batch.zeros(streams * d + 1, d);
            System.arraycopy(xCheck, 0, rows.data(), streams * d * d, d);
            double[] o = solver.sample(probe, rows).x().data();
            double[] expected = MatrixProducts.affine(c, m, xCheck);
            for (int r = 0; r < streams * d; r++) {
                double z = zCheck[r / d][r % d];
                for (int i = 0; i < d; i++) {
                    double gi = o[r * d + i] - c[i];
                    expected[i] += gi * z;
                    scale = Math.max(scale, Math.abs(gi));
                    for (int j = 0; j < d; j++) {
                        cov[i][j] += gi * (o[r * d + j] - c[j]);
                    }
                }
            }
            requireMatches(solver, expected, o, streams * d * d, scale, "");
        }
        symmetrize(cov);
        return new GaussianLaw(mean, cov);
    }

    /**
     * The law of {@code map(x)} for {@code x ~ start}, for a deterministic map that is affine in the state (one
     * batched call on the zero row, the unit rows and a check row).
     *
     * @param what what computes the map, for the message ("model and ...")
     * @param map the map, applied to a batch of states row by row; must not modify its argument's rows' meaning
     * @param start law of {@code x}
     * @return the image law
     * @throws IllegalArgumentException if the map is not affine (the check row deviates from the fit)
     */
    public static GaussianLaw pushForward(String what, UnaryOperator<Batch> map, GaussianLaw start) {
        Checks.requireNonNull(start, "start");
        AffineMap a = probeAffine(what, map, start, false);
        return start.affineImage(a.c(), a.m());
    }

    /**
     * An affine map {@code c + M x}, with the largest magnitude among its coefficients (at least 1) as the scale of
     * its checks.
     */
    private record AffineMap(double[] c, double[][] m, double scale) {
    }

    /**
     * The affine map {@code map} computes, read off by unit probing: row 0 the zero state, row {@code k + 1} the unit
     * vector {@code e_k}, then a check row ({@link #checkState}) that must match the fit to {@link #AFFINE_TOLERANCE}
     * of the scale. With {@code sameSteps} (an adaptive solver, whose steps follow the error of the whole probe batch)
     * the check row stays near the origin ({@code +0.75, -1.25, ...}): a far row would set the steps of every probe
     * and so change the law being read off.
     */
    private static AffineMap probeAffine(String what, UnaryOperator<Batch> map, GaussianLaw start,
            boolean sameSteps) {
        int d = start.dim();
        Batch x = Batch.zeros(d + 2, d);
        double[] check = sameSteps ? nearState(d) : checkState(start);
        for (int k = 0; k < d; k++) {
            x.set(k + 1, k, 1.0);
            x.set(d + 1, k, check[k]);
        }
        Batch y = map.apply(x);
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
        double[] fit = MatrixProducts.affine(c, m, check);
        for (int i = 0; i < d; i++) {
            double dev = Math.abs(fit[i] - y.get(d + 1, i));
            if (!(dev <= AFFINE_TOLERANCE * scale)) {
                throw new IllegalArgumentException(Checks.format(
                        "%s must be affine in x_T for an exact law: check row deviates by %.3g", what, dev));
            }
        }
        return new AffineMap(c, m, scale);
    }

    /**
     * The output law of a run started from {@code x_T ~ start}, read off in the eigenbasis of Gaussian data whose
     * exact model the problem carries (class comment). Equal to {@link #pushForward(Solver, SamplingProblem,
     * GaussianLaw)} up to round-off, at a cost of {@code K + 3} probe rows instead of {@code d + 2 + K d}.
     *
     * @param solver the solver, fixed-grid (an adaptive solver's steps depend on the probe batch)
     * @param problem the problem; its model must be the exact model of {@code data} (any parameterization)
     * @param start law of {@code x_T}
     * @param data the Gaussian data law whose eigenvectors diagonalize the model
     * @return the output law
     * @throws IllegalArgumentException if the solver is adaptive, the dimensions differ, or the run is not affine
     *     with coefficients diagonal in the eigenbasis
     */
    public static GaussianLaw pushForwardInEigenbasis(Solver solver, SamplingProblem problem, GaussianLaw start,
            GaussianData data) {
        Checks.requireNonNull(solver, "solver");
        Checks.requireNonNull(start, "start");
        Checks.requireNonNull(data, "data");
        if (solver.adaptive()) {
            throw new IllegalArgumentException(Checks.format(
                    "solver must be fixed-grid for a law in the eigenbasis, got adaptive %s", solver.name()));
        }
        int d = start.dim();
        if (data.dim() != d) {
            throw new IllegalArgumentException(Checks.format("data must have dimension %d, got %d", d, data.dim()));
        }
        double[][] q = data.eigenvectors();
        double[] all = new double[d];
        for (int i = 0; i < d; i++) {
            for (int k = 0; k < d; k++) {
                all[i] += q[i][k];
            }
        }
        ProbeNoise noise = new ProbeNoise();
        SamplingProblem probe = problem.withNoise(noise).withTrajectory(false);
        Batch x = Batch.zeros(2, d);
        System.arraycopy(all, 0, x.data(), d, d);
        double[] y = solver.sample(probe, x).x().data();
        double[] c = Arrays.copyOf(y, d);
        double[] m = eigenResponse(q, y, d, c);
        int streams = noise.streamCount();
        double[] xCheck = checkState(start);
        double[][] zCheck = checkDraws(streams, d);
        noise.startVectorProbing(all, zCheck);
        Batch x2 = Batch.zeros(streams + 1, d);
        System.arraycopy(xCheck, 0, x2.data(), streams * d, d);
        double[] y2 = solver.sample(probe, x2).x().data();
        double[][] n = new double[streams][];
        double[] noiseVariance = new double[d];
        double scale = 1;
        for (int i = 0; i < d; i++) {
            scale = Math.max(scale, Math.max(Math.abs(c[i]), Math.abs(m[i])));
        }
        for (int j = 0; j < streams; j++) {
            n[j] = eigenResponse(q, y2, j * d, c);
            for (int k = 0; k < d; k++) {
                noiseVariance[k] += n[j][k] * n[j][k];
                scale = Math.max(scale, Math.abs(n[j][k]));
            }
        }
        double[] expected = new double[d];
        double[] coordinates = times(m, transposeTimes(q, xCheck));
        for (int j = 0; j < streams; j++) {
            double[] zj = times(n[j], transposeTimes(q, zCheck[j]));
            for (int k = 0; k < d; k++) {
                coordinates[k] += zj[k];
            }
        }
        for (int i = 0; i < d; i++) {
            expected[i] = c[i];
            for (int k = 0; k < d; k++) {
                expected[i] += q[i][k] * coordinates[k];
            }
        }
        requireMatches(solver, expected, y2, streams * d, scale,
                ", with coefficients diagonal in the data's eigenbasis,");
        // mean c + Q diag(m) Q^T mu; covariance Q [diag(m) (Q^T P Q) diag(m) + diag(sum_j n_j^2)] Q^T
        double[] meanCoordinates = times(m, transposeTimes(q, start.mean()));
        double[][] p = start.covariance();
        double[][] pq = MatrixProducts.times(p, q);
        double[][] inner = MatrixProducts.transposeTimes(q, pq);
        for (int a = 0; a < d; a++) {
            for (int b = 0; b < d; b++) {
                inner[a][b] = m[a] * inner[a][b] * m[b];
            }
            inner[a][a] += noiseVariance[a];
        }
        double[] mean = MatrixProducts.affine(c, q, meanCoordinates);
        double[][] cov = MatrixProducts.timesTranspose(MatrixProducts.times(q, inner), q);
        symmetrize(cov);
        return new GaussianLaw(mean, cov);
    }

    /**
     * The check row's state: generic values far out in the start law, {@code mean_k +- u_k} with
     * {@code u_k} between half and all of {@link #CHECK_REACH} times the largest standard deviation of a coordinate.
     * A map that is affine only near the mode (clipping of the data prediction, thresholding) fails the check there,
     * so its law is refused rather than linearized; beyond that reach lies less than {@code 1e-15} of each
     * coordinate's mass.
     */
    private static double[] checkState(GaussianLaw start) {
        double variance = 0;
        for (int i = 0; i < start.dim(); i++) {
            variance = Math.max(variance, start.covariance()[i][i]);
        }
        double[] u = farValues(new SplittableRandom(CHECK_SEED), start.dim(), CHECK_REACH * Math.sqrt(variance));
        for (int i = 0; i < u.length; i++) {
            u[i] += start.mean()[i];
        }
        return u;
    }

    /** The check row's state for an adaptive solver: {@code +0.75, -1.25, ...}, near the origin (class comment). */
    private static double[] nearState(int d) {
        double[] x = new double[d];
        for (int k = 0; k < d; k++) {
            x[k] = k % 2 == 0 ? 0.75 : -1.25;
        }
        return x;
    }

    /** The check row's draws, one generic vector of far standard-normal values per stream. */
    private static double[][] checkDraws(int streams, int d) {
        SplittableRandom random = new SplittableRandom(CHECK_SEED + 1);
        double[][] z = new double[streams][];
        for (int j = 0; j < streams; j++) {
            z[j] = farValues(random, d, CHECK_REACH);
        }
        return z;
    }

    /** {@code d} values of random sign with magnitudes uniform between {@code reach / 2} and {@code reach}. */
    private static double[] farValues(SplittableRandom random, int d, double reach) {
        double[] v = new double[d];
        for (int i = 0; i < d; i++) {
            double magnitude = reach * (0.5 + 0.5 * random.nextDouble());
            v[i] = random.nextBoolean() ? magnitude : -magnitude;
        }
        return v;
    }

    /** The check row {@code y[off .. off + d)} must equal the fitted affine map's value {@code expected}. */
    private static void requireMatches(Solver solver, double[] expected, double[] y, int off, double scale,
            String how) {
        for (int i = 0; i < expected.length; i++) {
            double dev = Math.abs(expected[i] - y[off + i]);
            if (!(dev <= AFFINE_TOLERANCE * scale)) {
                throw new IllegalArgumentException(Checks.format(
                        "model and solver %s must be affine in x_T and the noise%s for an exact law: check row"
                                + " deviates by %.3g", solver.name(), how, dev));
            }
        }
    }

    /** {@code Q^T (y[off .. off + d) - c)}: a probe row's response in eigencoordinates. */
    private static double[] eigenResponse(double[][] q, double[] y, int off, double[] c) {
        int d = c.length;
        double[] r = new double[d];
        for (int i = 0; i < d; i++) {
            double yi = y[off + i] - c[i];
            for (int k = 0; k < d; k++) {
                r[k] += q[i][k] * yi;
            }
        }
        return r;
    }

    /** {@code Q^T v}. */
    private static double[] transposeTimes(double[][] q, double[] v) {
        return eigenResponse(q, v, 0, new double[v.length]);
    }

    /** Elementwise product, into a new array. */
    private static double[] times(double[] a, double[] b) {
        double[] r = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            r[i] = a[i] * b[i];
        }
        return r;
    }

    private static void symmetrize(double[][] cov) {
        for (int i = 0; i < cov.length; i++) {
            for (int j = 0; j < i; j++) {
                double s = 0.5 * (cov[i][j] + cov[j][i]);
                cov[i][j] = s;
                cov[j][i] = s;
            }
        }
    }

}
