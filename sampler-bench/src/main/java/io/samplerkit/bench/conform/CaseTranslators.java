package io.samplerkit.bench.conform;

import java.util.List;

/**
 * Every case translator, in one list; a case no translator accepts is skipped with a reason.
 */
public final class CaseTranslators {

    private CaseTranslators() {
    }

    /** @return all translators */
    public static List<CaseTranslator> all() {
        return List.of(
        // one line per translator class
        );
    }
}
