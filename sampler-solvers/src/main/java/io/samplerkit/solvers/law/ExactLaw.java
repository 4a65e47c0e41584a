package io.samplerkit.solvers.law;

/**
 * A sampler's exact output law on Gaussian data with its Fréchet distances to the data law and to the
 * exact marginal at the run's last point.
 *
 * @param law the output law
 * @param frechetToData {@code W2(law, p_data)}
 * @param frechetToMarginal {@code W2(law, p_{t_end})} (the same as {@code frechetToData} for a run ending at
 *     zero noise)
 */
public record ExactLaw(GaussianLaw law, double frechetToData, double frechetToMarginal) {
}
