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
