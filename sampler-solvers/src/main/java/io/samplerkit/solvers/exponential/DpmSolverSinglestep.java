package io.samplerkit.solvers.exponential;

import io.samplerkit.core.Checks;
import io.samplerkit.core.grid.Timesteps;
import io.samplerkit.core.kernel.FusedEvaluation;
import io.samplerkit.core.state.Batch;
import io.samplerkit.solvers.SamplingProblem;
import io.samplerkit.solvers.Solver;
import io.samplerkit.solvers.SolverContext;
import io.samplerkit.solvers.SolverRun;
import io.samplerkit.solvers.internal.ModelSide;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Singlestep DPM-Solver-1/2/3 (noise side) and DPM-Solver++(1S/2S/3S) (data side) (Lu et al. 2022,
 * arXiv:2206.00927, Algorithms 1, 4, 5 and §3.4 "DPM-Solver-fast"; Lu et al. 2022, arXiv:2211.01095,
 * Algorithm 1; docs/math.md §6.2-6.4). Each step's formulas are those of {@link SinglestepUpdate}.
 *
 * <p><b>The grid is the stage grid.</b> The problem's timesteps hold every point where the model is
 * evaluated plus the end: {@code nfe + 1} points. The {@link OrderAllocation} turns {@code nfe} into
 * per-step orders {@code p_1, p_2, ...}; step {@code k} consumes {@code p_k} consecutive intervals
 * {@code t_j > t_{j+1} > ... > t_{j+p}}, evaluating at the first {@code p} of them, with
 * {@code r_i = (lambda_{j+i} - lambda_j)/(lambda_{j+p} - lambda_j)}. For the official "time_uniform"
 * and "time_quadratic" skip types this is exactly the official construction (the outer grid is the
 * {@code (steps+1)}-point grid subsampled at the cumulative orders, the inner points are its points);
 * for "logSNR", and for k-diffusion's {@code dpm_solver_fast}, build the stage grid with
 * {@link SinglestepPlan} (outer uniform-lambda points, inner points uniform in lambda).
 *
 * <p>Order: {@code order} (singlestep_fixed; "fast" mixes in lower-order final steps). Model calls:
 * {@code p_k} per step, {@code nfe} in total. Deterministic. Immutable and thread-safe.
 *
 * @param name the name the solver reports (its registry name, e.g. {@code dpmpp-3s})
 * @param side noise (DPM-Solver) or data (DPM-Solver++) prediction
 * @param order highest order, 1 to 3
 * @param updateType midpoint (official "dpmsolver") or taylor form
 * @param allocation how the model calls are spread over steps
 * @param secondStage how a third-order step computes its second inner point
 */
public record DpmSolverSinglestep(String name, ModelSide side, int order, UpdateType updateType,
        OrderAllocation allocation, SecondStage secondStage) implements Solver {

    /** Registry name of the noise-prediction solver. */
    public static final String NOISE_NAME = "dpm-solver-singlestep";
    /** Registry name of the data-prediction solver. */
    public static final String DATA_NAME = "dpmpp-singlestep";

    /** Validates. */
    public DpmSolverSinglestep {
        Checks.requireNonNull(name, "name");
        Checks.requireNonNull(side, "side");
        Checks.requireInRange(order, 1, 3, "order");
        Checks.requireNonNull(updateType, "updateType");
        Checks.requireNonNull(allocation, "allocation");
        Checks.requireNonNull(secondStage, "secondStage");
    }

    /**
     * The paper's second inner point.
     *
     * @param name the name the solver reports
     * @param side noise or data side
     * @param order highest order
     * @param updateType midpoint or taylor
     * @param allocation order allocation
     */
    public DpmSolverSinglestep(String name, ModelSide side, int order, UpdateType updateType,
            OrderAllocation allocation) {
        this(name, side, order, updateType, allocation, SecondStage.PAPER);
    }

    /**
     * The solver named after its side ({@value #DATA_NAME} or {@value #NOISE_NAME}).
     *
     * @param side noise or data side
     * @param order highest order
     * @param updateType midpoint or taylor
     * @param allocation order allocation
     */
    public DpmSolverSinglestep(ModelSide side, int order, UpdateType updateType, OrderAllocation allocation) {
        this(side == ModelSide.DATA ? DATA_NAME : NOISE_NAME, side, order, updateType, allocation);
    }

    @Override
    public int order() {
        return order;
    }

    @Override
    public void validate(SamplingProblem problem) {
        Timesteps g = problem.timesteps();
        int nfe = g.steps();
        int[] orders = allocation.orders(order, nfe);
        int used = Arrays.stream(orders).sum();
        if (used != nfe) {
            throw new IllegalArgumentException(Checks.format(
                    "timesteps (the stage grid) must have a multiple of order=%d intervals for %s with the %s "
                            + "allocation, got %d", order, name(), allocation.name().toLowerCase(java.util.Locale.ROOT),
                    nfe));
        }
        if (g.endsAtZeroNoise()) {
            if (!side.reachesZeroNoise()) {
                throw new IllegalArgumentException(Checks.format(
                        "timesteps must not end at zero noise (sigma = 0) for the noise-prediction solver %s; "
                                + "end at sigma_min or use %s", name(), DATA_NAME));
            }
            if (orders[orders.length - 1] != 1) {
                throw new IllegalArgumentException(Checks.format(
                        "the last step of %s ends at zero noise and must be first order, got order %d "
                                + "(use a fast allocation whose last step is first order, e.g. order 2 with an odd "
                                + "number of intervals)", name(), orders[orders.length - 1]));
            }
        }
    }

    @Override
    public SolverRun start(SolverContext context) {
        return new Run(context);
    }

    private final class Run implements SolverRun {
        private final Timesteps grid;
        private final int[] orders;
        private final SinglestepUpdate update;
        private int step;
        private int point;
        private final FusedEvaluation guard;
        private final Consumer<Batch> advance = this::advance;

        Run(SolverContext context) {
            guard = context.fusedEvaluation();
            grid = context.problem().timesteps();
            orders = allocation.orders(order, grid.steps());
            update = new SinglestepUpdate(context, side, order);
        }

        @Override
        public boolean done() {
            return step >= orders.length;
        }

        @Override
        public double time() {
            return grid.t(point);
        }

        @Override
        public void step(Batch x) {
            guard.around(advance, x);
        }

        /** One step, with the model-output checks fused into the kernels ({@link FusedEvaluation}). */
        private void advance(Batch x) {
            Timesteps g = grid;
            int j = point;
            int p = orders[step];
            int e = j + p;
            update.begin(g.alpha(j), g.sigma(j), g.lambda(j), g.alpha(e), g.sigma(e), g.lambda(e));
            update.evaluateStart(x, g.t(j));
            double h = g.lambda(e) - g.lambda(j);
            if (p >= 2) {
                update.stage1(x, (g.lambda(j + 1) - g.lambda(j)) / h, g.t(j + 1));
            }
            if (p >= 3) {
                update.stage2(x, (g.lambda(j + 2) - g.lambda(j)) / h, g.t(j + 2),
                        secondStage == SecondStage.DIFFUSERS && updateType == UpdateType.MIDPOINT);
            }
            update.finish(p, updateType, x, x);
            point = e;
            step++;
        }
    }
}
