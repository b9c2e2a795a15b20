package dev.settle.traffic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ConcurrencyLimiterTest {
    private static final long TENANT = 3;

    private final ConcurrencyLimiter limiter = new ConcurrencyLimiter();

    @Test
    void admitsUpToTheMaxThenRefuses() {
        List<ConcurrencyLimiter.Permit> permits = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            permits.add(limiter.tryEnter(TENANT, 3));
        }

        assertThat(permits).doesNotContainNull();
        assertThat(limiter.tryEnter(TENANT, 3)).isNull();
        assertThat(limiter.inFlight(TENANT)).isEqualTo(3);

        permits.get(0).close();
        assertThat(limiter.inFlight(TENANT)).isEqualTo(2);
        assertThat(limiter.tryEnter(TENANT, 3)).isNotNull();
    }

    @Test
    void aSecondCloseReleasesNothing() {
        ConcurrencyLimiter.Permit first = limiter.tryEnter(TENANT, 2);
        limiter.tryEnter(TENANT, 2);

        first.close();
        first.close();

        assertThat(limiter.inFlight(TENANT)).isEqualTo(1);
    }

    @Test
    void tenantsHaveSeparateCounts() {
        limiter.tryEnter(TENANT, 1);

        assertThat(limiter.tryEnter(TENANT + 1, 1)).isNotNull();
        assertThat(limiter.inFlight(TENANT + 1)).isEqualTo(1);
        assertThat(limiter.inFlight(TENANT + 2)).isZero();
    }

    @Test
    void aLowerMaxAppliesToRequestsAlreadyInFlight() {
        limiter.tryEnter(TENANT, 5);
        limiter.tryEnter(TENANT, 5);

        assertThat(limiter.tryEnter(TENANT, 2)).isNull();
    }

    @Test
    void maxOutOfBoundsIsABug() {
        assertThatThrownBy(() -> limiter.tryEnter(TENANT, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> limiter.tryEnter(TENANT, TenantLimits.CONCURRENT_REQUESTS_LIMIT + 1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void concurrentThreadsNeverExceedTheMax() throws InterruptedException {
        int max = 4;
        int threadCount = 16;
        int attemptsPerThread = 20_000;
        AtomicInteger holding = new AtomicInteger();
        AtomicInteger holdingMax = new AtomicInteger();
        AtomicInteger admitted = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(threadCount);
        for (int t = 0; t < threadCount; t++) {
            Thread.ofPlatform().start(() -> {
                try {
                    awaitQuietly(start);
                    for (int i = 0; i < attemptsPerThread; i++) {
                        ConcurrencyLimiter.Permit permit = limiter.tryEnter(TENANT, max);
                        if (permit != null) {
                            holdingMax.accumulateAndGet(holding.incrementAndGet(), Math::max);
                            admitted.incrementAndGet();
                            holding.decrementAndGet();
                            permit.close();
                            permit.close();
                        }
                    }
                } finally {
                    done.countDown();
                }
            });
        }

        start.countDown();
        done.await();

        assertThat(holdingMax.get()).isBetween(1, max);
        assertThat(admitted.get()).isPositive();
        assertThat(limiter.inFlight(TENANT)).isZero();
    }

    static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
