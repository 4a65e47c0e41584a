package io.samplerkit.solvers.ode;

import io.samplerkit.core.Checks;
import io.samplerkit.core.InvalidInputException;
import io.samplerkit.core.SamplingException;
import io.samplerkit.core.dynamics.ProbabilityFlowOde;
import io.samplerkit.core.grid.Timesteps;
import io.samplerkit.core.kernel.Kernels;
import io.samplerkit.core.schedule.NoiseSchedule;
import io.samplerkit.core.schedule.VpDiscreteSchedule;
import io.samplerkit.core.state.Batch;
import io.samplerkit.core.state.BatchView;
import io.samplerkit.solvers.Option;
import io.samplerkit.solvers.SamplingProblem;
import io.samplerkit.solvers.Solver;
import io.samplerkit.solvers.SolverContext;
import io.samplerkit.solvers.SolverOptions;
import io.samplerkit.solvers.SolverRun;
import io.samplerkit.solvers.adaptive.AdaptiveOptions;
import io.samplerkit.solvers.adaptive.AdaptiveRun;
import io.samplerkit.solvers.internal.ButcherTableau;
import io.samplerkit.solvers.adaptive.ErrorNorm;
import io.samplerkit.solvers.internal.ExplicitRungeKutta;
import io.samplerkit.solvers.internal.GridChecks;
import io.samplerkit.solvers.adaptive.PidController;
import io.samplerkit.solvers.adaptive.StepSizeController;
import java.util.List;

