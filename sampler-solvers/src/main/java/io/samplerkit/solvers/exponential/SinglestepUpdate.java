package io.samplerkit.solvers.exponential;

import io.samplerkit.core.kernel.Kernels;
import io.samplerkit.core.schedule.NoiseSchedule;
import io.samplerkit.core.state.Batch;
import io.samplerkit.core.state.BatchView;
import io.samplerkit.solvers.SolverContext;
import io.samplerkit.solvers.internal.ModelSide;

/**
 * One singlestep DPM-Solver / DPM-Solver++ step of order 1, 2 or 3 from {@code s} to {@code t},
 * stage by stage, so that the fixed-grid singlestep solver and the adaptive solvers (which pair a lower-
 * and a higher-order update sharing model values) use the same code (Lu et al. 2022, arXiv:2206.00927,
 * Algorithms 4-5 = DPM-Solver-2, -3; Lu et al. 2022, arXiv:2211.01095, Algorithm 1 = DPM-Solver++(2S);
 * docs/math.md §6.2-6.3). With {@code A(s->u)}, {@code C(u)}, {@code w_k} of {@link ModelSide},
 * {@code h = lambda_t - lambda_s}, {@code lambda_{s_i} = lambda_s + r_i h}:
 * <pre>
 *   m_s = model(x, s)                                                         (evaluateStart)
 *   u_1 = A(s->s1) x + C(s1) w_1(r1 h) m_s,                m_1 = model(u_1, s1)   (stage1)
 *   u_2 = A(s->s2) x + C(s2) [w_1(r2 h) m_s + w_2(r2 h) (r2/r1)(m_1 - m_s)],
 *                                                          m_2 = model(u_2, s2)   (stage2)
 *   order 1:  x_t = A x + C w_1 m_s
 *   order 2:  x_t = A x + C [w_1 m_s + (w_1/(2 r1) | w_2/r1) (m_1 - m_s)]           (midpoint | taylor)
 *   order 3 midpoint: x_t = A x + C [w_1 m_s + (w_2/r2)(m_2 - m_s)]
 *   order 3 taylor:   x_t = A x + C [w_1 m_s + w_2 D1 + w_3 D2],  D1_0 = (m_1 - m_s)/r1, D1_1 = (m_2 - m_s)/r2,
 *                     D1 = (r2 D1_0 - r1 D1_1)/(r2 - r1),  D2 = 2 (D1_1 - D1_0)/(r2 - r1)
 * </pre>
 * Each combination is expanded into one coefficient per stored output and applied with one fused kernel.
 * A first-order step may end at zero noise on the data side ({@code x_t = alpha_t m_s}).
 *
 * <p>Model calls: one per stage used (order {@code k} uses {@code k}). Deterministic. Per-run object:
 * all buffers are allocated by the constructor; not thread-safe.
 */
public final class SinglestepUpdate {

    private final SolverContext context;
    private final ModelSide side;
    private final NoiseSchedule schedule;
    private final Batch modelS;
    private final Batch model1;
    private final Batch model2;
    private final Batch stage;
    private double alphaS;
    private double sigmaS;
    private double lambdaS;
    private double alphaT;
    private double sigmaT;
    private double h;
    private double r1 = Double.NaN;
    private double r2 = Double.NaN;

    /**
     * Allocates the buffers.
     *
     * @param context the run's context
     * @param side data or noise side
     * @param maxOrder highest order that will be used, 1 to 3
     */
    public SinglestepUpdate(SolverContext context, ModelSide side, int maxOrder) {
        this.context = context;
        this.side = side;
        this.schedule = context.schedule();
        this.modelS = context.newBatch();
        this.model1 = maxOrder >= 2 ? context.newBatch() : null;
        this.model2 = maxOrder >= 3 ? context.newBatch() : null;
        this.stage = maxOrder >= 2 ? context.newBatch() : null;
    }

    /**
     * Sets the interval {@code [s, t]}; forgets earlier stages.
     *
     * @param alphaStart alpha at s
     * @param sigmaStart sigma at s
     * @param lambdaStart lambda at s
     * @param alphaEnd alpha at t
     * @param sigmaEnd sigma at t (0 for a first-order data-side step to zero noise)
     * @param lambdaEnd lambda at t ({@code +inf} at zero noise)
     */
    public void begin(double alphaStart, double sigmaStart, double lambdaStart, double alphaEnd, double sigmaEnd,
            double lambdaEnd) {
        this.alphaS = alphaStart;
        this.sigmaS = sigmaStart;
        this.lambdaS = lambdaStart;
        this.alphaT = alphaEnd;
        this.sigmaT = sigmaEnd;
        this.h = lambdaEnd - lambdaStart;
        this.r1 = Double.NaN;
        this.r2 = Double.NaN;
    }

