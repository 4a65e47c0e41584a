package io.samplerkit.bench.conform;

/**
 * diffusers {@code DDIMScheduler} (eta = 0, no clipping or thresholding) → registry {@code ddim}.
 * Needs the discrete VP schedule; until it is on this branch every case is a NOT_IMPLEMENTED skip.
 */
public final class DiffusersDdimCases implements CaseTranslator {

    @Override
    public boolean accepts(ReferenceCase referenceCase) {
        return "diffusers".equals(referenceCase.family())
                && "DDIMScheduler".equals(referenceCase.solver().path("scheduler").asText());
    }

    @Override
    public PreparedCase prepare(ReferenceCase referenceCase) throws SkipCaseException {
        CaseSchedules.of(referenceCase);
        throw SkipCaseException.notImplemented("DDIM translation needs VpDiscreteSchedule");
    }
}
