package io.samplerkit.solvers;

import io.samplerkit.core.Checks;
import io.samplerkit.core.InvalidInputException;
import io.samplerkit.core.SamplingException;
import io.samplerkit.core.grid.Timesteps;
import io.samplerkit.core.state.Batch;
import io.samplerkit.core.state.BatchView;

/**
 * img2img / SDEdit (Meng et al. 2022, arXiv:2108.01073, Sec. 3): start a run part-way down the noise levels from a
 * clean input {@code x_0} noised to the start, {@code x_s = alpha(t_s) x_0 + sigma(t_s) eps}, and sample the rest
 * of the grid.
 *
 * <p>{@code strength} in {@code (0, 1]} keeps the last {@code k = floor(N strength)} of the grid's {@code N} steps
 * (diffusers' {@code get_timesteps}: strength 1 is the whole grid). The truncation is of grid intervals, and the
 * truncated problem is a problem of its own: every solver starts afresh at {@code t_s}, with its multistep warm-up,
 * its singlestep order list and its lower-order-final rule computed for the {@code k} steps it takes, and never
 * in the middle of a two-evaluation step. diffusers instead slices its list of model evaluation times, which has
 * split the step pairs of second-order schedulers for odd lengths (diffusers issue 3116, KDPM2), run singlestep
 * order lists built for the full grid (issue 1866), and failed for multistep schedulers at some step/strength
 * combinations (issue 9366).
 */
public final class Img2Img {

    /** Noise stream of the start's noise {@code eps} (solvers draw from streams numbered by their step index). */
    public static final long START_STREAM = -1L;

    private Img2Img() {
    }

    /**
     * @param timesteps the full grid
     * @param strength fraction of the grid's steps to keep, in {@code (0, 1]}
     * @return index of the first point kept, {@code N - floor(N strength)}
     * @throws InvalidInputException if strength is outside {@code (0, 1]} or keeps no step
     */
    public static int startIndex(Timesteps timesteps, double strength) {
        int n = timesteps.steps();
        if (!(strength > 0 && strength <= 1)) {
            throw new InvalidInputException("strength", strength, "in (0, 1]");
        }
        int kept = (int) Math.floor(n * strength);
        if (kept < 1) {
            throw new InvalidInputException("strength", strength,
                    "at least 1/" + n + " so that one of the grid's " + n + " steps remains");
        }
        return n - kept;
    }

    /**
     * @param problem the problem on the full grid
     * @param strength fraction of the steps to keep, in {@code (0, 1]}
     * @return the problem on the last {@code floor(N strength)} steps (the same problem for strength 1)
     */
    public static SamplingProblem truncate(SamplingProblem problem, double strength) {
        int first = startIndex(problem.timesteps(), strength);
        return first == 0 ? problem : problem.withTimesteps(problem.timesteps().from(first));
    }

    /**
     * The error for an element of a clean input that a run reads and that the run's magnitude guard
     * ({@link SamplingException#firstUnsound}) refuses: it would only stop the run later, blamed on its state.
     *
     * @param clean the clean input
     * @param j flat index of the element
     * @return the error naming {@code clean[row][column]}
     */
    static InvalidInputException unusableClean(BatchView clean, int j) {
        return new InvalidInputException("clean[" + j / clean.dim() + "][" + j % clean.dim() + "]", clean.data()[j],
                "a finite number of magnitude at most " + SamplingException.MAX_MAGNITUDE);
    }

    /**
     * The start of an img2img run: {@code alpha(t_s) x_0 + sigma(t_s) eps}, {@code eps} from the problem's noise
     * source on {@link #START_STREAM}.
     *
     * @param problem the (truncated) problem; its first point is {@code t_s}
     * @param clean the clean input {@code x_0}. Not modified.
     * @return the noised start
     * @throws InvalidInputException naming {@code clean[row][column]} if an element is not finite or beyond
     *     {@link SamplingException#MAX_MAGNITUDE}
     */
    public static Batch noisedStart(SamplingProblem problem, BatchView clean) {
        Checks.requireNonNull(clean, "clean");
        int bad = SamplingException.firstUnsound(clean.data(), 0, clean.data().length);
        if (bad >= 0) {
            throw unusableClean(clean, bad);
        }
        Batch x = Batch.zeros(clean.size(), clean.dim());
        problem.noise().standardNormal(START_STREAM, x);
        double alpha = problem.timesteps().alpha(0);
        double sigma = problem.timesteps().sigma(0);
        double[] d = x.data();
        double[] c = clean.data();
        for (int j = 0; j < d.length; j++) {
            d[j] = alpha * c[j] + sigma * d[j];
        }
        return x;
    }
}
