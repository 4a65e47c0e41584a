package io.samplerkit.core.grid;

import io.samplerkit.core.InvalidInputException;
import io.samplerkit.core.NamedConstants;

/**
 * The {@code skip_type} names of the official DPM-Solver and UniPC code (Lu et al. 2022,
 * arXiv:2206.00927, section 3.3 and appendix D.1) and the grid rule each one means.
 */
public enum SkipType {
    /** {@code logSNR}: uniform in lambda. */
    LOG_SNR("logSNR", new LogSnrGrid()),
    /** {@code time_uniform}: uniform in t. */
    TIME_UNIFORM("time_uniform", new UniformTimeGrid()),
    /** {@code time_quadratic}: uniform in sqrt t. */
    TIME_QUADRATIC("time_quadratic", new QuadraticTimeGrid());

    private final String officialName;
    private final TimeGrid grid;

    SkipType(String officialName, TimeGrid grid) {
        this.officialName = officialName;
        this.grid = grid;
    }

    /** @return the name in the official code, e.g. {@code logSNR} */
    public String officialName() {
        return officialName;
    }

    /** @return the grid rule */
    public TimeGrid grid() {
        return grid;
    }

    /**
     * @param officialName {@code logSNR}, {@code time_uniform} or {@code time_quadratic}
     * @return the skip type of that name
     * @throws InvalidInputException naming {@code skip_type} for any other name
     */
    public static SkipType of(String officialName) {
        return NamedConstants.find(values(), SkipType::officialName, officialName, "skip_type");
    }
}
