package io.samplerkit.solvers.exponential;

import io.samplerkit.core.Checks;
import java.util.Arrays;

/**
 * How a singlestep DPM-Solver spreads a budget of model evaluations over steps of order 1-3
 * (Lu et al. 2022, arXiv:2206.00927, §3.4 "DPM-Solver-fast"; docs/math.md §6.4).
 */
public enum OrderAllocation {

    /**
     * "DPM-Solver-fast": as many steps of the full order as fit, the remainder as lower-order steps at
     * the end. Order 3: {@code K = nfe/3 + 1} steps, {@code [3]*(K-2) + [2, 1]} if {@code nfe % 3 == 0},
     * {@code [3]*(K-1) + [1]} if 1, {@code [3]*(K-1) + [2]} if 2; order 2: {@code [2]*(nfe/2)} plus
     * {@code [1]} if odd; order 1: {@code [1]*nfe}. The orders always sum to {@code nfe}.
     */
    FAST {
        @Override
        public int[] orders(int order, int nfe) {
            check(order, nfe);
            int[] r;
            if (order == 3) {
                int k = nfe / 3 + 1;
                switch (nfe % 3) {
                    case 0:
                        r = fill(k, 3);
                        r[k - 2] = 2;
                        r[k - 1] = 1;
                        break;
                    case 1:
                        r = fill(k, 3);
                        r[k - 1] = 1;
                        break;
                    default:
                        r = fill(k, 3);
                        r[k - 1] = 2;
                        break;
                }
            } else if (order == 2) {
                r = fill(nfe / 2 + nfe % 2, 2);
                if (nfe % 2 == 1) {
                    r[r.length - 1] = 1;
                }
            } else {
                r = fill(nfe, 1);
            }
            return r;
        }
    },

    /**
     * The official {@code singlestep_fixed}: {@code nfe/order} steps all of the full order (a remainder of
     * the budget is left unused).
     */
    FIXED {
        @Override
        public int[] orders(int order, int nfe) {
            check(order, nfe);
            if (nfe < order) {
                throw new IllegalArgumentException(Checks.format(
                        "nfe must be >= order=%d for the fixed allocation, got %d", order, nfe));
            }
            return fill(nfe / order, order);
        }
    },

    /**
     * diffusers' {@code DPMSolverSinglestepScheduler}: its per-call order list
     * ({@link #diffusersOrderList}, with {@code lower_order_final} and a first-order last call, what the scheduler
     * uses whenever its last sigma is zero) read as steps: a run {@code 1, 2, .., k} of the list is one order-k step
     * over k grid intervals. Order 3, 10 calls: list {@code [1,2,3,1,2,3,1,2,3,1]}, steps {@code [3, 3, 3, 1]};
     * order 2, 10 calls: {@code [1,2,1,2,1,2,1,2,1,1]}, steps {@code [2, 2, 2, 2, 1, 1]}.
     */
    DIFFUSERS {
        @Override
        public int[] orders(int order, int nfe) {
            check(order, nfe);
            int[] list = diffusersOrderList(nfe, order, true, true);
            int[] steps = new int[list.length];
            int n = 0;
            for (int i = 0; i < list.length; i++) {
                if (i + 1 == list.length || list[i + 1] == 1) {
                    steps[n++] = list[i];
                }
            }
            return Arrays.copyOf(steps, n);
        }
    };

    /**
     * diffusers' {@code DPMSolverSinglestepScheduler.get_order_list}: the order of each model call.
     * <pre>
     *   lower_order_final, order 3:  [1,2,3]*(N/3 - 1) + [1,2] + [1]  (N % 3 == 0),  [1,2,3]*(N/3) + [1]  (1),
     *                                [1,2,3]*(N/3) + [1,2]  (2)
     *   lower_order_final, order 2:  [1,2]*(N/2 - 1) + [1,1]  (N even),  [1,2]*(N/2) + [1]  (odd)
     *   otherwise:                   [1..order]*(N/order);   order 1: [1]*N
     *   last sigma zero:             the last entry set to 1
     * </pre>
     *
     * @param steps number of model calls {@code N}
     * @param order solver order, 1 to 3
     * @param lowerOrderFinal diffusers' {@code lower_order_final}
     * @param zeroEnd whether the last sigma is zero ({@code final_sigmas_type="zero"})
     * @return the list
     */
    public static int[] diffusersOrderList(int steps, int order, boolean lowerOrderFinal, boolean zeroEnd) {
        check(order, steps);
        int[] pattern = new int[order];
        for (int j = 0; j < order; j++) {
            pattern[j] = j + 1;
        }
        int[] tail;
        if (lowerOrderFinal && order == 3) {
            tail = steps % 3 == 0 ? new int[] {1, 2, 1} : steps % 3 == 1 ? new int[] {1} : new int[] {1, 2};
        } else if (lowerOrderFinal && order == 2) {
            tail = steps % 2 == 0 ? new int[] {1, 1} : new int[] {1};
        } else {
            tail = new int[0];
        }
        int full = order == 1 ? steps : (steps - tail.length) / order;
        int[] r = new int[full * order + tail.length];
        int n = 0;
        for (int g = 0; g < full; g++) {
            for (int p : pattern) {
                r[n++] = p;
            }
        }
        for (int p : tail) {
            r[n++] = p;
        }
        int[] out = Arrays.copyOf(r, n);
        if (zeroEnd && n > 0) {
            out[n - 1] = 1;
        }
        return out;
    }

    /**
     * The order of each step.
     *
     * @param order highest order, 1 to 3
     * @param nfe model evaluations available, at least 1
     * @return orders, one per step
     */
    public abstract int[] orders(int order, int nfe);

    /**
     * Model evaluations the allocation uses.
     *
     * @param order highest order
     * @param nfe budget
     * @return the sum of {@link #orders}
     */
    public int modelCalls(int order, int nfe) {
        return Arrays.stream(orders(order, nfe)).sum();
    }

    private static void check(int order, int nfe) {
        Checks.requireInRange(order, 1, 3, "order");
        Checks.requirePositive(nfe, "nfe");
    }

    private static int[] fill(int n, int v) {
        int[] r = new int[n];
        Arrays.fill(r, v);
        return r;
    }
}
