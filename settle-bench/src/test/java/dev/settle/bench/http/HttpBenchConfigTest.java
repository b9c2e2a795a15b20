package dev.settle.bench.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HttpBenchConfigTest {
    private static final URI LOCAL = URI.create("http://127.0.0.1:8080");
    private static final String KEY = "sk_0123456789abcdefghijklmnopqrstuvwxyzABCDEFG";

    @Test
    void theBuilderStartsFromTheDefaults() {
        HttpBenchConfig config = HttpBenchConfig.builder(LOCAL, KEY).build();

        assertThat(config.accounts()).isEqualTo(1_000);
        assertThat(config.singleConnections()).isEqualTo(48);
        assertThat(config.singleWarmupSeconds()).isEqualTo(3);
        assertThat(config.singleDurationSeconds()).isEqualTo(15);
        assertThat(config.batchConnections()).isEqualTo(4);
        assertThat(config.batchSize()).isEqualTo(1_000);
        assertThat(config.batchWarmupSeconds()).isEqualTo(2);
        assertThat(config.batchDurationSeconds()).isEqualTo(10);
        assertThat(config.eventLoops()).isEqualTo(1);
        assertThat(config.uuidV4Ids()).isFalse();
        assertThat(config.singlePhase())
                .isEqualTo(new PhasePlan("single", TransferEndpoint.SINGLE, 48, 1, 3, 15, 1, UuidVersion.V7));
        assertThat(config.batchPhase())
                .isEqualTo(new PhasePlan("batch", TransferEndpoint.BATCH, 4, 1_000, 2, 10, 1, UuidVersion.V7));
    }

    @Test
    void theLoopsAndTheKindOfIdsReachBothPhases() {
        int loops = HttpBenchConfig.eventLoopsMax();
        HttpBenchConfig config = HttpBenchConfig.builder(LOCAL, KEY).eventLoops(loops).uuidV4Ids(true)
                .batchConnections(1).build();

        assertThat(config.singlePhase().eventLoops()).isEqualTo(loops);
        assertThat(config.singlePhase().idVersion()).isEqualTo(UuidVersion.V4);
        assertThat(config.batchPhase().idVersion()).isEqualTo(UuidVersion.V4);
        // A phase never starts a loop without a connection to drive.
        assertThat(config.batchPhase().eventLoopsStarted()).isEqualTo(1);
        assertThat(config.singlePhase().eventLoopsStarted()).isEqualTo(Math.min(loops, 48));
    }

    @Test
    void toStringHidesTheKey() {
        assertThat(HttpBenchConfig.builder(LOCAL, KEY).build().toString()).doesNotContain(KEY).contains("***");
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://127.0.0.1:8443", "127.0.0.1:8080", "http:///v1", "http://user@host:1",
        "http://host:1/?q=1", "http://host:1/#top"})
    void baseUrisThatAreNotPlainHttpToAHostAreRefused(String uri) {
        assertThatThrownBy(() -> HttpBenchConfig.builder(URI.create(uri), KEY).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(uri);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "sk key", "sk_\r\nX-Injected: 1", "sk_é"})
    void keysThatCannotGoIntoAHeaderAreRefusedWithoutEchoingThem(String key) {
        assertThatThrownBy(() -> HttpBenchConfig.builder(LOCAL, key).build())
                .isInstanceOf(IllegalArgumentException.class).message().doesNotContain(key.isEmpty() ? "\0" : key);
    }

    @Test
    void eachSettingOutOfBoundsIsRefusedWithItsNameAndValue() {
        assertRefused(b -> b.accounts(1), "accounts must be 2..1000000, got 1");
        assertRefused(b -> b.singleConnections(0), "single connections must be 1..256, got 0");
        assertRefused(b -> b.singleWarmupSeconds(-1), "single warm-up seconds must be 0..600, got -1");
        assertRefused(b -> b.singleDurationSeconds(0), "single duration seconds must be 1..3600, got 0");
        assertRefused(b -> b.batchConnections(257), "batch connections must be 1..256, got 257");
        assertRefused(b -> b.batchSize(8191), "batch size must be 1..8190, got 8191");
        assertRefused(b -> b.batchWarmupSeconds(601), "batch warm-up seconds must be 0..600, got 601");
        assertRefused(b -> b.batchDurationSeconds(3601), "batch duration seconds must be 1..3600, got 3601");
        assertRefused(b -> b.batchConnections(64).batchSize(8190), "at most 262144, got 64 x 8190");
        assertRefused(b -> b.eventLoops(0), "event loops must be 1..");
        int cores = Runtime.getRuntime().availableProcessors();
        assertRefused(b -> b.eventLoops(cores + 1), "event loops must be 1.." + cores + ", got " + (cores + 1));
        assertRefused(b -> b.progress(null), "progress");
    }

    private static void assertRefused(UnaryOperator<HttpBenchConfig.Builder> change, String message) {
        assertThatThrownBy(() -> change.apply(HttpBenchConfig.builder(LOCAL, KEY)).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(message);
    }
}
