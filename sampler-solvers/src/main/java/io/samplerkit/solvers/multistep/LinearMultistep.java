package io.samplerkit.solvers.multistep;

import io.samplerkit.core.Checks;
import io.samplerkit.core.InvalidInputException;
import io.samplerkit.core.kernel.FusedEvaluation;
import io.samplerkit.core.kernel.Kernels;
import io.samplerkit.core.state.Batch;
import io.samplerkit.solvers.Solver;
import io.samplerkit.solvers.SolverContext;
import io.samplerkit.solvers.SolverRun;
import io.samplerkit.solvers.internal.Ancestral;
import io.samplerkit.solvers.internal.Churn;
import io.samplerkit.solvers.internal.EdmRun;
import io.samplerkit.solvers.internal.LagrangeWeights;
import io.samplerkit.solvers.internal.ModelHistory;
import io.samplerkit.solvers.internal.MultistepStart;

/**
 * Linear multistep (Adams–Bashforth type) sampler on the probability-flow ODE in EDM coordinates
 * {@code dx~/drho = d(x~, rho) = (x~ - x0hat)/rho}, {@code x~ = x/alpha}, {@code rho = sigma/alpha}
 * (Karras et al. 2022, arXiv:2206.00364, §3 and Table 1; k-diffusion {@code sample_lms}, diffusers
 * {@code LMSDiscreteScheduler}). With the derivatives {@code d_{i-j}} at the last {@code q} grid points,
 * {@code q = min(i + 1, order)}:
 * <pre>
 *   x~_{i+1} = x~_i + sum_{j &lt; q} c_j d_{i-j},
 *   c_j = integral over [rho_i, rho_{i+1}] of prod_{m != j, m &lt; q} (tau - rho_{i-m})/(rho_{i-j} - rho_{i-m}) d tau,
 * </pre>
 * the exact integral of the Lagrange interpolant of {@code d} in {@code rho} (Hairer, Nørsett and Wanner,
 * "Solving Ordinary Differential Equations I", §III.1). The integrand is a polynomial of degree below
 * {@code q}, so {@link LagrangeWeights} (Gauss–Legendre with {@code q} points) integrates it exactly;
 * the weights of every step are computed once when the run starts. The references use adaptive
 * {@code scipy.integrate.quad} with {@code epsrel = 1e-4} instead, which agrees to ~1e-15 here.
 *
 * <p>Order {@code order} on grids on which {@code x~} is smooth in {@code rho} (e.g. Karras grids stopping
 * at {@code sigma_min > 0}); the lower-order warm-up steps make the asymptotic order at most 2, which is
 * only visible when the first steps carry most of the error. The step into a zero-noise end point uses
 * the same formula (the polynomial is extrapolated to {@code rho = 0}), as in k-diffusion. One model
 * call per step; deterministic. The history of {@code d} lives in a {@link ModelHistory}.
 * Immutable and thread-safe.
 *
 * <p>{@code start}: {@link MultistepStart#REFERENCE} (the references' warm-up) or {@link MultistepStart#REFINED}
 * (warm-up points moved towards the start, same NFE). The singlestep start is not offered: its stages are
 * exponential-integrator steps of a DPM-Solver, not steps in {@code rho} of this method.
 *
 * @param order number of history points, 1 to 4 (1 is Euler); k-diffusion's default is 4
 * @param start how the warm-up is done
 */
public record LinearMultistep(int order, MultistepStart start) implements Solver {

    /** Registry name. */
    public static final String NAME = "lms";

    /** Largest supported order (the orders measured; k-diffusion's and diffusers' default). */
    public static final int MAX_ORDER = 4;

    /** Validates. */
    public LinearMultistep {
        Checks.requireInRange(order, 1, MAX_ORDER, "order");
        Checks.requireNonNull(start, "start");
        if (start == MultistepStart.SINGLESTEP) {
            throw new InvalidInputException("options.start", "singlestep", "reference or refined for " + NAME);
        }
    }

    /**
     * With the reference start.
     *
     * @param order number of history points, 1 to 4
     */
    public LinearMultistep(int order) {
        this(order, MultistepStart.REFERENCE);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int order() {
        return order;
    }

    @Override
    public SolverRun start(SolverContext context) {
        return new Run(context, order, start);
    }

    /**
     * Works on {@code x} itself: with {@code d_i = (x_i/alpha_i - D_i)/rho_i} and
     * {@code x_{i+1} = alpha_{i+1} x~_{i+1}} the step is one kernel,
     * <pre>
     *   x_{i+1} = (alpha_{i+1}/alpha_i)(1 + c_0/rho_i) x_i - (alpha_{i+1} c_0/rho_i) D_i + sum_{0 &lt; j &lt; q} alpha_{i+1} c_j d_{i-j},
     * </pre>
     * which reads {@code x}, the model output and the older slopes once; the new slope {@code d_i} is written into the
     * history by the same kernel (the model output's deferred conversion, {@link FusedEvaluation#convertLater}).
     */
    private static final class Run extends EdmRun {
        private final ModelHistory history;
        /** {@code weights[i][j]}: weight of {@code d_{i-j}} in step {@code i}. */
        private final double[][] weights;
        private final Batch denoised;

        Run(SolverContext context, int order, MultistepStart start) {
            super(context, Churn.NONE, Ancestral.NONE,
                    start.grid(context.problem().timesteps(), context.problem().schedule(), order));
            history = new ModelHistory(order, context);
            denoised = context.newBatch();
            weights = new double[grid.steps()][];
            double[] nodes = new double[order];
            for (int i = 0; i < weights.length; i++) {
                int q = Math.min(i + 1, order);
                for (int j = 0; j < q; j++) {
                    nodes[j] = grid.rho(i - j);
                }
                weights[i] = new double[q];
                LagrangeWeights.integrate(nodes, q, grid.rho(i), grid.rho(i + 1), null, weights[i]);
            }
        }

        @Override
        protected void step(int i, Batch x, double churnScale, double rhoTo, double upScale) {
            // no churn, no ancestral noise (Churn.NONE, Ancestral.NONE): the step starts at rho_i, alpha_i
            double rho = rhoHat();
            double alpha = alphaHat();
            double alphaTo = alphaNext();
            Batch slope = history.slot();
            context.data(x, time(rho), denoised);
            double cx = 1.0 / (alpha * rho);
            double cd = -1.0 / rho;
            FusedEvaluation fused = context.fusedEvaluation();
            if (fused.canConvertLater()) {
                fused.convertLater(slope, cx, cd);
            } else {
                Kernels.lincomb2(slope, cx, x, cd, denoised);
            }
            history.push(grid.t(i), grid.alpha(i), grid.sigma(i), grid.lambda(i));
            double[] w = weights[i];
            double a = alphaTo / alpha * (1 + w[0] / rho);
            double b = -alphaTo * w[0] / rho;
            switch (w.length) {
                case 1 -> Kernels.lincomb2(x, a, x, b, denoised);
                case 2 -> Kernels.lincomb3(x, a, x, b, denoised, alphaTo * w[1], history.output(1));
                case 3 -> Kernels.lincomb4(x, a, x, b, denoised, alphaTo * w[1], history.output(1),
                        alphaTo * w[2], history.output(2));
                default -> Kernels.lincomb5(x, a, x, b, denoised, alphaTo * w[1], history.output(1),
                        alphaTo * w[2], history.output(2), alphaTo * w[3], history.output(3));
            }
        }
    }
}
