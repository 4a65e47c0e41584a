package io.samplerkit.solvers.multistep;

import io.samplerkit.core.Checks;

/**
 * Compatibility option reproducing how diffusers' {@code PNDMScheduler} (and {@code DDIMScheduler})
 * moves between timesteps: a step that evaluates the model at time {@code t} transfers the state from
 * {@code t} to {@code t - offset}, where diffusers' {@code offset = num_train_timesteps //
 * num_inference_steps}, whether or not {@code t - offset} is the next timestep (docs/math.md §5, "Quirk").
 * A target below the schedule's first time {@code tMin} (by more than {@code 1e-9 offset}, which absorbs
 * the rounding of {@code t - offset}) uses diffusers' {@code final_alpha_cumprod}: the schedule at
 * {@code tMin} ({@code alphas_cumprod[0]}, {@code set_alpha_to_one=False}) or clean data
 * ({@code alpha_cumprod = 1}, {@code set_alpha_to_one=True}).
 *
 * <p>With this option the solver's grid is the list of diffusers' model-evaluation times (one per
 * {@code step()} call, repeated times listed once) and the solver takes one step per listed time; the
 * state after a step is then treated as being at the next listed time, as diffusers does. For the
 * {@code leading} spacing these coincide; for {@code linspace}/{@code trailing} spacings and step counts
 * that do not divide the number of training steps they do not (e.g. {@code 888 -> 788} while the next
 * timestep is {@code 777}).
 *
 * <p>The pseudo Runge–Kutta steps of PRK mode go from one listed time to the next; their midpoint
 * model time is the next time plus {@code halfOffset}, and their first stage is transferred to the
 * start time minus {@code halfOffset} (diffusers' {@code num_train_timesteps // num_inference_steps // 2};
 * the two midpoints differ by one timestep when {@code offset} is odd). The pseudo improved-Euler first
 * step of PLMS mode ({@code skip_prk_steps=True}) predicts with a transfer to {@code t_0 - offset} and
 * corrects with a transfer from {@code t_1 + offset} to {@code t_1}.
 *
 * @param offset {@code num_train_timesteps // num_inference_steps}, in the schedule's time unit
 * @param halfOffset {@code offset // 2} (integer halving in timesteps), in the schedule's time unit
 * @param alphaToOne diffusers' {@code set_alpha_to_one}: targets below the schedule's first time are
 *     clean data instead of that first time
 */
public record DiffusersStepping(double offset, double halfOffset, boolean alphaToOne) {

    /** Targets this far (relative to the offset) below the schedule's first time still count as on it. */
    public static final double ROUNDING = 1e-9;

    /** Validates. */
    public DiffusersStepping {
        Checks.requirePositive(offset, "offset");
        if (!(halfOffset >= 0 && halfOffset <= offset)) {
            throw new IllegalArgumentException(Checks.format("halfOffset must be in [0, offset=%s], got %s",
                    offset, halfOffset));
        }
    }
}
