package io.samplerkit.bench.conform;

/**
 * diffusers {@code EulerDiscreteScheduler} (deterministic: {@code s_churn = 0}) → registry {@code euler}
 * on the stored sigmas (see {@link DiffusersSigmaCases} for the VE/VP mapping). With
 * {@code final_sigmas_type="sigma_min"} on a spacing whose last timestep is 0 the final sigma repeats the
 * one before: a zero-length last step ({@link CaseGrids#rhos}), on which diffusers still calls the model
 * and adds {@code 0} times the slope, as the EDM-coordinate Euler step does.
 */
public final class DiffusersEulerCases extends DiffusersSigmaCases {

    /** The translator. */
    public DiffusersEulerCases() {
        super("EulerDiscreteScheduler", "euler");
    }
}