/**
 * An embedded Runge–Kutta pair with automatic step-size control on the probability-flow ODE, e.g.
 * Bogacki–Shampine 3(2) ({@code bosh3}) or Dormand–Prince 5(4) ({@code dopri5}); the counterpart of
 * the {@code solve_ivp(RK45)} sampler of Song et al. 2021 (arXiv:2011.13456, §4.3) with the error
 * control of Hairer, Nørsett and Wanner ("Solving ODEs I", §II.4). Only the problem's first and last
 * times are used; the grid in between is chosen by the controller.
 *
 * <p><b>Formulation.</b> The state is the sample {@code x} itself. {@link Variable#LAMBDA} (default)
 * integrates the PF-ODE in the half log-SNR {@code lambda = log(alpha/sigma)}:
 * <pre>
 *   dx/dlambda = (d log sigma/dlambda) x + alpha x0hat(x, t(lambda)),   d log sigma/dlambda = -1 - 2 f sigma^2/g^2,
 * </pre>
 * (the data form {@code dx/dt = (sigma'/sigma) x + alpha lambda' x0hat} divided by
 * {@code lambda' = -g^2/(2 sigma^2)}; Lu et al. 2022, arXiv:2206.00927, eq. 3.3; docs/math.md §3.1, §3.3), e.g.
 * {@code dx/dlambda = -alpha^2 x + alpha x0hat} for VP and {@code -x + x0hat} for EDM. Its solutions stay
 * bounded and its Jacobian is {@code O(1)} over the whole range, whereas in {@code t} the rate
 * {@code dlambda/dt} blows up as {@code sigma -> 0}. (The exponential-integrator forms in {@code x/sigma}
 * or {@code x/alpha} were measured too: their state grows like {@code e^{+-lambda}}; with the
 * {@code x/sigma} form Bogacki–Shampine needed 1.3–1.6x the evaluations for a 45–100x larger error at
 * the same tolerance on the docs/math.md §12 problem.) {@link Variable#TIME} integrates
 * {@code dx/dt = f x - (g^2/2) score = (f + g^2/(2 sigma^2)) x - alpha g^2/(2 sigma^2) x0hat} in the schedule's
 * own time. On a discrete schedule ({@code VpDiscreteSchedule}) {@code f} and {@code g^2} are constant between
 * the table's knots and jump at them, so in time every attempt ends at the next knot at the latest, evaluates
 * the model there with the coefficients of its own side (one ulp inside the interval) and, after such a step,
 * an FSAL pair recomputes its first stage on the other side: an error estimate across a jump does not fall
 * with the step, and without the stops the controller shrinks the step at every knot (reported: 178 034 model calls for an error of 2.8e-5 at {@code rtol = atol = 1e-10} on a 1000-entry table).
 * In lambda the right-hand side depends on alpha and sigma only, which are smooth in lambda, so lambda (the
 * default) needs no stops. Both use the drift of {@link ProbabilityFlowOde} from {@link SolverContext#probabilityFlowOde()}
 * (model calls counted and NaN-checked by the run's context); the lambda form divides it by
 * {@code dlambda/dt = -g^2/(2 sigma^2)}.
 * The error of an attempt is
 * {@code err = max over samples of RMS_i(e_i/(atol + rtol max(|x0_i|, |x1_i|)))} (see {@link ErrorNorm}; all samples share the step sizes). A step is accepted iff {@code err < 1}, the higher-order solution
 * is propagated (local extrapolation), the next step comes from the {@link PidController} with error
 * order {@code q + 1} ({@code q} = embedded order), and FSAL pairs reuse their last stage.
 *
 * <p><b>Initial step</b> (unless {@code initialStep > 0}): Hairer–Nørsett–Wanner §II.4: with
 * {@code d0 = ||y0||}, {@code d1 = ||f0||}, {@code h0 = 0.01 d0/d1} (1e-6 if either is below 1e-5),
 * {@code d2 = ||f(s0 + h0, y0 + h0 f0) - f0||/h0}, {@code h1 = (0.01/max(d1, d2))^(1/(q+1))}
 * ({@code max(1e-6, 1e-3 h0)} if {@code max(d1, d2) <= 1e-15}), start with {@code min(100 h0, h1)};
 * one extra model call.
 *
 * <p>Model calls: {@code s - 1} per attempt for FSAL pairs ({@code s} stages), plus 2 at the start.
 * Deterministic. Throws {@link SamplingException} ({@code STEP_SIZE_UNDERFLOW} when the step falls below
 * {@code 1e-14} of the integration span, {@code TOO_MANY_EVALUATIONS} when the next attempt would exceed
 * {@code maxModelCalls}). Rejected attempts are counted in {@link SolverRun#rejectedSteps()} and reported
 * to {@link io.samplerkit.solvers.StepObserver#onRejected}. Immutable and thread-safe.
 *
 * @param tableau an embedded pair (e.g. {@link ButcherTableau#DORMAND_PRINCE})
 * @param variable integration variable
 * @param rtol relative tolerance, {@code >= 0}
 * @param atol absolute tolerance on {@code x}, {@code >= 0} (not both 0)
 * @param controller step-size controller (e.g. {@link PidController}, the default)
 * @param initialStep first step size in the integration variable, or 0 for the automatic choice
 * @param maxModelCalls evaluation budget, {@code >= 1}
 */
