package io.samplerkit.solvers.calibration;

import io.samplerkit.core.grid.Timesteps;

/** A quantity to minimise over the grid points (fixed end points and number of steps). */
@FunctionalInterface
public interface GridObjective {

    /**
     * @param timesteps a candidate grid
     * @return its value, {@code +inf} when the grid cannot be used
     */
    double value(Timesteps timesteps);
}
