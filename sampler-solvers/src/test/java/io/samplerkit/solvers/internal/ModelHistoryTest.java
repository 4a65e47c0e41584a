package io.samplerkit.solvers.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.samplerkit.core.state.Batch;
import org.junit.jupiter.api.Test;

class ModelHistoryTest {

    @Test
    void keepsTheNewestEntriesInOrderAndReusesStorage() {
        ModelHistory h = new ModelHistory(3, 2, 2);
        Batch[] seen = new Batch[5];
        for (int n = 0; n < 5; n++) {
            Batch slot = h.slot();
            seen[n] = slot;
            java.util.Arrays.fill(slot.data(), n);
            h.push(n, 10 + n, 20 + n, 30 + n);
            assertThat(h.size()).isEqualTo(Math.min(n + 1, 3));
        }
        for (int j = 0; j < 3; j++) {
            int n = 4 - j;
            assertThat(h.output(j).data()).containsOnly((double) n);
            assertThat(h.t(j)).isEqualTo(n);
            assertThat(h.alpha(j)).isEqualTo(10 + n);
            assertThat(h.sigma(j)).isEqualTo(20 + n);
            assertThat(h.lambda(j)).isEqualTo(30 + n);
        }
        // slots cycle: the fourth push reused the first push's storage
        assertThat(seen[3]).isSameAs(seen[0]);
        assertThat(seen[4]).isSameAs(seen[1]);
    }

    @Test
    void copyingPushAndClear() {
        ModelHistory h = new ModelHistory(2, 1, 3);
        Batch v = Batch.of(new double[][] {{1, 2, 3}});
        h.push(v, 0.5, 1, 2, 3);
        assertThat(h.output(0).data()).containsExactly(1, 2, 3);
        assertThat(h.output(0)).isNotSameAs(v);
        h.clear();
        assertThat(h.size()).isZero();
        assertThatThrownBy(() -> h.output(0)).hasMessageContaining("history age must be in [0, -1], got 0");
    }

    @Test
    void rejectsNonPositiveCapacity() {
        assertThatThrownBy(() -> new ModelHistory(0, 1, 1)).hasMessageContaining("capacity must be >= 1, got 0");
    }
}
