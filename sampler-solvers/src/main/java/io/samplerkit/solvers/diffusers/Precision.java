package io.samplerkit.solvers.diffusers;

/**
 * Which run of diffusers a computed grid reproduces. diffusers builds its training tables as torch float32 tensors
 * and casts its sigmas to float32; a float64 pipeline (every float32 of the scheduler files replaced by float64)
 * gives the exact values of the same formulas.
 */
public enum Precision {
    /** The float64 pipeline: every table and grid value in double precision. */
    FLOAT64,
    /**
     * A float32 pipeline as torch 1.13 on the CPU computes it: float32 {@code betas} and {@code alphas_cumprod}
     * (torch's vectorized {@code linspace}, {@code cumprod} accumulated in double and rounded per element) and every
     * array diffusers stores as float32 rounded to float32. Intermediate numpy steps that diffusers performs in
     * float64 are performed in double.
     */
    FLOAT32;

    /**
     * @param v a value
     * @return {@code v} rounded to float32 in {@link #FLOAT32}, unchanged in {@link #FLOAT64}
     */
    public double round(double v) {
        return this == FLOAT32 ? (double) (float) v : v;
    }

    /**
     * Rounds every element in place ({@link #round(double)}).
     *
     * @param v values
     * @return {@code v}
     */
    public double[] roundAll(double[] v) {
        if (this == FLOAT32) {
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) v[i];
            }
        }
        return v;
    }
}
