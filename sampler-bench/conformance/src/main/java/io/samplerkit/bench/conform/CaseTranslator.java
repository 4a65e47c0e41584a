package io.samplerkit.bench.conform;

/**
 * Maps one kind of reference case (a family and a reference sampler, e.g. k-diffusion's
 * {@code sample_euler}) onto a registered SamplerKit solver, schedule, grid and model.
 * One small class per kind; all are listed in {@link CaseTranslators}.
 */
public interface CaseTranslator {

    /**
     * @param referenceCase a case
     * @return whether this translator handles it
     */
    boolean accepts(ReferenceCase referenceCase);

    /**
     * Builds the run.
     *
     * @param referenceCase a case this translator accepts
     * @return the prepared run
     * @throws SkipCaseException if the case cannot be run here, with the reason
     */
    PreparedCase prepare(ReferenceCase referenceCase) throws SkipCaseException;
}
