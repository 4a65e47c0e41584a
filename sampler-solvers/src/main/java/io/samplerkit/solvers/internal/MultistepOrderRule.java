package io.samplerkit.solvers.internal;

import io.samplerkit.core.Checks;

/**
 * Which order a multistep method uses at each step: warm-up, {@code lower_order_final} and the final
 * step rules of the official DPM-Solver and of diffusers (docs/math.md §6.5, §6.6).
 * <pre>
 *   p_k = min(order, k)                                  warm-up: step k (1-based) has only k outputs
 *   p_k = min(p_k, N + 1 - k)   if lowerOrderFinal and N &lt; lowerOrderFinalBelow
 *   p_N = 1                     if eulerAtFinal, or if the last point is zero noise
 * </pre>
 * The official DPM-Solver applies lower_order_final only for {@code N < 10} (its docstring says 15),
 * diffusers for {@code N < 15}; UniPC for every N ({@code lowerOrderFinalBelow = Integer.MAX_VALUE}).
 * A step to zero noise ({@code lambda = +inf}) is always first order, the rule of diffusers
 * ({@code final_sigmas_type="zero"}) and k-diffusion ({@code dpmpp_2m}, {@code dpmpp_2m_sde},
 * {@code dpmpp_3m_sde}): it returns the data prediction.
 *
 * @param order highest order, 1 to {@link PhiFunctions#MAX_ORDER}
 * @param lowerOrderFinal whether to lower the order of the last steps
 * @param lowerOrderFinalBelow lowerOrderFinal acts only when the number of steps is below this
 * @param eulerAtFinal whether the last step is always first order (diffusers' {@code euler_at_final})
 * @param start how the warm-up steps are placed ({@link MultistepStart})
 */
public record MultistepOrderRule(int order, boolean lowerOrderFinal, int lowerOrderFinalBelow,
        boolean eulerAtFinal, MultistepStart start) {

    /** Threshold of the official DPM-Solver code ({@code steps < 10}). */
    public static final int OFFICIAL_BELOW = 10;

    /** Threshold of diffusers ({@code len(timesteps) < 15}) and of the DPM-Solver docstring. */
    public static final int DIFFUSERS_BELOW = 15;

    /**
     * The global order a method of the given formula order achieves under this rule as the number of steps
     * grows. The last step is never corrected (no model call follows it), so a last step of order {@code q}
     * has local error {@code O(h^(q+1))} and limits the global order to {@code q + 1}. When the rule lowers
     * the last step to order 1 for every step count ({@code eulerAtFinal}, or {@code lowerOrderFinal} with
     * no threshold, as UniPC applies it) the achieved order is at most 2: UniPC-3 (bh2, data) with its
     * default lower-order-final measured slopes 2.46, 2.05, 2.01 from 160 to 1280 uniform log-SNR steps,
     * and 3.90, 3.95, 3.98 without it. (A first-order warm-up limits every multistep method to 2 as well,
     * but with an error constant so small that it shows only far beyond practical step counts; the start,
     * not the options, causes it, so it is not counted here.)
     *
     * @param formulaOrder the order of the update itself (with a corrector's gain)
     * @return {@code min(formulaOrder, 2)} if the last step is first order at every step count, else
     *     {@code formulaOrder}
     */
    public int achievedOrder(int formulaOrder) {
        boolean firstOrderLast = eulerAtFinal || (lowerOrderFinal && lowerOrderFinalBelow == Integer.MAX_VALUE);
        return firstOrderLast ? Math.min(formulaOrder, 2) : formulaOrder;
    }

    /** Validates. */
    public MultistepOrderRule {
        Checks.requireInRange(order, 1, PhiFunctions.MAX_ORDER, "order");
        Checks.requirePositive(lowerOrderFinalBelow, "lowerOrderFinalBelow");
        Checks.requireNonNull(start, "start");
    }

    /**
     * With the reference start ({@link MultistepStart#REFERENCE}).
     *
     * @param order highest order
     * @param lowerOrderFinal whether to lower the order of the last steps
     * @param lowerOrderFinalBelow lowerOrderFinal acts only when the number of steps is below this
     * @param eulerAtFinal whether the last step is always first order
     */
    public MultistepOrderRule(int order, boolean lowerOrderFinal, int lowerOrderFinalBelow, boolean eulerAtFinal) {
        this(order, lowerOrderFinal, lowerOrderFinalBelow, eulerAtFinal, MultistepStart.REFERENCE);
    }

    /**
     * @param newStart the start
     * @return this rule with that start
     */
    public MultistepOrderRule withStart(MultistepStart newStart) {
        return new MultistepOrderRule(order, lowerOrderFinal, lowerOrderFinalBelow, eulerAtFinal, newStart);
    }

    /**
     * The official DPM-Solver rule: warm-up, lower_order_final for fewer than 10 steps.
     *
     * @param order highest order
     * @return the rule
     */
    public static MultistepOrderRule official(int order) {
        return new MultistepOrderRule(order, true, OFFICIAL_BELOW, false);
    }

    /**
     * Warm-up only: every step after the first {@code order - 1} has the full order (for order tests).
     *
     * @param order highest order
     * @return the rule
     */
    public static MultistepOrderRule warmUpOnly(int order) {
        return new MultistepOrderRule(order, false, OFFICIAL_BELOW, false);
    }

    /**
     * Order of step {@code k}.
     *
     * @param k step, 1-based ({@code 1 <= k <= steps})
     * @param steps number of steps N
     * @param available model outputs in the history before the step (warm-up caps the order by it)
     * @param toZeroNoise whether step k ends at zero noise
     * @return the order to use
     */
    public int orderOf(int k, int steps, int available, boolean toZeroNoise) {
        int p = Math.min(order, available);
        if (lowerOrderFinal && steps < lowerOrderFinalBelow) {
            p = Math.min(p, steps + 1 - k);
        }
        if (k == steps && (eulerAtFinal || toZeroNoise)) {
            p = 1;
        }
        return Math.max(1, p);
    }
}
