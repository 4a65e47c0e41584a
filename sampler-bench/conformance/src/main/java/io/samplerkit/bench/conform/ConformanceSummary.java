package io.samplerkit.bench.conform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.samplerkit.core.Checks;
import java.util.List;

/**
 * The results of a conformance run, their counts, and their JSON form.
 *
 * @param results one per case, in file order
 * @param rtol the relative tolerance used
 */
public record ConformanceSummary(List<CaseResult> results, double rtol) {

    /** Copies. */
    public ConformanceSummary {
        results = List.copyOf(results);
    }

    /**
     * @param status a status
     * @return number of results with it
     */
    public int count(CaseStatus status) {
        return (int) results.stream().filter(r -> r.status() == status).count();
    }

    /** @return whether there were cases and every one passed (skips count as failures) */
    public boolean ok() {
        return ok(false);
    }

    /**
     * @param allowSkips whether SKIP is acceptable (the {@code --allow-skips} behaviour)
     * @return whether there were cases and none failed, could not be judged or was unreadable (nor skipped,
     *     unless allowed)
     */
    public boolean ok(boolean allowSkips) {
        return !results.isEmpty() && count(CaseStatus.FAIL) == 0 && errors() == 0
                && (allowSkips || count(CaseStatus.SKIP) == 0);
    }

    /** @return cases that could not be judged or read ({@code ERROR} and {@code UNREADABLE}) */
    public int errors() {
        return count(CaseStatus.ERROR) + count(CaseStatus.UNREADABLE);
    }

    /**
     * The last line {@code conform} prints: {@code N passed, N failed, N skipped}, followed by
     * {@code , N errors (cannot be judged)} when some cases could not be judged or read.
     *
     * @return the line
     */
    public String line() {
        String s = Checks.format("%d passed, %d failed, %d skipped", count(CaseStatus.PASS), count(CaseStatus.FAIL),
                count(CaseStatus.SKIP));
        int errors = errors();
        return errors == 0 ? s : s + Checks.format(", %d errors (cannot be judged)", errors);
    }

    /**
     * JSON: {@code rtol}, {@code summary} (counts) and {@code cases}, each with {@code id},
     * {@code file}, {@code status}, {@code max_abs_error}, {@code tolerance}, {@code nfe},
     * {@code reference_nfe}, {@code reason}, {@code skip_kind}, {@code note} and {@code output}
     * ({@code [batch][d]}); values that were not computed are {@code null}.
     *
     * @return the tree
     */
    public JsonNode toJson() {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode root = f.objectNode();
        root.put("rtol", rtol);
        ObjectNode counts = root.putObject("summary");
        counts.put("passed", count(CaseStatus.PASS));
        counts.put("failed", count(CaseStatus.FAIL));
        counts.put("skipped", count(CaseStatus.SKIP));
        counts.put("errors", count(CaseStatus.ERROR));
        counts.put("unreadable", count(CaseStatus.UNREADABLE));
        ArrayNode cases = root.putArray("cases");
        for (CaseResult r : results) {
            ObjectNode c = cases.addObject();
            c.put("id", r.id());
            c.put("file", r.file() == null ? null : r.file().toString());
            c.put("status", r.status().name());
            putNumber(c, "max_abs_error", r.maxAbsError());
            putNumber(c, "tolerance", r.tolerance());
            if (r.nfe() >= 0) {
                c.put("nfe", r.nfe());
            } else {
                c.putNull("nfe");
            }
            if (r.referenceNfe() >= 0) {
                c.put("reference_nfe", r.referenceNfe());
            } else {
                c.putNull("reference_nfe");
            }
            c.put("reason", r.reason());
            c.put("skip_kind", r.skipKind() == null ? null : r.skipKind().name());
            c.put("note", r.note());
            if (r.output() == null) {
                c.putNull("output");
            } else {
                ArrayNode rows = c.putArray("output");
                for (double[] row : r.output()) {
                    ArrayNode a = rows.addArray();
                    for (double v : row) {
                        putNumber(a, v);
                    }
                }
            }
        }
        return root;
    }

    private static void putNumber(ObjectNode node, String field, double v) {
        if (Double.isFinite(v)) {
            node.put(field, v);
        } else {
            node.putNull(field);
        }
    }

    private static void putNumber(ArrayNode node, double v) {
        if (Double.isFinite(v)) {
            node.add(v);
        } else {
            node.addNull();
        }
    }
}
