/**
 * Time grids calibrated on an exact Gaussian problem: the Gaussian with the data's mean and covariance
 * ({@link io.samplerkit.solvers.calibration.CalibrationTarget}) under the schedule and parameterization of
 * the model to be sampled. Three objectives, all evaluated in closed form on that Gaussian
 * ({@link io.samplerkit.solvers.calibration.CalibrationMethod}): the KL upper bound of Align Your Steps,
 * the global error of the solver to the exact flow map, and a dynamic programme over exact one-step
 * errors (GITS). The result ({@link io.samplerkit.solvers.calibration.CalibratedGrid}) is an explicit
 * grid with its provenance, usable on any model with the same schedule. docs/solvers/calibration.md.
 */
package io.samplerkit.solvers.calibration;
