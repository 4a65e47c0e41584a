package io.samplerkit.solvers.internal;

import io.samplerkit.core.Checks;
import java.util.Arrays;

/**
 * The coefficients of an explicit Runge–Kutta method (Butcher 1964; Hairer, Nørsett and Wanner,
 * "Solving Ordinary Differential Equations I", 2nd ed., §II.1), optionally with an embedded
 * lower-order solution for error estimation:
 * <pre>
 *   k_j = f(t0 + c_j h, y0 + h sum_{l &lt; j} a_{jl} k_l),   j = 0 .. s-1
 *   y1  = y0 + h sum_j b_j k_j                        (order p)
 *   y1^ = y0 + h sum_j bHat_j k_j                     (embedded, order q &lt; p)
 * </pre>
 * {@code a} is given as a ragged, strictly lower-triangular array: row {@code j} holds
 * {@code a_{j0} .. a_{j,j-1}} (row 0 is empty). A method is "first same as last" (FSAL) when its last
 * stage is evaluated at {@code (t0 + h, y1)}, so the next step reuses it as its first stage.
 *
 * <p>Immutable: the constructor copies the arrays and the accessors return copies; the indexed
 * getters ({@link #a(int, int)}, ...) read without copying. Thread-safe.
 *
 * @param name method name, e.g. {@code "rk4"}
 * @param order order {@code p} of {@code y1}
 * @param c nodes, length {@code s}; {@code c_0 = 0}
 * @param a ragged lower-triangular coupling coefficients, row {@code j} of length {@code j}
 * @param b weights of the propagated solution, length {@code s}
 * @param bHat weights of the embedded solution, length {@code s}, or {@code null} for none
 * @param embeddedOrder order {@code q} of the embedded solution (0 when there is none)
 */
