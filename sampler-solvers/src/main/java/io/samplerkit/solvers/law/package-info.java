/**
 * Exact output laws of samplers on Gaussian data: every step of every fixed-grid solver is affine in the
 * state and in the injected noise when the model is, so the output is Gaussian and its mean and
 * covariance can be read off probe runs ({@link io.samplerkit.solvers.law.ExactOutputLaw}).
 */
package io.samplerkit.solvers.law;
