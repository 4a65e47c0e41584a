package io.samplerkit.solvers.internal;

/**
 * The step rules of the EDM-coordinate samplers, each filling an {@link EdmPlan} for one step from {@code rho^}
 * to {@code rhoTo} (formulas in docs/solvers/runge-kutta.md and the solvers' Javadoc). A step into zero noise
 * ({@code rhoTo = 0}, where {@code d} is undefined) is an Euler step for every scheme, as in k-diffusion and
 * EDM: it lands on the model's {@code x0hat}. Immutable and thread-safe.
 */
public enum EdmScheme {

    /** Euler ({@link ButcherTableau#EULER}; Karras et al. 2022, Algorithm 2 without the correction). */
    EULER(ButcherTableau.EULER),
    /** Heun's explicit trapezoid ({@link ButcherTableau#HEUN}; Karras et al. 2022, Algorithm 2). */
    HEUN(ButcherTableau.HEUN),
    /** The explicit midpoint rule, midpoint arithmetic in {@code rho} ({@link ButcherTableau#MIDPOINT}). */
    MIDPOINT(ButcherTableau.MIDPOINT),
    /** The classical fourth-order Runge–Kutta method ({@link ButcherTableau#RK4}). */
    RK4(ButcherTableau.RK4),
    /**
     * k-diffusion's DPM-2: the midpoint rule with the midpoint geometric in {@code rho},
     * {@code rho_mid = exp(log rho_to - (log rho_to - log rho^)/2)} (torch's {@code lerp} at weight 1/2).
     */
    DPM_2(2, 2) {
        @Override
        void planSmooth(double rhoFrom, double rhoTo, EdmPlan plan) {
            double logFrom = Math.log(rhoFrom);
            double logTo = Math.log(rhoTo);
            double rhoMid = Math.exp(logTo - (logTo - logFrom) * 0.5);
            plan.increment(1, rhoMid, 0, rhoMid - rhoFrom);
            plan.increment(2, rhoTo, 1, rhoTo - rhoFrom);
        }
    },
    /**
     * DPM-Solver++(2S) with {@code r = 1/2} in EDM coordinates (k-diffusion's {@code sample_dpmpp_2s_ancestral}):
     * {@code u = x~^ + (rho_m - rho^) d(x~^, rho^)} at {@code rho_m = sqrt(rho^ rhoTo)}, then
     * {@code x~' = (rhoTo/rho^) x~^ + (1 - rhoTo/rho^) D(u, rho_m)}.
     */
    DPMPP_2S(2, 2) {
        @Override
        void planSmooth(double rhoFrom, double rhoTo, EdmPlan plan) {
            double rhoMid = Math.sqrt(rhoFrom * rhoTo);
            plan.increment(1, rhoMid, 0, rhoMid - rhoFrom);
            double r = rhoTo / rhoFrom;
            plan.result(r, 0.0, 1 - r);
        }
    };

    private final ButcherTableau tableau;
    private final int stages;
    private final int order;

    EdmScheme(ButcherTableau tableau) {
        this.tableau = tableau;
        this.stages = tableau.stages();
        this.order = tableau.order();
    }

    EdmScheme(int stages, int order) {
        this.tableau = null;
        this.stages = stages;
        this.order = order;
    }

    /** @return model calls per step (one on a step into zero noise) */
    public int stages() {
        return stages;
    }

    /** @return the order of the deterministic scheme */
    public int order() {
        return order;
    }

    /**
     * Plans one step.
     *
     * @param rhoFrom {@code rho^}, {@code > 0}
     * @param rhoTo end of the step, {@code 0 <= rhoTo <= rhoFrom}
     * @param intoZeroNoise whether the step ends at the grid's zero-noise point (always an Euler step)
     * @param plan destination. Modified.
     */
    void plan(double rhoFrom, double rhoTo, boolean intoZeroNoise, EdmPlan plan) {
        if (intoZeroNoise || rhoTo == 0) {
            plan.begin(1, rhoFrom);
            plan.rungeKutta(ButcherTableau.EULER, rhoTo);
        } else {
            plan.begin(stages, rhoFrom);
            planSmooth(rhoFrom, rhoTo, plan);
        }
    }

    /** Plans a step with {@code rhoTo > 0}; {@link EdmPlan#begin} has been called with {@link #stages()}. */
    void planSmooth(double rhoFrom, double rhoTo, EdmPlan plan) {
        plan.rungeKutta(tableau, rhoTo);
    }
}
