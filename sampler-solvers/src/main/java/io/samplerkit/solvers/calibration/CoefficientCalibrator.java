package io.samplerkit.solvers.calibration;

import io.samplerkit.core.Checks;
import io.samplerkit.core.InvalidInputException;
import io.samplerkit.core.grid.Timesteps;
import io.samplerkit.solvers.Solver;
import io.samplerkit.solvers.exponential.DpmSolverMultistep;
import io.samplerkit.solvers.exponential.MultistepCorrections;
import java.util.Arrays;
import java.util.function.Consumer;
import org.hipparchus.linear.Array2DRowRealMatrix;
import org.hipparchus.linear.ArrayRealVector;
import org.hipparchus.linear.RealVector;
import org.hipparchus.optim.nonlinear.vector.leastsquares.LeastSquaresBuilder;
import org.hipparchus.optim.nonlinear.vector.leastsquares.LevenbergMarquardtOptimizer;
import org.hipparchus.util.Pair;

/**
 * Fits the per-step output-weight corrections of a multistep DPM-Solver(++) ({@link MultistepCorrections}) on a
 * fixed grid to the exact flow map of a {@link CalibrationTarget} (docs/solvers/calibration.md, "Calibrated
 * coefficients"). The objective is the solver's exact mean squared error plus a ridge towards the analytic weights,
 * <pre>
 *   J(delta) = MSE(delta) + ridge MSE(0) |delta|^2,
 * </pre>
 * scaled by the analytic error {@code MSE(0)} so that {@code ridge} is unit-free: a correction vector of norm 1
 * must remove the fraction {@code ridge} of the analytic error to be worth taking. {@code J} is a sum of squares
 * ({@link ExactGlobalError#errorTerms} plus {@code sqrt(ridge MSE(0)) delta}), minimised by Levenberg-Marquardt
 * (Hipparchus) from {@code delta = 0} with a central-difference Jacobian; the best point seen is kept, so the fit
 * never ends above the analytic weights' objective.
 *
 * <p>What is taken from the literature: per-step free coefficients of the multistep combination fitted to a
 * teacher's trajectories (S4S, Frankel et al. 2025, "S4S: Solving for a Diffusion Model Solver", ICML 2025), and
 * fitting a few per-step parameters of the discretisation by minimising the distance of the few-step solution to the
 * teacher's directly (LD3, Tong et al. 2025, "Learning to Discretize Denoising Diffusion ODEs", ICLR 2025, who do it
 * for the time steps). The ridge towards the analytic weights is ours. Here the teacher is the exact flow map of the
 * Gaussian, so the fit needs no samples and no network: the population error is available in closed form.
 *
 * <p>Deterministic (same inputs, same bits). Immutable and thread-safe.
 */
public final class CoefficientCalibrator {

    /** Default ridge: a correction of norm 1 must remove 1 % of the analytic error. */
    public static final double DEFAULT_RIDGE = 1e-2;
    /** Default bound on Levenberg-Marquardt iterations. */
    public static final int DEFAULT_ITERATIONS = 200;
    /** Central-difference step of the Jacobian (the corrections are fractions of a first-order weight). */
    private static final double STEP = 1e-6;

    private final ExactGlobalError error;
    private final double ridge;
    private final int iterations;

    /**
     * @param target the calibration problem
     * @param ridge weight of the pull towards the analytic weights, finite and {@code >= 0}
     * @param iterations Levenberg-Marquardt iterations allowed, at least 1
     */
    public CoefficientCalibrator(CalibrationTarget target, double ridge, int iterations) {
        this.error = new ExactGlobalError(Checks.requireNonNull(target, "target"));
        if (!(ridge >= 0) || !Double.isFinite(ridge)) {
            throw new InvalidInputException("ridge", ridge, "a finite number >= 0");
        }
        this.ridge = ridge;
        this.iterations = Checks.requireInRange(iterations, 1, 1_000_000, "iterations");
    }