    /**
     * Evaluates {@code m_s = model(x, s)}.
     *
     * @param x state at s. Not modified.
     * @param tStart time s
     */
    public void evaluateStart(BatchView x, double tStart) {
        side.evaluate(context, x, tStart, modelS);
    }

    /**
     * First inner stage at {@code lambda_s + r1 h}, time given.
     *
     * @param x state at s. Not modified.
     * @param ratio {@code r1} in (0, 1)
     * @param tStage time of the stage
     */
    public void stage1(BatchView x, double ratio, double tStage) {
        r1 = ratio;
        double a = schedule.alpha(tStage);
        double s = schedule.sigma(tStage);
        double rh = ratio * h;
        Kernels.lincomb2(stage, side.ratio(alphaS, sigmaS, a, s), x, side.scale(a, s) * side.weight(1, rh), modelS);
        side.evaluate(context, stage, tStage, model1);
    }

    /**
     * First inner stage, its time from the schedule ({@code timeOfLambda(lambda_s + r1 h)}).
     *
     * @param x state at s. Not modified.
     * @param ratio {@code r1}
     */
    public void stage1(BatchView x, double ratio) {
        stage1(x, ratio, schedule.timeOfLambda(lambdaS + ratio * h));
    }

    /**
     * Second inner stage at {@code lambda_s + r2 h} (after {@link #stage1}), time given.
     *
     * @param x state at s. Not modified.
     * @param ratio {@code r2} in ({@code r1}, 1)
     * @param tStage time of the stage
     */
    public void stage2(BatchView x, double ratio, double tStage) {
        stage2(x, ratio, tStage, false);
    }

    /**
     * Second inner stage, optionally as diffusers computes it ({@link SecondStage#DIFFUSERS}: the second-order
     * midpoint step {@code w_1(r2 h)/2 (r2/r1)(m_1 - m_s)} instead of {@code w_2(r2 h)(r2/r1)(m_1 - m_s)}).
     *
     * @param x state at s. Not modified.
     * @param ratio {@code r2} in ({@code r1}, 1)
     * @param tStage time of the stage
     * @param diffusersMidpoint whether to use diffusers' midpoint form
     */
    public void stage2(BatchView x, double ratio, double tStage, boolean diffusersMidpoint) {
        r2 = ratio;
        double a = schedule.alpha(tStage);
        double s = schedule.sigma(tStage);
        double rh = ratio * h;
        double c = side.scale(a, s);
        double cd = c * (diffusersMidpoint ? 0.5 * side.weight(1, rh) : side.weight(2, rh)) * (ratio / r1);
        Kernels.lincomb3(stage, side.ratio(alphaS, sigmaS, a, s), x, c * side.weight(1, rh) - cd, modelS, cd,
                model1);
        side.evaluate(context, stage, tStage, model2);
    }

    /**
     * Second inner stage, its time from the schedule.
     *
     * @param x state at s. Not modified.
     * @param ratio {@code r2}
     */
    public void stage2(BatchView x, double ratio) {
        stage2(x, ratio, schedule.timeOfLambda(lambdaS + ratio * h));
    }

    /**
     * Combines the stages into the state at {@code t}.
     *
     * @param order 1, 2 (needs {@link #stage1}) or 3 (needs {@link #stage2})
     * @param type midpoint or taylor form
     * @param x state at s. Not modified unless aliased with {@code out}.
     * @param out state at t. Modified (may alias {@code x}).
     */
    public void finish(int order, UpdateType type, BatchView x, Batch out) {
        double a = side.ratio(alphaS, sigmaS, alphaT, sigmaT);
        double c = side.scale(alphaT, sigmaT);
        double w1 = side.weight(1, h);
        if (order == 1) {
            Kernels.lincomb2(out, a, x, c * w1, modelS);
            return;
        }
        if (order == 2) {
            double k = type == UpdateType.MIDPOINT ? w1 / (2 * r1) : side.weight(2, h) / r1;
            Kernels.lincomb3(out, a, x, c * (w1 - k), modelS, c * k, model1);
            return;
        }
        double w2 = side.weight(2, h);
        if (type == UpdateType.MIDPOINT) {
            double k = w2 / r2;
            Kernels.lincomb3(out, a, x, c * (w1 - k), modelS, c * k, model2);
            return;
        }
        double w3 = side.weight(3, h);
        double e0 = (w2 * r2 - 2 * w3) / (r2 - r1);
        double e1 = (2 * w3 - w2 * r1) / (r2 - r1);
        double k1 = e0 / r1;
        double k2 = e1 / r2;
        Kernels.lincomb4(out, a, x, c * (w1 - k1 - k2), modelS, c * k1, model1, c * k2, model2);
    }
}
