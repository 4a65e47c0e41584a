package io.samplerkit.solvers;

import io.samplerkit.core.Checks;
import io.samplerkit.core.InvalidInputException;
import io.samplerkit.core.SamplingException;
import io.samplerkit.core.noise.NoiseSource;
import io.samplerkit.core.state.Batch;
import io.samplerkit.core.state.BatchView;

/**
 * Inpainting by replacement (the blend of diffusers' inpainting loop and of RePaint, Lugmayr et al. 2022,
 * arXiv:2201.09865, eq. 8 without resampling): before the first step and after every accepted step, the known
 * region of the state is replaced by the clean input noised to the state's level,
 * <pre>
 *   x &lt;- m (alpha(t) x_0 + sigma(t) eps) + (1 - m) x,
 * </pre>
 * {@code m} the mask (1 known, 0 to be generated; values between blend). At a zero-noise end point the known
 * region becomes {@code alpha x_0} exactly. {@link Noise#FIXED} uses one {@code eps} for the whole run (diffusers),
 * {@link Noise#FRESH} a new draw at every level (RePaint); both come from the problem's noise source.
 *
 * <p>A {@link StateEdit}: hand it to {@link SamplingDriver#run(Solver, SamplingProblem, BatchView, StateEdit)} or
 * {@link Stepper#start}. Buffers are allocated here; {@link #apply} allocates nothing.
 */
public final class Inpainting implements StateEdit {

    /** Noise streams of {@link Noise#FRESH}: {@code FRESH_STREAM_BASE - accepted}. */
    public static final long FRESH_STREAM_BASE = -2L;

    /** Which noise noises the known region. */
    public enum Noise {
        /** One draw for the whole run, on {@link Img2Img#START_STREAM} (diffusers' inpainting pipelines). */
        FIXED,
        /** A new draw at every level, stream {@code FRESH_STREAM_BASE - accepted} (RePaint). */
        FRESH
    }

    private final double[] clean;
    private final double[] mask;
    private final NoiseSource source;
    private final Noise mode;
    private final Batch eps;

    /**
     * @param problem the problem whose noise source draws {@code eps}
     * @param clean the input {@code x_0}, shaped as the state. Not modified (copied).
     * @param mask weight of the known region per element, in {@code [0, 1]}, shaped as {@code clean}. Copied.
     * @param mode fixed or fresh noise
     * @throws InvalidInputException if shapes differ, a mask value is outside {@code [0, 1]}, or a clean value the
     *     mask keeps (mask above 0) is not finite or beyond {@link SamplingException#MAX_MAGNITUDE}
     */
    public Inpainting(SamplingProblem problem, BatchView clean, BatchView mask, Noise mode) {
        Checks.requireNonNull(problem, "problem");
        Checks.requireNonNull(clean, "clean");
        Checks.requireNonNull(mask, "mask");
        this.mode = Checks.requireNonNull(mode, "mode");
        if (mask.size() != clean.size() || mask.dim() != clean.dim()) {
            throw new InvalidInputException("mask", mask.size() + "x" + mask.dim(),
                    "the shape of clean, " + clean.size() + "x" + clean.dim());
        }
        this.clean = clean.data().clone();
        this.mask = mask.data().clone();
        for (int j = 0; j < this.mask.length; j++) {
            if (!(this.mask[j] >= 0 && this.mask[j] <= 1)) {
                throw new InvalidInputException("mask[" + j / clean.dim() + "][" + j % clean.dim() + "]",
                        this.mask[j], "in [0, 1]");
            }
        }
        double[] c = clean.data();
        for (int j = SamplingException.firstUnsound(c, 0, c.length); j >= 0;
                j = SamplingException.firstUnsound(c, j + 1, c.length)) {
            if (this.mask[j] != 0) {
                throw Img2Img.unusableClean(clean, j);
            }
        }
        this.source = problem.noise();
        this.eps = Batch.zeros(clean.size(), clean.dim());
        if (mode == Noise.FIXED) {
            source.standardNormal(Img2Img.START_STREAM, eps);
        }
    }

    @Override
    public void apply(int accepted, double t, double alpha, double sigma, Batch x) {
        if (x.size() != eps.size() || x.dim() != eps.dim()) {
            throw new InvalidInputException("x", x.size() + "x" + x.dim(),
                    "the shape of the inpainting input, " + eps.size() + "x" + eps.dim());
        }
        if (mode == Noise.FRESH) {
            source.standardNormal(FRESH_STREAM_BASE - accepted, eps);
        }
        double[] d = x.data();
        double[] e = eps.data();
        for (int j = 0; j < d.length; j++) {
            double m = mask[j];
            if (m != 0) {
                d[j] = m * (alpha * clean[j] + sigma * e[j]) + (1 - m) * d[j];
            }
        }
    }
}
