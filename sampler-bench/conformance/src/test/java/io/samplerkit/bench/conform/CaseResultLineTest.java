package io.samplerkit.bench.conform;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** {@link CaseResult#line}: one line, the reason cut at {@link CaseResult#MAX_REASON_CHARS} characters. */
class CaseResultLineTest {

    private static CaseResult skipped(String reason) {
        return new CaseResult("family/case", Path.of("case.json"), CaseStatus.SKIP, Double.NaN, Double.NaN, -1, -1,
                null, reason, SkipKind.UNSUPPORTED, "");
    }

    @Test
    void aReasonQuotingAHugeValueIsCutAndSaysHowLongItWas() {
        String reason = "step() arguments " + "[-1.8260673955022786,".repeat(5000) + "] are not reproduced";
        String line = skipped(reason).line();
        assertThat(line).startsWith("SKIP family/case - - step() arguments [-1.82606")
                .endsWith("... (" + reason.length() + " chars)");
        assertThat(line.length()).isLessThan(CaseResult.MAX_REASON_CHARS + 60);
    }

    @Test
    void aShortReasonIsPrintedWholeOnOneLine() {
        assertThat(skipped("two\n  lines").line()).isEqualTo("SKIP family/case - - two lines");
    }
}
