package io.samplerkit.solvers.diffusers;

import java.util.List;

/**
 * What a diffusers scheduler holds after {@code set_timesteps}: its {@code timesteps} (integer training indices, or
 * fractional / flow times), its {@code sigmas} (noise-to-signal ratios, or flow sigmas; null for DDIM and PNDM), the
 * scale of the initial noise, the class's {@code order}, and for DDIM/PNDM the {@code alphas_cumprod} of every
 * timestep and of the end. Computed by {@link #of(SchedulerConfig, SetTimesteps, Precision)}; the rules per class
 * are in {@code docs/diffusers-configs.md}.
 *
 * @param timesteps the timesteps, one per model call slot (Heun-type classes repeat inner ones)
 * @param integerTimesteps whether diffusers stores them as int64
 * @param sigmas the sigmas including the final one, or null
 * @param initNoiseSigma {@code init_noise_sigma}, NaN for classes without it (FlowMatch)
 * @param order the class's {@code order} (2 for Heun-type, else 1)
 * @param orderList DPMSolverSinglestep's per-step orders, else null
 * @param alphasCumprodAtTimesteps DDIM/PNDM's alpha-bar at each timestep, else null
 * @param finalAlphaCumprod DDIM/PNDM's alpha-bar after the last step, else NaN
 * @param warnings what diffusers would log while setting the timesteps
 * @param precision the precision of the values
 */
public record DiffusersGrid(double[] timesteps, boolean integerTimesteps, double[] sigmas, double initNoiseSigma,
        int order, int[] orderList, double[] alphasCumprodAtTimesteps, double finalAlphaCumprod, List<String> warnings,
        Precision precision) {

    /**
     * Computes the grid of a config.
     *
     * @param config effective config
     * @param call the {@code set_timesteps} arguments
     * @param precision float64 or emulated float32 pipeline
     * @return the grid
     * @throws io.samplerkit.core.InvalidInputException for a call diffusers rejects (e.g. PNDM's Runge-Kutta
     *     warm-up with fewer than 4 steps, {@code use_dynamic_shifting} without {@code mu})
     */
    public static DiffusersGrid of(SchedulerConfig config, SetTimesteps call, Precision precision) {
        return GridRules.compute(config, call, precision);
    }

    /** @return the number of model-call slots ({@code timesteps.length}) */
    public int length() {
        return timesteps.length;
    }
}
