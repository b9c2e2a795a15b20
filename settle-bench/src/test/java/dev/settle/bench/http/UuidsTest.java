package dev.settle.bench.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class UuidsTest {
    @Test
    void writesWhatUuidToStringWrites() {
        SplittableRandom random = new SplittableRandom(5);
        byte[] out = new byte[Uuids.TEXT_BYTES + 2];
        for (int i = 0; i < 1_000; i++) {
            long high = random.nextLong();
            long low = random.nextLong();

            Uuids.write(high, low, out, 1);

            assertThat(new String(out, 1, Uuids.TEXT_BYTES, StandardCharsets.US_ASCII))
                    .isEqualTo(new UUID(high, low).toString());
        }
        assertThat(out[0]).isZero();
        assertThat(out[Uuids.TEXT_BYTES + 1]).isZero();
    }

    @Test
    void randomUuidsAreVersion4WithTheRfcVariant() {
        SplittableRandom random = new SplittableRandom(9);
        byte[] out = new byte[Uuids.TEXT_BYTES];
        for (int i = 0; i < 1_000; i++) {
            Uuids.writeRandom(random, out, 0);

            UUID uuid = UUID.fromString(new String(out, StandardCharsets.US_ASCII));
            assertThat(uuid.version()).isEqualTo(4);
            assertThat(uuid.variant()).isEqualTo(2);
        }
    }
}
