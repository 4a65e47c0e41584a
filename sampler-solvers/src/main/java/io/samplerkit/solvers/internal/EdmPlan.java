package io.samplerkit.solvers.internal;

import java.util.Arrays;

/**
 * One step of an EDM-coordinate scheme written on the model's outputs: the noise level {@code rho_j} of each
 * stage and, for every stage after the first and for the result, the weights of
 * <pre>
 *   y_j = p_j x~^ + sum_{l &lt; j} q_{jl} D_l,     D_l = x0hat(alpha(rho_l) y_l, t(rho_l)),
 * </pre>
 * with {@code y_0 = x~^} at {@code rho_0 = rho^}. Since {@code d(y_l, rho_l) = (y_l - D_l)/rho_l} is itself
 * such a combination, every explicit scheme has this form; {@link EdmStageRun} evaluates it on {@code x} in one
 * pass per stage. Filled per step by an {@link EdmScheme} (no allocation); row {@code stages()} is the result.
 *
 * <p>Not thread-safe; one per run.
 */
public final class EdmPlan {

    private final double[] rho;
    private final double[] p;
    private final double[][] q;
    private final double[] increments;
    private int stages;

    /**
     * @param maxStages most model calls per step
     */
    EdmPlan(int maxStages) {
        rho = new double[maxStages];
        p = new double[maxStages + 1];
        q = new double[maxStages + 1][maxStages];
        increments = new double[maxStages];
    }

    /**
     * Starts a step of {@code stages} model calls at {@code rho_0}.
     *
     * @param stages model calls of the step, {@code >= 1}
     * @param rho0 {@code rho^}
     */
    void begin(int stages, double rho0) {
        this.stages = stages;
        rho[0] = rho0;
        p[0] = 1.0;
        Arrays.fill(q[0], 0.0);
    }

    /**
     * Fills every row from a Butcher tableau on the step {@code rho_0 -> rhoTo}: stage {@code j} at
     * {@code rho_0 + c_j h} (exactly {@code rho_0} or {@code rhoTo} where {@code c_j} is 0 or 1) with
     * {@code y_j = y_0 + h sum_l a_{jl} d(y_l, rho_l)}, the result with the weights {@code b}.
     *
     * @param tableau the method; its stage count must have been passed to {@link #begin}
     * @param rhoTo end of the step
     */
    void rungeKutta(ButcherTableau tableau, double rhoTo) {
        double rho0 = rho[0];
        double h = rhoTo - rho0;
        for (int j = 1; j <= stages; j++) {
            for (int l = 0; l < j; l++) {
                increments[l] = h * (j < stages ? tableau.a(j, l) : tableau.b(l));
            }
            double cj = j < stages ? tableau.c(j) : 1.0;
            expand(j, cj == 1 ? rhoTo : cj == 0 ? rho0 : rho0 + cj * h);
        }
    }

    /**
     * Sets row {@code j} to {@code y_j = y_0 + increment d(y_l, rho_l)}, expanded into the weights of
     * {@code x~^} and the {@code D}.
     *
     * @param j row, {@code 1 <= j <= stages()}
     * @param rhoJ noise level of the stage (ignored for the result row)
     * @param l the stage whose slope is taken, {@code < j}
     * @param increment the step along that slope
     */
    void increment(int j, double rhoJ, int l, double increment) {
        Arrays.fill(increments, 0, j, 0.0);
        increments[l] = increment;
        expand(j, rhoJ);
    }

    /**
     * Sets the result row of a two-stage step directly: {@code y = p x~^ + q0 D_0 + q1 D_1}.
     *
     * @param pj weight of {@code x~^}
     * @param q0 weight of {@code D_0}
     * @param q1 weight of {@code D_1}
     */
    void result(double pj, double q0, double q1) {
        double[] qj = q[stages];
        Arrays.fill(qj, 0.0);
        qj[0] = q0;
        qj[1] = q1;
        p[stages] = pj;
    }

    /** Row {@code j} from {@code increments[0 .. j-1]}: {@code d_l = (y_l - D_l)/rho_l} with {@code y_l} known. */
    private void expand(int j, double rhoJ) {
        double pj = 1.0;
        double[] qj = q[j];
        Arrays.fill(qj, 0.0);
        for (int l = 0; l < j; l++) {
            if (increments[l] == 0) {
                continue;
            }
            double w = increments[l] / rho[l];
            pj += w * p[l];
            for (int m = 0; m < l; m++) {
                qj[m] += w * q[l][m];
            }
            qj[l] -= w;
        }
        setRow(j, rhoJ, pj);
    }

    private void setRow(int j, double rhoJ, double pj) {
        p[j] = pj;
        if (j < stages) {
            rho[j] = rhoJ;
        }
    }

    /** @return model calls of the step; row {@code stages()} is the result */
    int stages() {
        return stages;
    }

    /**
     * @param j stage, {@code < stages()}
     * @return its noise level
     */
    double rho(int j) {
        return rho[j];
    }

    /**
     * @param j row
     * @return weight of {@code x~^}
     */
    double p(int j) {
        return p[j];
    }

    /**
     * @param j row
     * @param l model output, {@code < j}
     * @return weight of {@code D_l}
     */
    double q(int j, int l) {
        return q[j][l];
    }
}
