package dev.settle.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SwapGateTest {
    private final SwapGate gate = new SwapGate();

    @Test
    void theExclusiveSideWaitsForTheReaderInsideAndNewReadersWaitForIt() throws Exception {
        int reader = gate.enter();
        Swapper swapper = new Swapper();
        Thread.sleep(100);
        assertThat(swapper.held.getCount()).isEqualTo(1);
        CompletableFuture<Integer> late = CompletableFuture.supplyAsync(gate::enter);
        Thread.sleep(100);
        assertThat(late).isNotDone();
        assertThat(CompletableFuture.supplyAsync(gate::tryEnter).get(5, TimeUnit.SECONDS)).isEqualTo(-1);

        gate.exit(reader);
        assertThat(swapper.held.await(5, TimeUnit.SECONDS)).isTrue();
        Thread.sleep(50);
        assertThat(late).isNotDone();
        swapper.release();
        gate.exit(late.get(5, TimeUnit.SECONDS));
    }

    @Test
    void aThreadHoldingAnIteratorPassesWhileTheExclusiveSideWaitsForIt() throws Exception {
        int iterator = gate.enterForIterator();
        Swapper swapper = new Swapper();
        Thread.sleep(100);
        int nested = gate.enter();
        int nestedIterator = gate.enterForIterator();
        assertThat(swapper.held.getCount()).isEqualTo(1);
        gate.exitIterator(nestedIterator);
        gate.exit(nested);
        assertThat(gate.holdsIterator()).isTrue();
        gate.exitIterator(iterator);
        assertThat(gate.holdsIterator()).isFalse();
        assertThat(swapper.held.await(5, TimeUnit.SECONDS)).isTrue();
        swapper.release();
    }

    /** A thread that takes the gate exclusively, holds it until released, then opens it. */
    private final class Swapper {
        final CountDownLatch held = new CountDownLatch(1);
        private final CountDownLatch released = new CountDownLatch(1);
        private final Thread thread = Thread.ofPlatform().start(() -> {
            if (gate.enterExclusively(10_000)) {
                held.countDown();
                try {
                    released.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                gate.exitExclusively();
            }
        });

        void release() throws InterruptedException {
            released.countDown();
            thread.join(5_000);
            assertThat(thread.isAlive()).isFalse();
        }
    }

    @Test
    void theExclusiveSideGivesUpAfterItsWaitAndTheGateOpensAgain() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread holder = Thread.ofPlatform().start(() -> {
            int slot = gate.enterForIterator();
            entered.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            gate.exitIterator(slot);
        });
        assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();
        long started = System.nanoTime();
        assertThat(gate.enterExclusively(150)).isFalse();
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)).isBetween(150L, 5_000L);
        int slot = gate.tryEnter();
        assertThat(slot).isNotNegative();
        gate.exit(slot);
        release.countDown();
        holder.join(5_000);
        assertThat(gate.enterExclusively(1_000)).isTrue();
        gate.exitExclusively();
    }

    @Test
    void unbalancedReleasesAreBugsAndSaySo() {
        assertThatThrownBy(() -> gate.exitIterator(0)).isInstanceOf(IllegalStateException.class);
        int slot = gate.enter();
        gate.exit(slot);
        assertThatThrownBy(() -> gate.exit(slot)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(gate::exitExclusively).isInstanceOf(IllegalStateException.class);
    }
}