    /**
     * Fits the corrections of a solver on a grid.
     *
     * @param solver a multistep DPM-Solver(++) (its own corrections, if any, are replaced)
     * @param times the grid ({@code N + 1} decreasing times)
     * @param progress receives one line per phase (may be a no-op)
     * @return the corrections and their errors
     */
    public CalibratedCoefficients calibrate(Solver solver, double[] times, Consumer<String> progress) {
        DpmSolverMultistep base = requireMultistep(solver).withCorrections(null);
        Timesteps ts = Timesteps.of(error.target().schedule(), times);
        base.validate(io.samplerkit.solvers.SamplingProblem.of(error.target().schedule(),
                io.samplerkit.core.analytic.GaussianData.diagonal(new double[] {0}, new double[] {1})
                        .model(error.target().schedule(), error.target().prediction()), ts));
        int[] counts = base.correctionCounts(ts);
        int p = Arrays.stream(counts).sum();
        double analytic = error.meanSquaredError(base, ts);
        if (!Double.isFinite(analytic)) {
            throw new InvalidInputException("times", Arrays.toString(times), "a grid on which " + base.name()
                    + " has a finite error");
        }
        progress.accept(Checks.format("%s: %d corrections over %d steps, analytic MSE %.4e", base.name(), p, counts.length,
                analytic));
        double penalty = Math.sqrt(ridge * analytic);
        int terms = 2 * error.target().data().dim();
        double[] bestPoint = new double[p];
        double[] bestValue = {analytic};
        int[] evaluations = {0};
        java.util.function.Function<double[], double[]> residuals = delta -> {
            evaluations[0]++;
            double[] e = error.errorTerms(base.withCorrections(MultistepCorrections.of(counts, delta)), ts);
            double[] r = new double[terms + p];
            if (e == null) {
                Arrays.fill(r, 1e100);
                return r;
            }
            System.arraycopy(e, 0, r, 0, terms);
            double sum = 0;
            for (int j = 0; j < p; j++) {
                r[terms + j] = penalty * delta[j];
            }
            for (double v : r) {
                sum += v * v;
            }
            if (sum < bestValue[0]) {
                bestValue[0] = sum;
                System.arraycopy(delta, 0, bestPoint, 0, p);
            }
            return r;
        };
        if (p > 0) {
            try {
                new LevenbergMarquardtOptimizer().optimize(new LeastSquaresBuilder()
                        .start(new double[p])
                        .target(new double[terms + p])
                        .model(point -> valueAndJacobian(residuals, point))
                        .maxEvaluations(Integer.MAX_VALUE)
                        .maxIterations(iterations)
                        .build());
            } catch (org.hipparchus.exception.MathIllegalStateException e) {
                // iteration budget spent: the best point seen is the answer
            }
        }
        MultistepCorrections corrections = MultistepCorrections.of(counts, bestPoint);
        double mse = error.meanSquaredError(base.withCorrections(corrections), ts);
        progress.accept(Checks.format("MSE %.4e with the fitted corrections (%.3gx the analytic weights'), %d runs", mse,
                mse / analytic, evaluations[0]));
        return new CalibratedCoefficients(corrections, ridge, bestValue[0], mse, analytic);
    }

    private static Pair<RealVector, org.hipparchus.linear.RealMatrix> valueAndJacobian(
            java.util.function.Function<double[], double[]> residuals, RealVector point) {
        double[] x = point.toArray();
        double[] value = residuals.apply(x);
        double[][] jacobian = new double[value.length][x.length];
        for (int j = 0; j < x.length; j++) {
            double keep = x[j];
            x[j] = keep + STEP;
            double[] plus = residuals.apply(x);
            x[j] = keep - STEP;
            double[] minus = residuals.apply(x);
            x[j] = keep;
            for (int i = 0; i < value.length; i++) {
                jacobian[i][j] = (plus[i] - minus[i]) / (2 * STEP);
            }
        }
        return new Pair<>(new ArrayRealVector(value, false), new Array2DRowRealMatrix(jacobian, false));
    }

    /**
     * @param solver a solver
     * @return it as a multistep DPM-Solver(++)
     * @throws InvalidInputException for any other solver
     */
    public static DpmSolverMultistep requireMultistep(Solver solver) {
        if (solver instanceof DpmSolverMultistep m) {
            return m;
        }
        throw new InvalidInputException("solver", solver.name(), "a multistep DPM-Solver(++) (dpmpp-2m, dpmpp-3m, "
                + "dpmpp-3m-corrected, dpmpp-multistep, dpm-solver-multistep and their -unic variants)");
    }
}
