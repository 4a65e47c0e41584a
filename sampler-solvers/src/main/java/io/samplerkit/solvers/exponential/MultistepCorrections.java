package io.samplerkit.solvers.exponential;

import io.samplerkit.core.Checks;
import io.samplerkit.core.InvalidInputException;
import java.util.Arrays;

/**
 * Per-step corrections to the weights with which a multistep DPM-Solver(++) combines its past model outputs
 * (docs/solvers/calibration.md, "Calibrated coefficients"). Step {@code i} of {@link DpmSolverMultistep} computes
 * <pre>
 *   x_{i+1} = A x_i + C sum_{j &lt; n_i} (k_{i,j} + w_1(h_i) delta_{i,j}) m_j,
 * </pre>
 * {@code k_{i,j}} the analytic weight of the output {@code m_j} taken {@code j} steps back (0 beyond the step's
 * order), {@code w_1(h_i)} the first-order weight of the step (so {@code delta} is a fraction of a first-order
 * step), and {@code n_i} the outputs the step may combine ({@link DpmSolverMultistep#correctionCounts}). All
 * corrections 0 is the analytic solver, bit for bit: a zero correction is not applied.
 *
 * <p>This is the "free coefficients per step" idea of S4S (Frankel et al. 2025, "S4S: Solving for a Diffusion
 * Model Solver", ICML 2025: the linear-combination coefficients of a multistep solver are learned per
 * step), written as an offset from the analytic coefficients so that a regulariser can pull towards them.
 *
 * @param rows {@code rows[i][j]} = {@code delta_{i,j}}, one row per grid step (copied; finite)
 */
public record MultistepCorrections(double[][] rows) {

    /** Validates and copies. */
    public MultistepCorrections {
        Checks.requireNonNull(rows, "rows");
        double[][] copy = new double[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            if (rows[i] == null) {
                throw new InvalidInputException("corrections[" + i + "]", "null", "an array of numbers");
            }
            copy[i] = rows[i].clone();
            for (int j = 0; j < copy[i].length; j++) {
                if (!Double.isFinite(copy[i][j])) {
                    throw new InvalidInputException("corrections[" + i + "][" + j + "]", copy[i][j], "a finite number");
                }
            }
        }
        rows = copy;
    }

    /**
     * All-zero corrections of a given shape (the analytic solver).
     *
     * @param counts corrections per step
     * @return the corrections
     */
    public static MultistepCorrections zeros(int[] counts) {
        double[][] r = new double[counts.length][];
        for (int i = 0; i < counts.length; i++) {
            r[i] = new double[counts[i]];
        }
        return new MultistepCorrections(r);
    }

    /**
     * Corrections of a given shape from a flat vector (row by row), the layout the calibration optimises.
     *
     * @param counts corrections per step
     * @param flat {@code sum(counts)} values
     * @return the corrections
     */
    public static MultistepCorrections of(int[] counts, double[] flat) {
        double[][] r = new double[counts.length][];
        int p = 0;
        for (int i = 0; i < counts.length; i++) {
            r[i] = Arrays.copyOfRange(flat, p, p + counts[i]);
            p += counts[i];
        }
        if (p != flat.length) {
            throw new IllegalArgumentException(Checks.format("flat must hold %d values, got %d", p, flat.length));
        }
        return new MultistepCorrections(r);
    }

    /** @return a copy of the rows */
    @Override
    public double[][] rows() {
        double[][] copy = new double[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            copy[i] = rows[i].clone();
        }
        return copy;
    }

    /** @return the rows concatenated */
    public double[] flat() {
        return Arrays.stream(rows).flatMapToDouble(Arrays::stream).toArray();
    }

    /** @return the number of steps (rows) */
    public int steps() {
        return rows.length;
    }

    /** @return the number of corrections per step */
    public int[] counts() {
        return Arrays.stream(rows).mapToInt(r -> r.length).toArray();
    }

    /**
     * @param step step index
     * @param j output index (0 = the newest)
     * @return {@code delta_{step,j}}, 0 outside the row
     */
    double get(int step, int j) {
        double[] r = rows[step];
        return j < r.length ? r[j] : 0.0;
    }

    /**
     * Requires the shape a solver expects on a grid.
     *
     * @param expected corrections per step ({@link DpmSolverMultistep#correctionCounts})
     * @throws InvalidInputException naming {@code corrections} or the first row of the wrong length
     */
    public void requireShape(int[] expected) {
        if (rows.length != expected.length) {
            throw new InvalidInputException("corrections", rows.length + " rows", expected.length
                    + " rows (one per grid step)");
        }
        for (int i = 0; i < rows.length; i++) {
            if (rows[i].length != expected[i]) {
                throw new InvalidInputException("corrections[" + i + "]", rows[i].length + " values", expected[i]
                        + " values (the outputs step " + i + " combines)");
            }
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MultistepCorrections c && Arrays.deepEquals(rows, c.rows);
    }

    @Override
    public int hashCode() {
        return Arrays.deepHashCode(rows);
    }

    @Override
    public String toString() {
        return "MultistepCorrections" + Arrays.deepToString(rows);
    }
}
