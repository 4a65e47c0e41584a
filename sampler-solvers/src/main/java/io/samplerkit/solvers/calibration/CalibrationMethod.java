package io.samplerkit.solvers.calibration;

import io.samplerkit.core.InvalidInputException;
import io.samplerkit.core.NamedConstants;
import java.util.Locale;

/** How a grid is calibrated (docs/solvers/calibration.md). */
public enum CalibrationMethod {

    /** Minimise the Align-Your-Steps KL upper bound in closed form ({@link KlUpperBound}); solver-independent. */
    AYS_KLUB("ays-klub", "KL upper bound (nats)"),
    /** Minimise the solver's exact global mean squared error ({@link ExactGlobalError}). */
    GLOBAL_ERROR("global-error", "mean squared error to the exact flow map"),
    /**
     * {@link #GLOBAL_ERROR} with a penalty that pulls the grid towards the uniform log-SNR grid:
     * {@code log MSE + sum_j (log(h_j / hbar))^2 / (2 log(2)^2)} over the half log-SNR steps {@code h_j} (mean
     * {@code hbar}), a Gaussian prior under which a step twice or half the uniform one costs half a nat, i.e. must
     * lower the fit's error by a factor {@code e^0.5} (docs/solvers/calibration.md).
     */
    REGULARISED_GLOBAL_ERROR("global-error-regularised",
            "mean squared error to the exact flow map times exp(sum (log(h_j/hbar))^2 / (2 log(2)^2))"),
    /** Dynamic programme over exact one-step errors ({@link OneStepDynamicProgramming}). */
    GITS_DP("gits-dp", "sum of one-step RMS errors");

    private final String id;
    private final String objective;

    CalibrationMethod(String id, String objective) {
        this.id = id;
        this.objective = objective;
    }

    /** @return the stable name used in files and on the command line */
    public String id() {
        return id;
    }

    /** @return what the method's objective value measures */
    public String objective() {
        return objective;
    }

    /**
     * @param id a stable name
     * @param path field path for the error
     * @return the method
     * @throws InvalidInputException for an unknown name
     */
    public static CalibrationMethod of(String id, String path) {
        return NamedConstants.find(values(), CalibrationMethod::id, id, path);
    }

    @Override
    public String toString() {
        return id.toLowerCase(Locale.ROOT);
    }
}
