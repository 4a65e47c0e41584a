/**
 * Calibrated grids on the command line and in the report: the JSON file of a
 * {@link io.samplerkit.solvers.calibration.CalibratedGrid} ({@link io.samplerkit.bench.calibrate.CalibratedGridFile})
 * and the {@code calibrate} command's work ({@link io.samplerkit.bench.calibrate.CalibrateRun}).
 */
package io.samplerkit.bench.calibrate;
