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
    };

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
