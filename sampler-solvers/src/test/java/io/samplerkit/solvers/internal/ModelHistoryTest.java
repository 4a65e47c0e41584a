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
    void exchangingTheSlotOfAFullHistoryDropsTheOldestEntryUntilTheNextPush() {
        ModelHistory h = new ModelHistory(2, 1, 2);
        for (int n = 0; n < 2; n++) {
            java.util.Arrays.fill(h.slot().data(), n);
            h.push(n, 10 + n, 20 + n, 30 + n);
        }
        Batch oldest = h.output(1);
        Batch own = Batch.zeros(1, 2);
        Batch former = h.exchangeSlot(own);
        assertThat(former).isSameAs(oldest);
        assertThat(former.data()).containsOnly(0.0);
        assertThat(h.size()).isEqualTo(2);
        assertThat(h.slot()).isSameAs(own);
        assertThat(h.output(0).data()).containsOnly(1.0);
        assertThat(h.lambda(1)).isEqualTo(30);
        assertThatThrownBy(() -> h.output(1)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("history entry 1 (the oldest)");
        java.util.Arrays.fill(own.data(), 2);
        h.push(2, 12, 22, 32);
        assertThat(h.output(0)).isSameAs(own);
        assertThat(h.output(1).data()).containsOnly(1.0);
    }

    @Test
    void exchangingTheSlotOfAHistoryNotYetFullKeepsEveryEntry() {
        ModelHistory h = new ModelHistory(3, 1, 2);
        java.util.Arrays.fill(h.slot().data(), 7);
        h.push(0, 1, 2, 3);
        Batch own = Batch.zeros(1, 2);
        h.exchangeSlot(own);
        assertThat(h.output(0).data()).containsOnly(7.0);
        assertThat(h.slot()).isSameAs(own);
    }

    @Test
    void exchangeRejectsAnotherShapeOrItsOwnStorage() {
        ModelHistory h = new ModelHistory(2, 1, 2);
        h.push(0, 1, 2, 3);
        assertThatThrownBy(() -> h.exchangeSlot(Batch.zeros(1, 3))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> h.exchangeSlot(h.output(0))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must not be one of the history's own batches");
    }

    @Test
    void rejectsNonPositiveCapacity() {
        assertThatThrownBy(() -> new ModelHistory(0, 1, 1)).hasMessageContaining("capacity must be >= 1, got 0");
    }
}
