package io.samplerkit.solvers.internal;

/**
 * The order of the last steps of a multistep run, as one explicit policy (the {@code final} option;
 * docs/solvers/multistep.md, "Final steps"). No model call follows the last step, so nothing corrects it: a last
 * step of order {@code q} limits the global order to {@code q + 1}, while lowering the order of the last steps
 * is what the reference codes do to stay stable at small step counts.
 * <ul>
 * <li>{@link #REFERENCE}: the entry's own rule, as its {@code lower-order-final}, {@code lower-order-final-below}
 *     and {@code euler-at-final} options set it (the official DPM-Solver lowers below 10 steps, diffusers below
 *     15, UniPC at every step count).</li>
 * <li>{@link #FULL}: every step after the warm-up at the full order.</li>
 * <li>{@link #LOWERED}: step {@code k} of {@code N} at order at most {@code N + 1 - k} at every step count (the
 *     run ends with orders 2, 1): global order at most 2.</li>
 * <li>{@link #EULER}: only the last step first order (diffusers' {@code euler_at_final}): global order at most 2.</li>
 * </ul>
 * A step that ends at zero noise is first order under every policy (it returns the data prediction).
 */
public enum FinalSteps {
    /** The entry's own lower-order-final options. */
    REFERENCE,
    /** No lowering at the end. */
    FULL,
    /** Orders lowered towards the end at every step count. */
    LOWERED,
    /** A first-order last step only. */
    EULER;

    /**
     * The rule with this policy's final steps.
     *
     * @param rule the rule the entry's options give
     * @return {@code rule} for {@link #REFERENCE}, else the rule with this policy (order and start kept)
     */
    public MultistepOrderRule apply(MultistepOrderRule rule) {
        return switch (this) {
            case REFERENCE -> rule;
            case FULL -> new MultistepOrderRule(rule.order(), false, rule.lowerOrderFinalBelow(), false, rule.start());
            case LOWERED -> new MultistepOrderRule(rule.order(), true, Integer.MAX_VALUE, false, rule.start());
            case EULER -> new MultistepOrderRule(rule.order(), false, rule.lowerOrderFinalBelow(), true, rule.start());
        };
    }
}
