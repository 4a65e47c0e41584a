package io.samplerkit.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class InvalidInputExceptionTest {

    @Test
    void messageIsRenderedFromTheParts() {
        InvalidInputException e = new InvalidInputException("eta", 5.0, "in [0.0, 1.0]");
        assertThat(e.path()).isEqualTo("eta");
        assertThat(e.value()).isEqualTo("5.0");
        assertThat(e.allowed()).isEqualTo("in [0.0, 1.0]");
        assertThat(e.getMessage()).isEqualTo("eta must be in [0.0, 1.0], got 5.0");
    }

    @Test
    void underPrefixesThePathAndKeepsTheParts() {
        InvalidInputException e = new InvalidInputException("eta", 5.0, "in [0.0, 1.0]").under("options").under("solver");
        assertThat(e.path()).isEqualTo("solver.options.eta");
        assertThat(e.value()).isEqualTo("5.0");
        assertThat(e.getMessage()).startsWith("solver.options.eta must be");
        assertThat(new InvalidInputException("[3]", 1, "x").under("weights").path()).isEqualTo("weights[3]");
        assertThat(new InvalidInputException("", 1, "x").under("grid").path()).isEqualTo("grid");
    }

    @Test
    void longValuesAreCappedWithTheirLength() {
        String huge = "9".repeat(50_000_000 / 1000);
        InvalidInputException e = new InvalidInputException("xT", huge, "an array of numbers");
        assertThat(e.value()).hasSizeLessThan(InvalidInputException.MAX_VALUE_CHARS + 30).endsWith("(50000 chars)");
        assertThat(e.getMessage().length()).isLessThan(200);
    }
}
