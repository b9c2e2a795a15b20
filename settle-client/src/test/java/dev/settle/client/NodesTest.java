package dev.settle.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class NodesTest {
    private static final List<URI> THREE = List.of(
            URI.create("http://n1:8080"), URI.create("http://n2:8080"), URI.create("http://n3:8080"));
    private static final Duration SUSPECT = Duration.ofSeconds(5);

    /** A clock the test moves by hand; it starts negative, as {@link System#nanoTime()} may. */
    private final AtomicLong nanos = new AtomicLong(-1_000_000_000L);

    private Nodes nodes(long randomStart) {
        return new Nodes(THREE, SUSPECT, nanos::get, () -> randomStart);
    }

    @Test
    void callsStartRoundRobinFromTheRandomNode() {
        Nodes nodes = nodes(1);

        assertThat(List.of(nodes.first(), nodes.first(), nodes.first(), nodes.first())).containsExactly(1, 2, 0, 1);
    }

    @Test
    void negativeRandomStartStaysWithinTheNodes() {
        Nodes nodes = nodes(-1);

        assertThat(nodes.first()).isEqualTo(2);
    }

    @Test
    void noNodeIsSuspectAtFirst() {
        Nodes nodes = nodes(0);

        assertThat(List.of(0, 1, 2)).noneMatch(nodes::isSuspect);
    }

    @Test
    void retryGoesToTheNextNodeAndWrapsAround() {
        Nodes nodes = nodes(0);

        assertThat(List.of(nodes.after(0), nodes.after(1), nodes.after(2))).containsExactly(1, 2, 0);
    }

    @Test
    void suspectNodeIsPassedOverByCallsAndRetries() {
        Nodes nodes = nodes(0);
        nodes.suspect(0);

        assertThat(nodes.first()).isEqualTo(1);
        assertThat(nodes.after(2)).isEqualTo(1);
        assertThat(nodes.first()).isEqualTo(1);
        assertThat(nodes.first()).isEqualTo(2);
    }

    @Test
    void suspicionEndsAfterItsDuration() {
        Nodes nodes = nodes(0);
        nodes.suspect(0);

        nanos.addAndGet(SUSPECT.toNanos() - 1);
        assertThat(nodes.isSuspect(0)).isTrue();
        nanos.addAndGet(1);
        assertThat(nodes.isSuspect(0)).isFalse();
        assertThat(nodes.first()).isEqualTo(0);
    }

    @Test
    void everyNodeSuspectFallsBackToThePlainRotation() {
        Nodes nodes = nodes(0);
        List.of(0, 1, 2).forEach(nodes::suspect);

        assertThat(List.of(nodes.first(), nodes.first(), nodes.after(2))).containsExactly(0, 1, 0);
    }

    @Test
    void oneNodeIsAlwaysTheOne() {
        Nodes nodes = new Nodes(List.of(URI.create("http://n1:8080")), SUSPECT, nanos::get, () -> 7L);
        nodes.suspect(0);

        assertThat(List.of(nodes.first(), nodes.after(0), nodes.first())).containsOnly(0);
    }

    @Test
    void callsFromManyThreadsShareTheRotationEvenly() throws Exception {
        Nodes nodes = new Nodes(THREE, SUSPECT, System::nanoTime, () -> 0L);
        int threads = 4;
        int callsPerThread = 3_000;
        AtomicIntegerArray callsPerNode = new AtomicIntegerArray(THREE.size());
        try (ExecutorService executor = Executors.newFixedThreadPool(threads)) {
            List<Future<?>> done = new ArrayList<>();
            for (int thread = 0; thread < threads; thread++) {
                done.add(executor.submit(() -> {
                    for (int call = 0; call < callsPerThread; call++) {
                        callsPerNode.incrementAndGet(nodes.first());
                    }
                }));
            }
            for (Future<?> future : done) {
                future.get();
            }
        }

        for (int node = 0; node < THREE.size(); node++) {
            assertThat(callsPerNode.get(node)).isEqualTo(threads * callsPerThread / THREE.size());
        }
    }
}
