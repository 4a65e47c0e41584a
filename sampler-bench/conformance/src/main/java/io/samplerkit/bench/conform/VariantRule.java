package io.samplerkit.bench.conform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * How one kind of reference case is re-parameterized for a value of its {@code convergence_check}
 * (FORMAT.md): sets the varied solver option and regenerates every stored field a translator reads
 * that depends on it ({@code timesteps}, {@code sigmas}, {@code solver.orders}, ...), as the reference
 * would have computed them. One small class per family, listed in {@link CaseVariants}.
 */
interface VariantRule {

    /**
     * @param referenceCase a case
     * @return whether this rule builds its variants
     */
    boolean accepts(ReferenceCase referenceCase);

    /**
     * @param base the case as stored
     * @return the value of the varied option in the stored case (a step count, or {@code [rtol, atol]})
     */
    JsonNode baseValue(ReferenceCase base);

    /**
     * Rewrites a deep copy of the case for one value.
     *
     * @param base the case as stored (read only)
     * @param variant deep copy of {@code base.root()} to rewrite
     * @param value the new value (a step count, or {@code [rtol, atol]})
     * @throws SkipCaseException if the variant cannot be built faithfully, with the reason
     */
    void apply(ReferenceCase base, ObjectNode variant, JsonNode value) throws SkipCaseException;
}
