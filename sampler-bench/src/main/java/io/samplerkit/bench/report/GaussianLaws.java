package io.samplerkit.bench.report;

/**
 * The Gaussian laws that the exact output-law metrics of a Gaussian problem need.
 *
 * @param prior law of {@code x_T} (the exact marginal at {@code tStart})
 * @param data data law {@code N(mu, Sigma)}
 * @param exactEnd law of the exact probability-flow solution at {@code tEnd}
 *     ({@code N(alpha mu, alpha^2 Sigma + sigma^2 I)})
 */
public record GaussianLaws(GaussianLaw prior, GaussianLaw data, GaussianLaw exactEnd) {
}
