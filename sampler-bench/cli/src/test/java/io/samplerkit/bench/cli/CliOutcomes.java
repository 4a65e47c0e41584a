package io.samplerkit.bench.cli;

import static org.assertj.core.api.Assertions.assertThat;

/** Assertions on what the command line prints when it refuses an input. */
final class CliOutcomes {

    /** Longest refusal a test accepts (the echoed value is capped at 80 characters, the message at 400). */
    static final int MAX_MESSAGE_CHARS = 600;

    private CliOutcomes() {
    }

    /**
     * Asserts that {@code err} is one short line with no stack trace and no exception class name.
     *
     * @param err what was printed (or an exception's message)
     * @param what description of the input for a failure
     */
    static void assertOneShortLine(String err, String what) {
        assertThat(err.strip()).as(what).isNotEmpty().doesNotContain("\n").doesNotContain("\tat ")
                .doesNotContain("Exception");
        assertThat(err.length()).as(what).isLessThan(MAX_MESSAGE_CHARS);
    }

    /**
     * Asserts that nothing printed holds a stack trace or reports an internal error.
     *
     * @param r the run
     * @param what description of the input for a failure
     */
    static void assertNoTrace(CliRun r, String what) {
        for (String s : new String[] {r.out(), r.err()}) {
            assertThat(s).as(what).doesNotContain("\tat ").doesNotContain("Exception in thread")
                    .doesNotContain("internal error").doesNotContain("OutOfMemoryError");
        }
    }
}
