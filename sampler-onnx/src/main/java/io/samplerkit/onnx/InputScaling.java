package io.samplerkit.onnx;

import io.samplerkit.core.InvalidInputException;
import io.samplerkit.core.NamedConstants;
import io.samplerkit.core.schedule.NoiseSchedule;
import java.util.Locale;

/**
 * What the network's sample input is multiplied by before the call.
 *
 * <p>{@link #EDM}: EDM's input preconditioning {@code c_in = 1/sqrt(rho^2 + sigma_data^2)} (Karras et al. 2022,
 * arXiv:2206.00364, Table 1), applied in EDM's coordinates {@code x/alpha}, so the network receives
 * {@code x c_in / alpha} with {@code rho = sigma/alpha}. For EDM's own schedule ({@code alpha = 1}) this is the
 * familiar {@code x / sqrt(sigma^2 + sigma_data^2)}. The output is read as the declared prediction, unscaled.
 */
public enum InputScaling {
    /** The sample is passed as is. */
    NONE,
    /** EDM's {@code c_in}, see the type's documentation. */
    EDM;

    /**
     * @param key {@code none} or {@code edm} (case-insensitive)
     * @return the scaling
     * @throws InvalidInputException naming {@code inputScaling} otherwise
     */
    public static InputScaling parse(String key) {
        return NamedConstants.findIgnoringCase(values(), s -> s.name().toLowerCase(Locale.ROOT), key, "inputScaling");
    }

    /**
     * @param schedule the schedule
     * @param t schedule time
     * @param sigmaData EDM's {@code sigma_data}
     * @return the factor applied to the sample
     */
    public double factor(NoiseSchedule schedule, double t, double sigmaData) {
        if (this == NONE) {
            return 1.0;
        }
        double rho = schedule.rho(t);
        return 1.0 / (schedule.alpha(t) * Math.sqrt(rho * rho + sigmaData * sigmaData));
    }
}