public record EmbeddedRungeKutta(ButcherTableau tableau, Variable variable, double rtol, double atol,
        StepSizeController controller, double initialStep, int maxModelCalls) implements Solver {

    /** Registry name of the Bogacki–Shampine 3(2) sampler. */
    public static final String BOSH3 = "bosh3";
    /** Registry name of the Dormand–Prince 5(4) sampler. */
    public static final String DOPRI5 = "dopri5";
    /** Default relative and absolute tolerance (score_sde's {@code solve_ivp} setting). */
    public static final double DEFAULT_TOLERANCE = 1e-5;
    /** Default evaluation budget. */
    public static final int DEFAULT_MAX_MODEL_CALLS = AdaptiveOptions.DEFAULT_MAX_MODEL_CALLS;
    /** Relative tolerance of the embedded pairs. */
    private static final Option<Double> RTOL = AdaptiveOptions.RTOL.withDefault(DEFAULT_TOLERANCE);
    /** Absolute tolerance of the embedded pairs. */
    private static final Option<Double> ATOL = AdaptiveOptions.ATOL.withDefault(DEFAULT_TOLERANCE);
    /** Integration variable. */
    private static final Option<Variable> VARIABLE = Option.ofEnum("variable", Variable.LAMBDA,
            "integrate in half log-SNR or in the schedule time");

    /** The independent variable the pair integrates in. */
    public enum Variable {
        /** Half log-SNR {@code lambda = log(alpha/sigma)}. */
        LAMBDA,
        /** The schedule's own time. */
        TIME
    }

    /** Validates. */
    public EmbeddedRungeKutta {
        Checks.requireNonNull(tableau, "tableau");
        if (!tableau.embedded()) {
            throw new IllegalArgumentException("tableau must have an embedded solution, got " + tableau);
        }
        Checks.requireNonNull(variable, "variable");
        Checks.requireInRange(rtol, 0.0, 1.0, "rtol");
        Checks.requireNonNegative(atol, "atol");
        if (!(rtol > 0 || atol > 0)) {
            throw new IllegalArgumentException("rtol and atol must not both be 0");
        }
        Checks.requireNonNull(controller, "controller");
        Checks.requireNonNegative(initialStep, "initialStep");
        Checks.requirePositive(maxModelCalls, "maxModelCalls");
    }

    /**
     * The pair with default settings: {@code lambda}, {@code rtol = atol = 1e-5}, I controller,
     * automatic first step.
     *
     * @param tableau an embedded pair
     * @return the solver
     */
    public static EmbeddedRungeKutta of(ButcherTableau tableau) {
        return new EmbeddedRungeKutta(tableau, Variable.LAMBDA, DEFAULT_TOLERANCE, DEFAULT_TOLERANCE,
                PidController.DEFAULT, 0.0, DEFAULT_MAX_MODEL_CALLS);
    }

    /**
     * @param newRtol relative tolerance
     * @param newAtol absolute tolerance
     * @return a copy with these tolerances
     */
    public EmbeddedRungeKutta withTolerances(double newRtol, double newAtol) {
        return new EmbeddedRungeKutta(tableau, variable, newRtol, newAtol, controller, initialStep, maxModelCalls);
    }

    /**
     * @param newVariable integration variable
     * @return a copy integrating in that variable
     */
    public EmbeddedRungeKutta withVariable(Variable newVariable) {
        return new EmbeddedRungeKutta(tableau, newVariable, rtol, atol, controller, initialStep, maxModelCalls);
    }

    /**
     * @param newController controller
     * @return a copy with that controller
     */
    public EmbeddedRungeKutta withController(StepSizeController newController) {
        return new EmbeddedRungeKutta(tableau, variable, rtol, atol, newController, initialStep, maxModelCalls);
    }

    /**
     * @param newMaxModelCalls evaluation budget
     * @return a copy with that budget
     */
    public EmbeddedRungeKutta withMaxModelCalls(int newMaxModelCalls) {
        return new EmbeddedRungeKutta(tableau, variable, rtol, atol, controller, initialStep, newMaxModelCalls);
    }

    /** @return the registry options shared by every embedded pair */
    public static List<Option<?>> options() {
        return List.of(RTOL, ATOL, VARIABLE, AdaptiveOptions.PCOEFF, AdaptiveOptions.ICOEFF, AdaptiveOptions.DCOEFF,
                AdaptiveOptions.SAFETY, AdaptiveOptions.FACTOR_MIN, AdaptiveOptions.FACTOR_MAX,
                AdaptiveOptions.INITIAL_STEP_OR_AUTOMATIC, AdaptiveOptions.MAX_MODEL_CALLS);
    }

    /**
     * Reads {@link #options()}.
     *
     * @param tableau the pair
     * @param options option values
     * @return the solver
     * @throws InvalidInputException when factor-min exceeds safety
     */
    public static EmbeddedRungeKutta fromOptions(ButcherTableau tableau, SolverOptions options) {
        double safety = options.get(AdaptiveOptions.SAFETY);
        double factorMin = options.get(AdaptiveOptions.FACTOR_MIN);
        if (!(factorMin <= safety)) {
            throw new InvalidInputException("options." + AdaptiveOptions.FACTOR_MIN.name(), factorMin,
                    "in (0, safety=" + safety + "]");
        }
        return new EmbeddedRungeKutta(tableau, options.get(VARIABLE), options.get(RTOL), options.get(ATOL),
                new PidController(options.get(AdaptiveOptions.PCOEFF), options.get(AdaptiveOptions.ICOEFF),
                        options.get(AdaptiveOptions.DCOEFF), safety, factorMin, options.get(AdaptiveOptions.FACTOR_MAX)),
                options.get(AdaptiveOptions.INITIAL_STEP_OR_AUTOMATIC), options.get(AdaptiveOptions.MAX_MODEL_CALLS));
    }

    /** @return {@code true}: the steps are chosen by error control between the problem's end points */
    @Override
    public boolean adaptive() {
        return true;
    }

    @Override
    public String name() {
        return tableau.name();
    }

    @Override
    public int order() {
        return tableau.order();
    }

    @Override
    public void validate(SamplingProblem problem) {
        GridChecks.requireNoiseAtEnd(problem, name(),
                "the PF-ODE is singular at sigma = 0; end at sigma_min and use denoiseToZero instead");
    }

    @Override
    public SolverRun start(SolverContext context) {
        Timesteps grid = context.problem().timesteps();
        int last = grid.points() - 1;
        return variable == Variable.LAMBDA ? new Run(context, grid.lambda(0), grid.lambda(last))
                : new Run(context, grid.t(0), grid.t(last));
    }

    /** The embedded pair inside the shared adaptive loop; positions are lambda or time. */
    private final class Run extends AdaptiveRun {
        private final NoiseSchedule schedule;
        private final ExplicitRungeKutta rk;
        private final ExplicitRungeKutta.Derivative rhs = this::derivative;
        private final double tStart;
        private final double tEnd;
        private final double sStart;
        private final double sEnd;
        private final double direction;
        private final double errorOrder;
        private final ProbabilityFlowOde ode;
        /** Knot times of a discrete schedule when integrating in time (steps end at them), else null. */
        private final double[] knots;
        /** The knot the current attempt ends at, or NaN. */
        private double knotTarget = Double.NaN;
        /** Start of the current attempt. */
        private double attemptStart;
        private final Batch error;
        private Batch y;
        private Batch yNew;
        private boolean firstStageKnown;

        Run(SolverContext context, double sStart, double sEnd) {
            super(context, controller, sStart, sEnd, tableau.embeddedOrder() + 1, maxModelCalls);
            this.schedule = context.schedule();
            Timesteps grid = context.problem().timesteps();
            tStart = grid.t(0);
            tEnd = grid.t(grid.points() - 1);
            this.sStart = sStart;
            this.sEnd = sEnd;
            direction = Math.signum(sEnd - sStart);
            errorOrder = tableau.embeddedOrder() + 1;
            rk = new ExplicitRungeKutta(tableau, context.newBatch());
            ode = context.probabilityFlowOde();
            error = context.newBatch();
            y = context.newBatch();
            yNew = context.newBatch();
            knots = variable == Variable.TIME && schedule instanceof VpDiscreteSchedule discrete
                    ? discrete.knotTimes() : null;
        }

        /**
         * In time on a discrete schedule, the attempt ends at the next knot at the latest, where {@code f} and
         * {@code g^2} jump; elsewhere the controller's target.
         */
        @Override
        protected double limitTarget(double s, double target) {
            knotTarget = Double.NaN;
            if (knots == null) {
                return target;
            }
            // the next knot more than the smallest step beyond s (s may sit an ulp off a knot)
            double tiny = MIN_RELATIVE_STEP * Math.max(Math.abs(sEnd - sStart), Math.max(Math.abs(sStart),
                    Math.abs(sEnd)));
            int i = java.util.Arrays.binarySearch(knots, s + direction * tiny);
            int next = direction < 0 ? (i >= 0 ? i - 1 : -i - 2) : (i >= 0 ? i + 1 : -i - 1);
            if (next >= 0 && next < knots.length && direction * (target - knots[next]) >= 0) {
                knotTarget = knots[next];
                return knots[next];
            }
            return target;
        }

        @Override
        protected int callsPerAttempt() {
            return tableau.stages() - (tableau.fsal() ? 1 : 0);
        }

        @Override
        protected double timeOf(double v) {
            if (v == sStart) {
                return tStart;
            }
            if (v == sEnd) {
                return tEnd;
            }
            return variable == Variable.LAMBDA ? schedule.timeOfLambda(v) : v;
        }

        @Override
        protected double positionOf(double time) {
            return variable == Variable.LAMBDA ? schedule.lambda(time) : time;
        }

        /**
         * {@code dx/dt} from the shared {@link ProbabilityFlowOde} (score form, exact conversion of the
         * model's own output), divided by {@code dlambda/dt = -g^2/(2 sigma^2)} in the lambda form.
         */
        private void derivative(double v, BatchView state, Batch out) {
            // at the knot an attempt ends on, f and g^2 of the attempt's own side (one ulp inside it)
            double t = v == knotTarget ? Math.nextAfter(v, attemptStart) : timeOf(v);
            ode.drift(state, t, out);
            if (variable == Variable.LAMBDA) {
                double sigma = schedule.sigma(t);
                Kernels.scale(out, -2 * sigma * sigma / schedule.g2(t), out);
            }
        }

        private double norm(BatchView v) {
            return ErrorNorm.of(v, y, y, atol, rtol);
        }

        @Override
        protected double begin(Batch x) {
            y.copyFrom(x);
            Batch f0 = rk.stage(0);
            derivative(sStart, y, f0);
            firstStageKnown = true;
            double span = Math.abs(sEnd - sStart);
            double first = initialStep > 0 ? initialStep : initialStep(f0, span);
            return direction * Math.min(first, span);
        }

        /** Hairer, Nørsett and Wanner, "Solving ODEs I", §II.4, "Starting step size". */
        private double initialStep(Batch f0, double span) {
            double d0 = norm(y);
            double d1 = norm(f0);
            double h0 = d0 < 1e-5 || d1 < 1e-5 ? 1e-6 : 0.01 * d0 / d1;
            h0 = Math.min(h0, span);
            Kernels.lincomb2(yNew, 1.0, y, direction * h0, f0);
            derivative(sStart + direction * h0, yNew, error);
            Kernels.lincomb2(error, 1.0, error, -1.0, f0);
            double d2 = norm(error) / h0;
            double dMax = Math.max(d1, d2);
            double h1 = dMax <= 1e-15 ? Math.max(1e-6, 1e-3 * h0) : Math.pow(0.01 / dMax, 1.0 / errorOrder);
            return Math.min(100 * h0, h1);
        }

        @Override
        protected double attempt(Batch x, double s, double t, double target, double tTarget) {
            attemptStart = s;
            rk.step(rhs, s, target, y, yNew, firstStageKnown);
            firstStageKnown = true;
            rk.error(s, target, error);
            return ErrorNorm.of(error, y, yNew, atol, rtol);
        }

        /** The next attempt starts from the edited state: copy it, and evaluate its first stage anew (one call). */
        @Override
        public void stateEdited(Batch x) {
            y.copyFrom(x);
            firstStageKnown = false;
        }

        @Override
        protected void commit(Batch x) {
            Batch tmp = y;
            y = yNew;
            yNew = tmp;
            if (tableau.fsal() && Double.isNaN(knotTarget)) {
                rk.reuseLastStage();
            } else {
                firstStageKnown = false;
            }
            x.copyFrom(y);
        }
    }
}
