package dev.settle.bench.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
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
            Uuids.writeV4(random, out, 0);

            UUID uuid = UUID.fromString(new String(out, StandardCharsets.US_ASCII));
            assertThat(uuid.version()).isEqualTo(4);
            assertThat(uuid.variant()).isEqualTo(2);
        }
    }

    @Test
    void timeOrderedUuidsAreVersion7WithTheMillisecondsFirstAndTheRfcVariant() {
        SplittableRandom random = new SplittableRandom(11);
        byte[] out = new byte[Uuids.TEXT_BYTES];
        Set<UUID> seen = new HashSet<>();
        long[] millis = {0, 1, 1_795_428_930_123L, Uuids.UNIX_MILLIS_MAX};
        for (long unixMillis : millis) {
            for (int i = 0; i < 1_000; i++) {
                Uuids.writeV7(unixMillis, random, out, 0);

                UUID uuid = UUID.fromString(new String(out, StandardCharsets.US_ASCII));
                assertThat(uuid.version()).isEqualTo(7);
                assertThat(uuid.variant()).isEqualTo(2);
                assertThat(uuid.getMostSignificantBits() >>> 16).isEqualTo(unixMillis);
                assertThat(seen.add(uuid)).as("74 random bits: no repeats").isTrue();
            }
        }
    }

    /** The point of version 7: an index of ids receives them in order, one millisecond after another. */
    @Test
    void aLaterMillisecondSortsAfterAsTextAndAsNumber() {
        SplittableRandom random = new SplittableRandom(13);
        byte[] out = new byte[Uuids.TEXT_BYTES];
        String previousText = null;
        UUID previous = null;
        for (long unixMillis = 1_795_428_930_000L; unixMillis < 1_795_428_930_500L; unixMillis++) {
            Uuids.writeV7(unixMillis, random, out, 0);

            String text = new String(out, StandardCharsets.US_ASCII);
            UUID uuid = UUID.fromString(text);
            if (previous != null) {
                assertThat(text).isGreaterThan(previousText);
                assertThat(Long.compareUnsigned(uuid.getMostSignificantBits(), previous.getMostSignificantBits()))
                        .isPositive();
            }
            previousText = text;
            previous = uuid;
        }
    }

    @Test
    void millisecondsOutsideTheFortyEightBitsAreRefused() {
        byte[] out = new byte[Uuids.TEXT_BYTES];

        assertThatThrownBy(() -> Uuids.writeV7(-1, new SplittableRandom(1), out, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("got -1");
        assertThatThrownBy(() -> Uuids.writeV7(Uuids.UNIX_MILLIS_MAX + 1, new SplittableRandom(1), out, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
