package io.samplerkit.core.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.samplerkit.core.InvalidInputException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The kernels' system properties: defaults, values read when a run's objects are made, malformed values refused. */
class KernelPropertiesTest {

    private static final String NAME = "samplerkit.kernel.test-only";

    @AfterEach
    void clear() {
        System.clearProperty(NAME);
        System.clearProperty(FusedEvaluation.SCAN_AHEAD_PROPERTY);
    }

    @Test
    void unsetGivesTheFallback() {
        assertThat(KernelProperties.intProperty(NAME, 17, 0)).isEqualTo(17);
    }

    @Test
    void aValueAtOrAboveTheMinimumIsRead() {
        System.setProperty(NAME, " 0 ");
        assertThat(KernelProperties.intProperty(NAME, 17, 0)).isZero();
        System.setProperty(NAME, "65536");
        assertThat(KernelProperties.intProperty(NAME, 17, 1)).isEqualTo(65536);
    }

    @Test
    void aMalformedOrTooSmallValueIsRefusedWithItsName() {
        for (String bad : new String[] {"", "x", "1.5", "99999999999"}) {
            System.setProperty(NAME, bad);
            assertThatThrownBy(() -> KernelProperties.intProperty(NAME, 17, 0))
                    .isInstanceOfSatisfying(InvalidInputException.class, e -> {
                        assertThat(e.path()).isEqualTo(NAME);
                        assertThat(e.value()).isEqualTo("'" + bad + "'");
                        assertThat(e.allowed()).isEqualTo("an integer >= 0 (a system property)");
                    });
        }
        System.setProperty(NAME, "0");
        assertThatThrownBy(() -> KernelProperties.intProperty(NAME, 17, 1))
                .hasMessage(NAME + " must be an integer >= 1 (a system property), got '0'");
    }

    @Test
    void theScanAheadLimitIsReadWhenAnInstanceIsMade() {
        assertThat(new FusedEvaluation().scanAhead()).isEqualTo(FusedEvaluation.SCAN_AHEAD);
        System.setProperty(FusedEvaluation.SCAN_AHEAD_PROPERTY, "0");
        assertThat(new FusedEvaluation().scanAhead()).isZero();
        System.setProperty(FusedEvaluation.SCAN_AHEAD_PROPERTY, "-1");
        assertThatThrownBy(FusedEvaluation::new).hasMessageContaining(FusedEvaluation.SCAN_AHEAD_PROPERTY);
    }

    @Test
    void theRunsThreadCountIsRead() {
        String old = System.getProperty(ParallelKernels.THREADS_PROPERTY);
        try {
            System.setProperty(ParallelKernels.THREADS_PROPERTY, "1");
            assertThat(ParallelKernels.forRuns()).isNull();
            System.setProperty(ParallelKernels.THREADS_PROPERTY, "0");
            assertThatThrownBy(ParallelKernels::forRuns).hasMessage(
                    ParallelKernels.THREADS_PROPERTY + " must be an integer >= 1 (a system property), got '0'");
        } finally {
            if (old == null) {
                System.clearProperty(ParallelKernels.THREADS_PROPERTY);
            } else {
                System.setProperty(ParallelKernels.THREADS_PROPERTY, old);
            }
        }
    }
}
