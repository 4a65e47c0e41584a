package io.samplerkit.bench.report;

import java.util.List;
import java.util.Locale;

/**
 * The report's tables for problems with a computed ground truth and a sample-quality measure (trained networks):
 * the measured self-consistency of each reference next to the smallest error the report shows, and the quality of
 * every {@code solver@grid} series by target NFE. Used by {@link ReportWriter} for {@code summary.md} and
 * {@code index.html}. Stateless.
 */
final class NetworkSections {

    private NetworkSections() {
    }

    /** What the ground-truth table shows, in words. */
    static final String GROUND_TRUTH_NOTE = "The ground truth of a network is its own probability-flow ODE solved from "
            + "the same initial states by the reference solver; self-consistency is the RMSE between that solution "
            + "and the same solver's with half the steps (for a solver of order p about 2^p - 1 times the reference's "
            + "own error). The run stops if it exceeds the tolerance; errors at or below the tolerance are left out of "
            + "the order fits. 'smallest RMSE' is the smallest error of any solver the report shows for the problem.";

    /**
     * @param a the analysis
     * @param m the manifest, with the reference checks
     * @return one row per computed reference (empty when there is none)
     */
    static Table groundTruth(ReportAnalysis a, RunManifest m) {
        Table t = new Table(List.of("problem", "reference", "steps (NFE)", "self-consistency (RMSE vs steps/2)",
                "max difference", "tolerance", "smallest RMSE", "smallest RMSE / self-consistency",
                "quality of the reference", "exact-data baseline"));
        for (ReferenceCheck c : m.references()) {
            double smallest = a.rows().stream().filter(r -> r.problem().equals(c.problem())
                    && r.status() == ResultRow.Status.OK && r.rmse() > 0).mapToDouble(ResultRow::rmse).min()
                    .orElse(Double.NaN);
            t.add(List.of(c.problem(), c.reference(), c.steps() + " (" + c.nfe() + ")",
                    ReportWriter.sci(c.selfConsistency()), ReportWriter.sci(c.maxDifference()),
                    ReportWriter.sci(c.tolerance()), ReportWriter.sci(smallest),
                    Double.isFinite(smallest) ? String.format(Locale.ROOT, "%.0f", smallest / c.selfConsistency())
                            : "—",
                    Double.isFinite(c.quality()) ? quality(c.quality()) + " (" + c.coverage() + ")" : "—",
                    Double.isFinite(c.baseline()) ? quality(c.baseline()) : "—"));
        }
        return t;
    }

    /**
     * @param a the analysis
     * @param problem a problem with a quality measure
     * @return series by target NFE: the measure, and in parentheses the classes or modes covered
     */
    static Table quality(ReportAnalysis a, ProblemSpec problem) {
        return ReportWriter.seriesByNfe(a, problem.id(), r -> Double.isFinite(r.quality())
                ? quality(r.quality()) + " (" + (int) r.coverage() + ")" : "—");
    }

    /**
     * @param problem a problem with a quality measure
     * @param m the manifest
     * @return one paragraph saying what the quality table shows and what the ground truth scores
     */
    static String qualityNote(ProblemSpec problem, RunManifest m) {
        QualitySpec q = problem.quality();
        String what = q instanceof QualitySpec.Energy e
                ? "Energy distance of the " + "samples to " + e.samples() + " exact draws of the data law (seed "
                        + e.seed() + "); in parentheses the mixture components (modes) that receive a sample"
                : "Squared Frechet distance between the classifier features of the samples and those of the real "
                        + "data (their mean and covariance); in parentheses the classes predicted at least once";
        StringBuilder sb = new StringBuilder(what).append(". Every configuration uses the same initial states as the "
                + "RMSE tables, stochastic solvers included.");
        for (ReferenceCheck c : m.references()) {
            if (c.problem().equals(problem.id())) {
                sb.append(" The ground truth (").append(c.reference()).append(", ").append(c.steps())
                        .append(" steps) scores ").append(quality(c.quality())).append(" (").append(c.coverage())
                        .append(")");
                if (Double.isFinite(c.baseline())) {
                    sb.append("; as many exact draws score ").append(quality(c.baseline()))
                            .append(" (sampling noise alone)");
                }
                sb.append('.');
            }
        }
        return sb.toString();
    }

    private static String quality(double v) {
        return String.format(Locale.ROOT, v >= 100 ? "%.0f" : "%.3g", v);
    }
}
