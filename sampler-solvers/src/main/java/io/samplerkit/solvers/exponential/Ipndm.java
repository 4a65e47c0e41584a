package io.samplerkit.solvers.exponential;

import io.samplerkit.core.Checks;
import io.samplerkit.core.state.Batch;
import io.samplerkit.core.state.BatchView;
import io.samplerkit.solvers.SamplingProblem;
import io.samplerkit.solvers.Solver;
import io.samplerkit.solvers.SolverContext;
import io.samplerkit.solvers.SolverRun;
import io.samplerkit.solvers.internal.AdamsBashforth;
import io.samplerkit.solvers.internal.GridChecks;
import io.samplerkit.solvers.internal.ModelSide;
import io.samplerkit.solvers.internal.MultistepExponentialRun;
import io.samplerkit.solvers.internal.MultistepOrderRule;
import io.samplerkit.solvers.internal.MultistepStart;

/**
 * iPNDM as in the official DEIS code (Zhang and Chen 2022, arXiv:2204.13902, appendix; after the
 * pseudo linear multistep method of Liu et al. 2022, PNDM, arXiv:2202.09778, eq. 12): fixed
 * Adams–Bashforth weights on the noise predictions, used in the DDIM transfer,
 * <pre>
 *   e' = e_i                                            (step 0)
 *        (3 e_i - e_{i-1}) / 2                          (step 1)
 *        (23 e_i - 16 e_{i-1} + 5 e_{i-2}) / 12         (step 2)
 *        (55 e_i - 59 e_{i-1} + 37 e_{i-2} - 9 e_{i-3}) / 24,
 *   x_{i+1} = (alpha_{i+1}/alpha_i) x_i + (sigma_{i+1} - (alpha_{i+1}/alpha_i) sigma_i) e'.
 * </pre>
 * The weights are those of equal steps, so the method is fourth order only for uniform steps in
 * {@code rho}; on uniform-t or uniform-lambda grids its measured global order is about 2 (docs/math.md §9,
 * §12). The official code always uses a uniform-t grid; here the problem's grid is used. diffusers'
 * {@code IPNDMScheduler} is a different, angle-parameterized variant.
 *
 * <p>{@link #order()} reports 2, the order measured on general smooth grids. One model call per step (none after the last); deterministic. The grid must not end at zero
 * noise. Immutable and thread-safe.
 *
 * @param start how the warm-up is done ({@link MultistepStart}; the official code's is {@code REFERENCE})
 */
public record Ipndm(MultistepStart start) implements Solver {

    /** Registry name. */
    public static final String NAME = "ipndm";

    /** Validates. */
    public Ipndm {
        Checks.requireNonNull(start, "start");
    }

    /** With the reference start (the official code's). */
    public Ipndm() {
        this(MultistepStart.REFERENCE);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int order() {
        // fourth order only on uniform-rho grids; about 2 on the smooth non-uniform grids in use
        return 2;
    }

    @Override
    public void validate(SamplingProblem problem) {
        GridChecks.requireNoiseAtEnd(problem, NAME, "as the official sampler, it ends at t_end > 0");
    }

    @Override
    public SolverRun start(SolverContext context) {
        return new Run(context, start);
    }

    private static final class Run extends MultistepExponentialRun {
        Run(SolverContext context, MultistepStart start) {
            super(context, ModelSide.NOISE, MultistepOrderRule.warmUpOnly(4).withStart(start), null);
        }

        @Override
        protected void predict(int i, int p, BatchView x, Batch out) {
            double ratio = grid.alpha(i + 1) / grid.alpha(i);
            AdamsBashforth.transfer(out, ratio, x, grid.sigma(i + 1) - ratio * grid.sigma(i), p, history);
        }
    }
}
