package io.samplerkit.solvers.internal;

import io.samplerkit.core.kernel.Kernels;
import io.samplerkit.core.state.Batch;
import io.samplerkit.core.state.BatchView;
import io.samplerkit.solvers.SolverContext;

/**
 * An {@link EdmRun} that works on {@code x} itself: the scaling to {@code x~ = x/alpha} and back is folded into the
 * coefficients of the one kernel per stage. With the step's {@link EdmPlan}
 * ({@code y_j = p_j x~^ + sum_l q_{jl} D_l}) and {@code x~^ = x/alpha^}, stage {@code j} evaluates the model at
 * <pre>
 *   X_j = alpha(rho_j) y_j = (alpha(rho_j) p_j / alpha^) x + sum_l alpha(rho_j) q_{jl} D_l     (X_0 = x),
 * </pre>
 * and the step writes {@code x_{i+1} = alpha_{i+1} (y + upScale z)} in one pass. Each step reads the state and
 * each model output once per stage that uses them and writes each stage input once: Euler 3 passes, Heun 7
 * (docs/performance.md). A two-stage step writes its stage input over the first model output, which the same loop
 * reads ({@link #twoStagesOverFirstOutput}), so no array is written that was not just read. Churn is the one extra
 * pass: {@code x <- alpha^ (x/alpha_i + churnScale z)}, the state at {@code rho^}. The same arithmetic as the
 * {@code x~} form up to rounding (a few ulp per step).
 *
 * <p>Model calls: {@link EdmScheme#stages()} per step, 1 on a step into zero noise. Not thread-safe; one per run.
 * Every buffer is allocated by the constructor, except the stage input of a two-stage step that cannot go over
 * {@code D_0} (a stage without {@code D_0}, e.g. of zero length), allocated at its first such step.
 */
public final class EdmStageRun extends EdmRun {

    private final EdmScheme scheme;
    private final EdmPlan plan;
    // stage inputs of schemes with three stages or more (and of a two-stage step whose stage skips D_0)
    private Batch input;
    private final Batch[] denoised;
    private final double[] coefficients;
    private final BatchView[] terms;

    /**
     * @param context the run's context
     * @param churn churn before each step ({@link Churn#NONE} for none)
     * @param ancestral ancestral split of each step ({@link Ancestral#NONE} for none); not with churn
     * @param scheme the step rule
     */
    public EdmStageRun(SolverContext context, Churn churn, Ancestral ancestral, EdmScheme scheme) {
        super(context, churn, ancestral);
        this.scheme = scheme;
        int s = scheme.stages();
        plan = new EdmPlan(s);
        input = s > 2 ? context.newBatch() : null;
        denoised = new Batch[s];
        for (int j = 0; j < s; j++) {
            denoised[j] = context.newBatch();
        }
        coefficients = new double[s + 2];
        terms = new BatchView[s + 2];
    }

    @Override
    protected void step(int i, Batch x, double churnScale, double rhoTo, double upScale) {
        double alphaStart = grid.alpha(i);
        double rhoFrom = rhoHat();
        if (churnScale > 0) {
            double alphaHat = alphaHat();
            Kernels.lincomb2(x, alphaHat / alphaStart, x, alphaHat * churnScale, normal());
            alphaStart = alphaHat;
        }
        scheme.plan(rhoFrom, rhoTo, grid.isZeroNoise(i + 1), plan);
        int s = plan.stages();
        context.data(x, time(rhoFrom), denoised[0]);
        if (s == 2 && twoStagesOverFirstOutput(alphaStart, x, upScale)) {
            return;
        }
        for (int j = 1; j < s; j++) {
            double rho = plan.rho(j);
            int n = collect(j, alpha(rho), alphaStart, x);
            if (input == null) {
                input = context.newBatch();
            }
            Kernels.lincomb(input, n, coefficients, terms);
            context.data(input, time(rho), denoised[j]);
        }
        double alphaEnd = alphaNext();
        writeResult(x, collect(s, alphaEnd, alphaStart, x), alphaEnd, upScale);
    }

    /** {@code x = } the gathered result row's {@code n} terms, plus the ancestral noise {@code alpha_end upScale z}. */
    private void writeResult(Batch x, int n, double alphaEnd, double upScale) {
        int count = n;
        if (upScale > 0) {
            coefficients[count] = alphaEnd * upScale;
            terms[count++] = normal();
        }
        Kernels.lincomb(x, count, coefficients, terms);
    }

    /**
     * A two-stage step whose stage input goes over the first model output: {@code X_1 = a x + b D_0} is written over
     * {@code D_0}, the array its own loop reads, instead of into a buffer of its own, which at sizes beyond the caches
     * the core would first read for ownership (docs/performance.md, "The step targets on a quiet machine, after
     * the compare per block"). The result row {@code x' = f x + g D_0 + h D_1} is rewritten with
     * {@code D_0 = (X_1 - a x)/b} as {@code x' = (f - g a/b) x + (g/b) X_1 + h D_1}: the same step up to rounding,
     * and the state is still only written by the last kernel. Not taken when the stage does not use {@code D_0}
     * ({@code b = 0}).
     *
     * @return whether the step was done this way
     */
    private boolean twoStagesOverFirstOutput(double alphaStart, Batch x, double upScale) {
        double q10 = plan.q(1, 0);
        if (q10 == 0) {
            return false;
        }
        // the weights collect would give, in the same order of rounding
        double rho = plan.rho(1);
        double alphaStage = alpha(rho);
        double a = alphaStage / alphaStart * plan.p(1);
        double b = alphaStage * q10;
        Batch stage = denoised[0];
        Kernels.lincomb2(stage, a, x, b, stage);
        context.data(stage, time(rho), denoised[1]);
        double alphaEnd = alphaNext();
        double g = alphaEnd * plan.q(2, 0);
        double h = alphaEnd * plan.q(2, 1);
        coefficients[0] = alphaEnd / alphaStart * plan.p(2) - g * a / b;
        terms[0] = x;
        int n = 1;
        if (g != 0) {
            coefficients[n] = g / b;
            terms[n++] = stage;
        }
        if (h != 0) {
            coefficients[n] = h;
            terms[n++] = denoised[1];
        }
        writeResult(x, n, alphaEnd, upScale);
        return true;
    }

    /** Gathers row {@code j} of the plan, scaled to {@code x} coordinates, skipping zero weights; returns the count. */
    private int collect(int j, double alphaTo, double alphaFrom, Batch x) {
        int n = 0;
        coefficients[n] = alphaTo / alphaFrom * plan.p(j);
        terms[n++] = x;
        for (int l = 0; l < j; l++) {
            double w = plan.q(j, l);
            if (w != 0) {
                coefficients[n] = alphaTo * w;
                terms[n++] = denoised[l];
            }
        }
        return n;
    }
}