public record ButcherTableau(String name, int order, double[] c, double[][] a, double[] b, double[] bHat,
        int embeddedOrder) {

    /** Relative tolerance of the consistency checks on literal coefficients. */
    private static final double CONSISTENCY = 1e-14;

    /** Euler's method: order 1, one stage. */
    public static final ButcherTableau EULER = new ButcherTableau("euler", 1,
            new double[] {0},
            new double[][] {{}},
            new double[] {1}, null, 0);

    /**
     * Heun's second-order method (explicit trapezoidal rule), the corrector of EDM's Algorithm 2
     * (Karras et al. 2022, arXiv:2206.00364).
     */
    public static final ButcherTableau HEUN = new ButcherTableau("heun", 2,
            new double[] {0, 1},
            new double[][] {{}, {1}},
            new double[] {0.5, 0.5}, null, 0);

    /** The explicit midpoint rule (Runge 1895): order 2, two stages. */
    public static final ButcherTableau MIDPOINT = new ButcherTableau("midpoint", 2,
            new double[] {0, 0.5},
            new double[][] {{}, {0.5}},
            new double[] {0, 1}, null, 0);

    /** The classical fourth-order Runge–Kutta method (Kutta 1901): four stages. */
    public static final ButcherTableau RK4 = new ButcherTableau("rk4", 4,
            new double[] {0, 0.5, 0.5, 1},
            new double[][] {{}, {0.5}, {0, 0.5}, {0, 0, 1}},
            new double[] {1.0 / 6, 1.0 / 3, 1.0 / 3, 1.0 / 6}, null, 0);

    /**
     * Bogacki and Shampine's 3(2) pair (Appl. Math. Lett. 2(4), 1989), FSAL: third-order solution
     * propagated, second-order embedded.
     */
    public static final ButcherTableau BOGACKI_SHAMPINE = new ButcherTableau("bosh3", 3,
            new double[] {0, 0.5, 0.75, 1},
            new double[][] {{}, {0.5}, {0, 0.75}, {2.0 / 9, 1.0 / 3, 4.0 / 9}},
            new double[] {2.0 / 9, 1.0 / 3, 4.0 / 9, 0},
            new double[] {7.0 / 24, 1.0 / 4, 1.0 / 3, 1.0 / 8}, 2);

    /**
     * Dormand and Prince's 5(4) pair (J. Comput. Appl. Math. 6(1), 1980), FSAL, with the embedded
     * fourth-order weights of the original paper (Hairer–Nørsett–Wanner Table II.5.2; also scipy's
     * {@code RK45}). diffrax uses Shampine's alternative embedded weights instead.
     */
    public static final ButcherTableau DORMAND_PRINCE = new ButcherTableau("dopri5", 5,
            new double[] {0, 1.0 / 5, 3.0 / 10, 4.0 / 5, 8.0 / 9, 1, 1},
            new double[][] {
                {},
                {1.0 / 5},
                {3.0 / 40, 9.0 / 40},
                {44.0 / 45, -56.0 / 15, 32.0 / 9},
                {19372.0 / 6561, -25360.0 / 2187, 64448.0 / 6561, -212.0 / 729},
                {9017.0 / 3168, -355.0 / 33, 46732.0 / 5247, 49.0 / 176, -5103.0 / 18656},
                {35.0 / 384, 0, 500.0 / 1113, 125.0 / 192, -2187.0 / 6784, 11.0 / 84}},
            new double[] {35.0 / 384, 0, 500.0 / 1113, 125.0 / 192, -2187.0 / 6784, 11.0 / 84, 0},
            new double[] {5179.0 / 57600, 0, 7571.0 / 16695, 393.0 / 640, -92097.0 / 339200, 187.0 / 2100,
                1.0 / 40}, 4);

    /**
     * Validates shapes and the consistency conditions {@code sum_l a_{jl} = c_j}, {@code sum b = 1},
     * {@code sum bHat = 1}, and copies the arrays.
     */
    public ButcherTableau {
        Checks.requireNonNull(name, "name");
        Checks.requireNonNull(c, "c");
        Checks.requireNonNull(a, "a");
        Checks.requireNonNull(b, "b");
        int s = c.length;
        Checks.requirePositive(s, "c.length");
        Checks.requirePositive(order, "order");
        if (a.length != s || b.length != s || (bHat != null && bHat.length != s)) {
            throw new IllegalArgumentException(Checks.format(
                    "a, b and bHat must have %d (= c.length) entries, got %d, %d and %s", s, a.length, b.length,
                    bHat == null ? "none" : Integer.toString(bHat.length)));
        }
        if (!(c[0] == 0)) {
            throw new IllegalArgumentException(Checks.format("c[0] must be 0 for an explicit method, got %s", c[0]));
        }
        double[][] rows = new double[s][];
        for (int j = 0; j < s; j++) {
            Checks.requireNonNull(a[j], "a[" + j + "]");
            if (a[j].length != j) {
                throw new IllegalArgumentException(Checks.format(
                        "tableau %s: row a[%d] must have %d entries (explicit method, strictly lower triangular),"
                                + " got %d", name, j, j, a[j].length));
            }
            rows[j] = Checks.requireAllFinite(a[j], "a[" + j + "]").clone();
            requireSum(rows[j], c[j], Checks.format("tableau %s: sum of a[%d] must equal c[%d]=%s", name, j, j, c[j]));
        }
        requireSum(b, 1.0, "tableau " + name + ": weights b must sum to 1");
        if (bHat != null) {
            requireSum(bHat, 1.0, "tableau " + name + ": weights bHat must sum to 1");
            Checks.requireInRange(embeddedOrder, 1, order - 1, "embeddedOrder");
        } else if (embeddedOrder != 0) {
            throw new IllegalArgumentException(Checks.format(
                    "embeddedOrder must be 0 without embedded weights, got %d", embeddedOrder));
        }
        c = Checks.requireAllFinite(c, "c").clone();
        a = rows;
        b = Checks.requireAllFinite(b, "b").clone();
        bHat = bHat == null ? null : Checks.requireAllFinite(bHat, "bHat").clone();
    }

    /** Throws {@code "<what>, got <sum>"} unless {@code sum(v)} equals {@code expected} to round-off. */
    /**
     * A method without an embedded solution.
     *
     * @param name method name
     * @param order order of {@code y1}
     * @param c nodes
     * @param a ragged lower-triangular coupling coefficients
     * @param b weights
     */
    public ButcherTableau(String name, int order, double[] c, double[][] a, double[] b) {
        this(name, order, c, a, b, null, 0);
    }

    private static void requireSum(double[] v, double expected, String what) {
        double sum = 0;
        double scale = Math.abs(expected);
        for (double x : v) {
            sum += x;
            scale += Math.abs(x);
        }
        if (!(Math.abs(sum - expected) <= CONSISTENCY * Math.max(1, scale))) {
            throw new IllegalArgumentException(Checks.format("%s, got %s", what, sum));
        }
    }

    /** @return number of stages {@code s} */
    public int stages() {
        return c.length;
    }

    /** @return whether an embedded solution is present */
    public boolean embedded() {
        return bHat != null;
    }

    /**
     * First same as last: the last stage is evaluated at {@code (t0 + h, y1)}
     * ({@code c_{s-1} = 1} and row {@code s-1} of {@code a} equals {@code b}), so it is the next step's
     * first stage.
     *
     * @return whether the method is FSAL
     */
    public boolean fsal() {
        int last = c.length - 1;
        if (last == 0 || c[last] != 1 || b[last] != 0) {
            return false;
        }
        for (int l = 0; l < last; l++) {
            if (a[last][l] != b[l]) {
                return false;
            }
        }
        return true;
    }

    /**
     * @param j stage
     * @return node {@code c_j}
     */
    public double c(int j) {
        return c[j];
    }

    /**
     * @param j stage
     * @param l earlier stage, {@code l < j}
     * @return {@code a_{jl}}
     */
    public double a(int j, int l) {
        return a[j][l];
    }

    /**
     * @param j stage
     * @return weight {@code b_j}
     */
    public double b(int j) {
        return b[j];
    }

    /**
     * @param j stage
     * @return error weight {@code b_j - bHat_j} (the local error estimate is {@code h sum_j e_j k_j})
     */
    public double errorWeight(int j) {
        if (bHat == null) {
            throw new IllegalStateException("tableau " + name + " has no embedded solution");
        }
        return b[j] - bHat[j];
    }

    @Override
    public double[] c() {
        return c.clone();
    }

    @Override
    public double[][] a() {
        double[][] copy = new double[a.length][];
        for (int j = 0; j < a.length; j++) {
            copy[j] = a[j].clone();
        }
        return copy;
    }

    @Override
    public double[] b() {
        return b.clone();
    }

    @Override
    public double[] bHat() {
        return bHat == null ? null : bHat.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ButcherTableau t && name.equals(t.name) && order == t.order
                && embeddedOrder == t.embeddedOrder && Arrays.equals(c, t.c) && Arrays.deepEquals(a, t.a)
                && Arrays.equals(b, t.b) && Arrays.equals(bHat, t.bHat);
    }

    @Override
    public int hashCode() {
        return 31 * name.hashCode() + Arrays.hashCode(b);
    }

    @Override
    public String toString() {
        return "ButcherTableau[" + name + ", order " + order + (bHat == null ? "" : "(" + embeddedOrder + ")")
                + ", " + c.length + " stages]";
    }
}
