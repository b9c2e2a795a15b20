package dev.settle.traffic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class FleetGuardTest {
    @Test
    void admitsUpToTheMaxThenRefusesWithoutCounting() {
        FleetGuard fleet = new FleetGuard(3);
        for (int i = 0; i < 3; i++) {
            assertThat(fleet.tryEnter()).isTrue();
        }

        assertThat(fleet.tryEnter()).isFalse();
        assertThat(fleet.inFlight()).isEqualTo(3);

        fleet.leave();
        assertThat(fleet.inFlight()).isEqualTo(2);
        assertThat(fleet.tryEnter()).isTrue();
    }

    @Test
    void inFlightPercentRoundsDown() {
        FleetGuard fleet = new FleetGuard(3);
        assertThat(fleet.inFlightPercent()).isZero();
        fleet.tryEnter();
        assertThat(fleet.inFlightPercent()).isEqualTo(33);
        fleet.tryEnter();
        fleet.tryEnter();
        assertThat(fleet.inFlightPercent()).isEqualTo(100);
        assertThat(fleet.inFlightMax()).isEqualTo(3);
    }

    @Test
    void leavingMoreThanEnteredIsABug() {
        FleetGuard fleet = new FleetGuard(2);

        assertThatThrownBy(fleet::leave).isInstanceOf(IllegalStateException.class);
        assertThat(fleet.inFlight()).isZero();
    }

    @Test
    void maxOutOfBoundsIsABug() {
        assertThatThrownBy(() -> new FleetGuard(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new FleetGuard(DegradationPolicy.IN_FLIGHT_MAX_LIMIT + 1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void concurrentThreadsNeverExceedTheMax() throws InterruptedException {
        int max = 5;
        int threadCount = 16;
        int attemptsPerThread = 20_000;
        FleetGuard fleet = new FleetGuard(max);
        AtomicInteger holding = new AtomicInteger();
        AtomicInteger holdingMax = new AtomicInteger();
        AtomicInteger overCap = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(threadCount);
        for (int t = 0; t < threadCount; t++) {
            Thread.ofPlatform().start(() -> {
                try {
                    ConcurrencyLimiterTest.awaitQuietly(start);
                    for (int i = 0; i < attemptsPerThread; i++) {
                        if (fleet.tryEnter()) {
                            holdingMax.accumulateAndGet(holding.incrementAndGet(), Math::max);
                            if (fleet.inFlight() > max) {
                                overCap.incrementAndGet();
                            }
                            holding.decrementAndGet();
                            fleet.leave();
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
        assertThat(overCap.get()).isZero();
        assertThat(fleet.inFlight()).isZero();
    }
}
