package io.samplerkit.bench.conform;

import com.fasterxml.jackson.databind.JsonNode;
import io.samplerkit.core.InvalidInputException;
import io.samplerkit.core.noise.NoiseSource;
import io.samplerkit.core.state.Batch;
import java.util.BitSet;

/**
 * The noise a reference case injects (FORMAT.md, {@code noise}): entry {@code i} holds the standard normals
 * outer step {@code i} of the reference drew, {@code [batch][d]}, or {@code null} when that step drew none.
 * Every SamplerKit solver numbers its step draws by step index (stream {@code i}), so stream {@code i} is
 * entry {@code i}. A draw the case does not give, or one of the wrong shape, is an error (the solver and the
 * reference disagree on when noise enters); so is a given draw the run never asked for ({@link #requireAllDrawn}).
 *
 * <p>Stateful (it records which draws were used) and not thread-safe: one instance per run.
 */
final class CaseNoise implements NoiseSource {

    private final double[][] draws;
    private final int batch;
    private final int dim;
    private final BitSet used = new BitSet();

    private CaseNoise(double[][] draws, int batch, int dim) {
        this.draws = draws;
        this.batch = batch;
        this.dim = dim;
    }

    /**
     * Reads and checks the {@code noise} array of a case.
     *
     * @param noise the array
     * @param batch rows of {@code x_T}
     * @param dim columns of {@code x_T}
     * @param steps outer steps of the reference loop ({@link #outerSteps})
     * @return the noise source
     * @throws InvalidInputException naming {@code noise} when it has not {@code steps} entries, and
     *     {@code noise[i]...} when an entry is not null or a {@code [batch][d]} array of finite numbers
     */
    static CaseNoise of(JsonNode noise, int batch, int dim, int steps) {
        if (!noise.isArray()) {
            throw new InvalidInputException("noise", InvalidInputException.render(noise),
                    "an array with one [batch][d] array (or null) per reference step");
        }
        if (noise.size() != steps) {
            throw new InvalidInputException("noise", noise.size() + " entries", steps + " entries, one per outer "
                    + "step of the reference loop (a step that draws nothing is null)");
        }
        double[][] draws = new double[noise.size()][];
        for (int i = 0; i < draws.length; i++) {
            JsonNode step = noise.get(i);
            if (step.isNull()) {
                continue;
            }
            String path = "noise[" + i + "]";
            if (!step.isArray() || step.size() != batch) {
                throw new InvalidInputException(path, InvalidInputException.render(step),
                        "null or an array of " + batch + " rows (the batch of x_T)");
            }
            draws[i] = new double[batch * dim];
            for (int r = 0; r < batch; r++) {
                JsonNode row = step.get(r);
                if (!row.isArray() || row.size() != dim) {
                    throw new InvalidInputException(path + "[" + r + "]", InvalidInputException.render(row),
                            "an array of " + dim + " numbers (the dimension of x_T)");
                }
                for (int c = 0; c < dim; c++) {
                    JsonNode v = row.get(c);
                    if (!v.isNumber() || !Double.isFinite(v.doubleValue())) {
                        throw new InvalidInputException(path + "[" + r + "][" + c + "]",
                                InvalidInputException.render(v), "a finite number");
                    }
                    draws[i][r * dim + c] = v.doubleValue();
                }
            }
        }
        return new CaseNoise(draws, batch, dim);
    }

    /**
     * The number of outer steps of a case's reference loop, one {@code noise} entry each: {@code len(timesteps) - 1}
     * for k-diffusion's sigma lists (they end with the final sigma), {@code len(timesteps)} for diffusers'
     * {@code scheduler.timesteps} (one per step).
     *
     * @param root the case
     * @return the step count
     * @throws InvalidInputException naming {@code noise} for a family whose cases carry no injected noise
     */
    static int outerSteps(JsonNode root) {
        int n = root.path("timesteps").size();
        return switch (root.path("family").asText()) {
            case "k-diffusion" -> n - 1;
            case "diffusers" -> n;
            default -> throw new InvalidInputException("noise", "present", "absent for family "
                    + InvalidInputException.render(root.path("family")) + " (injected noise is defined for "
                    + "k-diffusion and diffusers cases)");
        };
    }

    @Override
    public void standardNormal(long stream, Batch out) {
        if (stream < 0 || stream >= draws.length || draws[(int) stream] == null) {
            throw new IllegalStateException("the solver drew noise for step " + stream
                    + ", for which the case gives none (noise has " + draws.length + " entries)");
        }
        if (out.size() != batch || out.dim() != dim) {
            throw new IllegalStateException("the solver drew a " + out.size() + "x" + out.dim()
                    + " batch of noise; the case's draws are " + batch + "x" + dim);
        }
        System.arraycopy(draws[(int) stream], 0, out.data(), 0, batch * dim);
        used.set((int) stream);
    }

    /**
     * @throws IllegalStateException if a draw the case gives was never asked for
     */
    void requireAllDrawn() {
        for (int i = 0; i < draws.length; i++) {
            if (draws[i] != null && !used.get(i)) {
                throw new IllegalStateException("the case gives noise for step " + i + ", which the solver never drew");
            }
        }
    }
}
