package io.samplerkit.bench.spec;

import java.util.List;
import java.util.function.Supplier;

/**
 * Helpers shared by the {@code *Specs} mappers.
 */
final class Specs {

    private Specs() {
    }

    /**
     * Builds an object whose constructor validates with {@code io.samplerkit.core.Checks}, turning its
     * {@code "<field> must be ..."} message into a spec error on {@code node}'s path:
     * {@code "schedule.beta1 must be ..."} when the message starts with one of {@code fields}, else
     * {@code "schedule: <message>"}.
     *
     * @param node the spec node the object is built from
     * @param fields the node's field names (as used in the constructor's messages)
     * @param build the construction
     * @param <T> type built
     * @return the object
     */
    static <T> T build(SpecNode node, List<String> fields, Supplier<T> build) {
        try {
            return build.get();
        } catch (SpecException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            String m = String.valueOf(e.getMessage());
            for (String f : fields) {
                if (m.startsWith(f + " ") || m.startsWith(f + "[")) {
                    throw new SpecException(node.pathOf(f), node.pathOf(f) + m.substring(f.length()));
                }
            }
            String p = node.path().isEmpty() ? "spec" : node.path();
            throw new SpecException(node.path(), p + ": " + m);
        }
    }
}
