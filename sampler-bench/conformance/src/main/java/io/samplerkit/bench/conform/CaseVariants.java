package io.samplerkit.bench.conform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.samplerkit.core.Checks;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the variants of a reference case that its {@code convergence_check} describes (FORMAT.md):
 * the same case with only the step count ({@code steps}, {@code n}, {@code num_inference_steps}) or,
 * for adaptive solvers, {@code (rtol, atol)} changed, as the reference re-ran it.
 *
 * <p>A variant is a deep copy of the case's JSON in which the family's {@link VariantRule} sets the
 * option and regenerates every stored field a translator reads that depends on it (grids, orders,
 * sigmas, alpha-bars); the fields only the stored run knows ({@code expected}, {@code exact_pf_ode},
 * its endpoints, recorded model calls, intermediates) are removed, {@code nfe} and
 * {@code reference_error} become the convergence check's entries and the id gets {@code @<value>}.
 *
 * <p><b>Self-check.</b> Before any variant is built the rule is applied with the case's own value;
 * it must reproduce the stored grids ({@code timesteps}, {@code sigmas}, {@code solver.orders},
 * {@code alphas_cumprod_at_timesteps}, {@code x_T}) to {@link #GRID_RTOL}, else every variant of the
 * case is skipped with the first difference as the reason. A rule that reads an option wrongly then
 * shows up as a skip, not as a mismatch blamed on a solver.
 */
public final class CaseVariants {

    /**
     * Relative agreement required of a regenerated grid with the stored one at the case's own value.
     * The references' grids carry their own rounding (torch.linspace, inverse_lambda round trips, the
     * cancellation in their log-SNR; at most ~1e-12 relative on the public cases), while any misread
     * option moves a grid point by orders of magnitude more.
     */
    public static final double GRID_RTOL = 1e-10;

    private static final List<VariantRule> RULES = List.of(new DpmSolverVariants(), new AdaptiveVariants(),
            new KDiffusionVariants(), new DiffusersVariants());

    /** Stored fields that describe only the stored run. */
    private static final String[] RUN_ONLY = {"expected", "exact_pf_ode", "exact_pf_ode_endpoints",
        "reference_error_max_abs", "model_calls", "model_calls_alpha_sigma", "intermediates", "intermediates_kind",
        "expected_diffusers_float32_unpatched", "float32_unpatched_vs_float64_max_abs_diff", "convergence_check"};

    /** Regenerated fields compared by the self-check ({@code solver.orders} is checked separately). */
    private static final String[] GRIDS = {"timesteps", "sigmas", "alphas_cumprod_at_timesteps", "x_T"};

    private CaseVariants() {
    }

    /**
     * @param base a case
     * @return its convergence points, in order; empty without a {@code convergence_check}
     * @throws IllegalArgumentException if the block is malformed (lengths differ)
     */
    public static List<ConvergencePoint> points(ReferenceCase base) {
        JsonNode cc = base.root().get("convergence_check");
        List<ConvergencePoint> points = new ArrayList<>();
        if (cc == null || cc.isNull()) {
            return points;
        }
        JsonNode values = cc.path("values");
        JsonNode nfe = cc.path("nfe");
        JsonNode errors = cc.path("reference_errors");
        if (!values.isArray() || nfe.size() != values.size() || errors.size() != values.size()) {
            throw new IllegalArgumentException(Checks.format(
                    "case %s: convergence_check needs values, nfe and reference_errors of equal length, got %d, %d, %d",
                    base.id(), values.size(), nfe.size(), errors.size()));
        }
        for (int k = 0; k < values.size(); k++) {
            JsonNode v = values.get(k);
            points.add(new ConvergencePoint(k, v, label(v), nfe.get(k).asInt(),
                    ReferenceCase.number(errors.get(k))));
        }
        return points;
    }

    /**
     * The variant of {@code base} for one of its convergence points, after the self-check.
     *
     * @param base the case as stored
     * @param point one of {@link #points(ReferenceCase) points(base)}
     * @return the variant case (same file and reference root)
     * @throws SkipCaseException if no rule builds variants of this case, the self-check fails, the
     *     value cannot be reproduced, or the case injects noise (given for its own step count only)
     */
    public static ReferenceCase variant(ReferenceCase base, ConvergencePoint point) throws SkipCaseException {
        if (base.hasNoise()) {
            throw SkipCaseException.unsupported("the case injects noise for its own step count only");
        }
        VariantRule rule = rule(base);
        checkReproducesStoredGrids(base, rule);
        ObjectNode root = rewrite(base, rule, point.value());
        root.put("id", base.id() + "@" + point.label());
        root.put("nfe", point.referenceNfe());
        root.put("reference_error", point.referenceError());
        return new ReferenceCase(base.file(), base.referenceRoot(), root);
    }

    /**
     * Applies the case's rule with its own value and compares the regenerated grids with the stored ones.
     *
     * @param base the case as stored
     * @throws SkipCaseException (UNSUPPORTED) if no rule accepts the case or a grid differs, naming the
     *     first difference
     */
    public static void checkReproducesStoredGrids(ReferenceCase base) throws SkipCaseException {
        checkReproducesStoredGrids(base, rule(base));
    }

    private static void checkReproducesStoredGrids(ReferenceCase base, VariantRule rule) throws SkipCaseException {
        JsonNode own = rule.baseValue(base);
        ObjectNode again = rewrite(base, rule, own);
        for (String key : GRIDS) {
            compare(base, key, base.root().get(key), again.get(key), own);
        }
        compare(base, "solver.orders", base.solver().get("orders"), again.path("solver").get("orders"), own);
    }

    private static void compare(ReferenceCase base, String key, JsonNode stored, JsonNode regenerated, JsonNode own)
            throws SkipCaseException {
        if (regenerated == null) {
            return; // removed by the rule: not read for variants
        }
        double[] a = flatten(stored);
        double[] b = flatten(regenerated);
        String where = Checks.format("at the case's own value %s", own);
        if (a == null || a.length != b.length) {
            throw SkipCaseException.unsupported(Checks.format("the variant rule does not reproduce the stored %s %s: "
                    + "%s values instead of %s", key, where, b.length, a == null ? "none" : a.length));
        }
        for (int i = 0; i < a.length; i++) {
            if (!(Math.abs(a[i] - b[i]) <= GRID_RTOL * Math.max(Math.abs(a[i]), Math.abs(b[i])))) {
                throw SkipCaseException.unsupported(Checks.format("the variant rule does not reproduce the stored %s "
                        + "%s: [%d] = %s instead of %s", key, where, i, b[i], a[i]));
            }
        }
    }

    /** Numbers of a JSON number, array or array of arrays, in order; null for a missing node. */
    private static double[] flatten(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isArray()) {
            return new double[] {ReferenceCase.number(node)};
        }
        List<Double> out = new ArrayList<>();
        for (JsonNode n : node) {
            for (double v : flatten(n)) {
                out.add(v);
            }
        }
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static ObjectNode rewrite(ReferenceCase base, VariantRule rule, JsonNode value) throws SkipCaseException {
        if (!base.root().isObject() || !base.root().path("solver").isObject()) {
            throw new IllegalArgumentException("case " + base.id() + " has no solver object");
        }
        ObjectNode root = ((ObjectNode) base.root()).deepCopy();
        for (String key : RUN_ONLY) {
            root.remove(key);
        }
        try {
            rule.apply(base, root, value);
        } catch (IllegalArgumentException e) {
            throw SkipCaseException.unsupported("cannot build the variant for " + value + ": " + e.getMessage());
        }
        return root;
    }

    private static VariantRule rule(ReferenceCase base) throws SkipCaseException {
        for (VariantRule r : RULES) {
            if (r.accepts(base)) {
                return r;
            }
        }
        throw SkipCaseException.unsupported("no variant rule for " + base.family() + " case " + base.id());
    }

    private static String label(JsonNode value) {
        if (value.isArray() && value.size() == 2) {
            return "rtol=" + plain(value.get(0)) + ",atol=" + plain(value.get(1));
        }
        return value.asText();
    }

    /** Shortest round-trip digits without an exponent, e.g. {@code 0.0004}. */
    private static String plain(JsonNode number) {
        return new java.math.BigDecimal(Double.toString(ReferenceCase.number(number))).stripTrailingZeros()
                .toPlainString();
    }

    /**
     * @param value a convergence value
     * @return it as a step count
     * @throws SkipCaseException (UNSUPPORTED) unless it is an integer of at least 1
     */
    static int stepCount(JsonNode value) throws SkipCaseException {
        if (value == null || !value.isNumber() || value.doubleValue() != Math.rint(value.doubleValue())
                || !(value.doubleValue() >= 1 && value.doubleValue() <= Integer.MAX_VALUE)) {
            throw SkipCaseException.unsupported("a step-count convergence value must be an integer >= 1, got " + value);
        }
        return value.intValue();
    }

    /**
     * @param node an object
     * @param field a numeric field of it
     * @return the field's value
     * @throws IllegalArgumentException if it is missing or not a number
     */
    static double number(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            throw new IllegalArgumentException("field " + field + " is missing");
        }
        return ReferenceCase.number(v);
    }

    static void putArray(ObjectNode node, String field, double[] values) {
        ArrayNode a = node.putArray(field);
        for (double v : values) {
            a.add(v);
        }
    }

    static void putArray(ObjectNode node, String field, int[] values) {
        ArrayNode a = node.putArray(field);
        for (int v : values) {
            a.add(v);
        }
    }
}
