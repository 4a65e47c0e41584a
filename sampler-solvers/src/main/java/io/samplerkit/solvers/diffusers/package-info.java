/**
 * diffusers' {@code scheduler_config.json}: binding a file to a scheduler class with {@code from_config} semantics
 * ({@link io.samplerkit.solvers.diffusers.SchedulerConfig}), the training tables and the grids diffusers'
 * {@code set_timesteps} produces ({@link io.samplerkit.solvers.diffusers.DiffusersGrid}), and the SamplerKit run that
 * reproduces the scheduler's sampling loop ({@link io.samplerkit.solvers.diffusers.DiffusersPipeline}).
 */
package io.samplerkit.solvers.diffusers;
