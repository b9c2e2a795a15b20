package dev.settle.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TransferIdFilterTest {
    @Test
    void addedIdsAreAlwaysFoundAcrossSegments() {
        TransferIdFilter filter = new TransferIdFilter(1000); // starts at the minimum capacity, then grows
        SplittableRandom random = new SplittableRandom(1);
        long count = TransferIdFilter.CAPACITY_MIN + 100_000; // forces a second segment
        for (long i = 0; i < count; i++) {
            filter.add(random.nextLong(), random.nextLong());
        }
        random = new SplittableRandom(1);
        for (long i = 0; i < count; i++) {
            assertThat(filter.mightContain(random.nextLong(), random.nextLong())).isTrue();
        }
    }

    @Test
    void falsePositivesStayRareAtCapacity() {
        TransferIdFilter filter = new TransferIdFilter(TransferIdFilter.CAPACITY_MIN);
        SplittableRandom random = new SplittableRandom(2);
        for (long i = 0; i < TransferIdFilter.CAPACITY_MIN; i++) {
            filter.add(random.nextLong(), random.nextLong());
        }
        int falsePositives = 0;
        int probes = 200_000;
        SplittableRandom other = new SplittableRandom(3);
        for (int i = 0; i < probes; i++) {
            if (filter.mightContain(other.nextLong(), other.nextLong())) {
                falsePositives++;
            }
        }
        assertThat((double) falsePositives / probes).isLessThan(0.04);
    }
}
