package io.samplerkit.bench.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.samplerkit.core.state.Batch;
import io.samplerkit.core.state.BatchView;
import io.samplerkit.solvers.SamplingResult;
import io.samplerkit.solvers.law.ExactLaw;

/**
 * The result of a {@link SampleRun} and, for deterministic solvers, its error against the
 * probability-flow map of the data (exact for a Gaussian, a reference integration for a mixture).
 *
 * @param spec the run
 * @param result the solver's result
 * @param exact the exact (or reference) end states; null for stochastic solvers and when no
 *     reference exists (a mixture flowing to zero noise)
 * @param alphaEnd alpha of the end point the exact map goes to
 * @param sigmaEnd sigma of the end point the exact map goes to
 * @param exactLaw the sampler's exact output law on Gaussian data (null for other models, an adaptive
 *     stochastic solver, or a run that is not affine)
 * @param exactLawNote why Gaussian data has no {@code exactLaw}, or null
 */
public record SampleOutcome(SampleRun spec, SamplingResult result, Batch exact, double alphaEnd, double sigmaEnd,
        ExactLaw exactLaw, String exactLawNote) {

    /** @return {@code max |samples - exact|}, NaN without an exact answer */
    public double maxAbsError() {
        if (exact == null) {
            return Double.NaN;
        }
        double e = 0;
        double[] a = result.x().data();
        double[] b = exact.data();
        for (int i = 0; i < a.length; i++) {
            e = Math.max(e, Math.abs(a[i] - b[i]));
        }
        return e;
    }

    /** @return root mean square of {@code samples - exact} over all entries, NaN without an exact answer */
    public double rmsError() {
        if (exact == null) {
            return Double.NaN;
        }
        double s = 0;
        double[] a = result.x().data();
        double[] b = exact.data();
        for (int i = 0; i < a.length; i++) {
            double d = a[i] - b[i];
            s += d * d;
        }
        return Math.sqrt(s / a.length);
    }

    /**
     * JSON: {@code solver}, {@code schedule}, {@code prediction}, {@code nfe} (model calls),
     * {@code networkEvaluations} (network evaluations they cost: twice the NFE under classifier-free guidance), {@code steps},
     * {@code times} (a zero-noise end point is {@code null}), {@code xT}, {@code samples}, and for
     * deterministic solvers {@code exact} ({@code kind}, {@code end} alpha/sigma, {@code samples},
     * {@code maxAbsError}, {@code rmsError}), and {@code exactLaw} ({@code mean}, {@code covariance},
     * {@code frechetToData}, {@code frechetToMarginal}; null without a Gaussian law).
     *
     * @return the tree
     */
    public JsonNode toJson() {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode root = f.objectNode();
        root.put("solver", spec.solver().name());
        root.put("schedule", spec.schedule().describe());
        root.put("prediction", spec.prediction().name().toLowerCase(java.util.Locale.ROOT));
        root.put("nfe", result.modelCalls());
        root.put("networkEvaluations", result.networkEvaluations());
        root.put("steps", result.steps());
        root.put("denoiseToZero", spec.denoiseToZero());
        ArrayNode times = root.putArray("times");
        for (double t : result.times()) {
            if (Double.isFinite(t)) {
                times.add(t);
            } else {
                times.addNull();
            }
        }
        root.set("xT", rows(spec.xT()));
        root.set("samples", rows(result.x()));
        if (exact == null) {
            root.putNull("exact");
        } else {
            ObjectNode e = root.putObject("exact");
            e.put("kind", spec.model().analytic().orElseThrow().flowKind());
            ObjectNode end = e.putObject("end");
            end.put("alpha", alphaEnd);
            end.put("sigma", sigmaEnd);
            e.set("samples", rows(exact));
            e.put("maxAbsError", maxAbsError());
            e.put("rmsError", rmsError());
        }
        putExactLaw(root, exactLaw, exactLawNote);
        return root;
    }

    /**
     * Writes {@code exactLaw} into {@code root}: {@code {"mean": [...], "covariance": [[...]], "frechetToData": x,
     * "frechetToMarginal": y}}, or JSON null; a note why there is none under {@code exactLawNote}.
     *
     * @param root the result object
     * @param exactLaw the law, or {@code null}
     * @param note why there is no law, or {@code null}
     */
    public static void putExactLaw(ObjectNode root, ExactLaw exactLaw, String note) {
        if (exactLaw == null) {
            root.putNull("exactLaw");
            if (note != null) {
                root.put("exactLawNote", note);
            }
            return;
        }
        ObjectNode l = root.putObject("exactLaw");
        ArrayNode mean = l.putArray("mean");
        for (double v : exactLaw.law().mean()) {
            mean.add(v);
        }
        l.set("covariance", rows(Batch.of(exactLaw.law().covariance())));
        l.put("frechetToData", exactLaw.frechetToData());
        l.put("frechetToMarginal", exactLaw.frechetToMarginal());
    }

    private static ArrayNode rows(BatchView b) {
        ArrayNode rows = JsonNodeFactory.instance.arrayNode();
        for (double[] row : b.toArray()) {
            ArrayNode r = rows.addArray();
            for (double v : row) {
                r.add(v);
            }
        }
        return rows;
    }
}
