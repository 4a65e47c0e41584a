package io.samplerkit.bench.conform;

/**
 * diffusers {@code EulerDiscreteScheduler} (deterministic: {@code s_churn = 0}) → registry {@code euler}
 * on the stored sigmas (see {@link DiffusersSigmaCases} for the VE/VP mapping).
 */
public final class DiffusersEulerCases extends DiffusersSigmaCases {

    /** The translator. */
    public DiffusersEulerCases() {
        super("EulerDiscreteScheduler", "euler");
    }
}
