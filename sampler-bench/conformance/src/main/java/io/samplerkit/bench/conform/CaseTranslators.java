package io.samplerkit.bench.conform;

import io.samplerkit.solvers.Solver;
import io.samplerkit.solvers.SolverOptions;
import io.samplerkit.solvers.SolverRegistry;
import java.util.List;
import java.util.Map;

/**
 * Every case translator, in one list; a case no translator accepts is skipped with a reason.
 * Also the one way translators obtain registry solvers ({@link #solver(String, Map)}), so a solver
 * that is not registered yet becomes a {@link SkipKind#NOT_IMPLEMENTED} skip.
 */
public final class CaseTranslators {

    private CaseTranslators() {
    }

    /** @return all translators */
    public static List<CaseTranslator> all() {
        return List.of(
                // one line per translator class
                new KDiffusionEulerCases(),
                new DiffusersEulerCases(),
                new DiffusersDdimCases(),
                new KDiffusionHeunCases(),
                new KDiffusionDpm2Cases(),
                new KDiffusionLmsCases(),
                new DiffusersHeunCases(),
                new DpmSolverAdaptiveCases(),
                new KDiffusionAdaptiveCases(),
                new DiffusersDeisCases(),
                new DpmSolverCases(),
                new KDiffusionDpmppMultistepCases(),
                new KDiffusionDpmFastCases(),
                new KDiffusionDpmpp2sAncestralCases(),
                new DiffusersDpmSolverMultistepCases(),
                new UniPcCases(),
                new DiffusersUniPcCases(),
                new DiffusersPndmCases(),
                KDiffusionAncestralCases.euler(),
                KDiffusionAncestralCases.dpm2(),
                KDiffusionAncestralCases.dpmpp2s(),
                new DiffusersDdpmCases(),
                new DiffusersLoaderNoiseCases("EulerAncestralDiscreteScheduler", false),
                new DiffusersLoaderNoiseCases("SASolverScheduler", true)
        );
    }

    /**
     * A solver from {@link SolverRegistry#standard()}, as the reference code runs it ({@link SolverRegistry#createAsReference}).
     *
     * @param name registry name
     * @param options option values under the registry's option names
     * @return the solver
     * @throws SkipCaseException ({@link SkipKind#NOT_IMPLEMENTED}) if no solver of that name is registered
     */
    public static Solver solver(String name, Map<String, ?> options) throws SkipCaseException {
        SolverRegistry registry = SolverRegistry.standard();
        if (!registry.contains(name)) {
            throw SkipCaseException.notImplemented("solver " + name + " is not registered yet");
        }
        return registry.createAsReference(name, SolverOptions.of(options));
    }
}
