package dev.settle.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RetryScheduleTest {
    private static final long SEED = 42;
    private static final double MILLIS_PER_DAY = Duration.ofDays(1).toMillis();
    private static final List<Duration> NOMINAL = List.of(
            Duration.ofSeconds(5), Duration.ofMinutes(5), Duration.ofMinutes(30), Duration.ofHours(2), Duration.ofHours(5),
            Duration.ofHours(10), Duration.ofHours(14), Duration.ofHours(20), Duration.ofHours(24));

    @Test
    void theDefaultMakesTenAttemptsOverAbout315Days() {
        RetrySchedule withoutJitter = new RetrySchedule(NOMINAL, 0);
        long totalMillis = 0;
        for (int attempts = 1; attempts < withoutJitter.attemptsMax(); attempts++) {
            totalMillis += withoutJitter.delayMillisAfter(attempts, new SplittableRandom(SEED)).orElseThrow();
        }

        assertThat(RetrySchedule.DEFAULT.attemptsMax()).isEqualTo(10);
        assertThat(withoutJitter.attemptsMax()).isEqualTo(10);
        assertThat(totalMillis / MILLIS_PER_DAY).isCloseTo(3.15, within(0.01));
    }

    @Test
    void theDefaultsDelaysAreTheNominalOnesWithinTwentyPercent() {
        SplittableRandom random = new SplittableRandom(SEED);
        long totalMillis = 0;
        for (int attempts = 1; attempts <= NOMINAL.size(); attempts++) {
            long nominalMillis = NOMINAL.get(attempts - 1).toMillis();
            long delayMillis = RetrySchedule.DEFAULT.delayMillisAfter(attempts, random).orElseThrow();

            assertThat(delayMillis).as("after attempt %d", attempts)
                    .isBetween(Math.round(nominalMillis * 0.8), Math.round(nominalMillis * 1.2));
            totalMillis += delayMillis;
        }
        assertThat(totalMillis / MILLIS_PER_DAY).isBetween(3.15 * 0.8, 3.15 * 1.2);
    }

    @Test
    void jitterStaysWithinItsBoundsAndUsesThem() {
        RetrySchedule schedule = new RetrySchedule(List.of(Duration.ofMillis(1000)), 0.2);
        SplittableRandom random = new SplittableRandom(SEED);
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (int i = 0; i < 10_000; i++) {
            long delayMillis = schedule.delayMillisAfter(1, random).orElseThrow();
            min = Math.min(min, delayMillis);
            max = Math.max(max, delayMillis);
        }

        assertThat(min).isBetween(800L, 810L);
        assertThat(max).isBetween(1190L, 1200L);
    }

    @Test
    void theSameSeedGivesTheSameDelays() {
        assertThat(RetrySchedule.DEFAULT.delayMillisAfter(3, new SplittableRandom(SEED)))
                .isEqualTo(RetrySchedule.DEFAULT.delayMillisAfter(3, new SplittableRandom(SEED)));
    }

    @Test
    void thereIsNoDelayAfterTheLastAttempt() {
        RetrySchedule schedule = new RetrySchedule(List.of(Duration.ofMillis(10), Duration.ofMillis(20)), 0);
        SplittableRandom random = new SplittableRandom(SEED);

        assertThat(schedule.attemptsMax()).isEqualTo(3);
        assertThat(schedule.delayMillisAfter(1, random)).hasValue(10);
        assertThat(schedule.delayMillisAfter(2, random)).hasValue(20);
        assertThat(schedule.delayMillisAfter(3, random)).isEmpty();
        assertThat(RetrySchedule.DEFAULT.delayMillisAfter(10, random)).isEmpty();
        assertThat(RetrySchedule.DEFAULT.delayMillisAfter(9, random)).isPresent();
    }

    @Test
    void anEmptyScheduleMeansOneAttempt() {
        RetrySchedule schedule = new RetrySchedule(List.of(), 0.2);

        assertThat(schedule.attemptsMax()).isEqualTo(1);
        assertThat(schedule.delayMillisAfter(1, new SplittableRandom(SEED))).isEmpty();
    }

    @Test
    void badArgumentsAreRefused() {
        SplittableRandom random = new SplittableRandom(SEED);
        assertThatThrownBy(() -> RetrySchedule.DEFAULT.delayMillisAfter(0, random)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RetrySchedule(List.of(Duration.ZERO), 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RetrySchedule(List.of(Duration.ofDays(8)), 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RetrySchedule(NOMINAL, 1.0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RetrySchedule(NOMINAL, Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void retryAfterAcceptsDeltaSeconds() {
        assertThat(RetrySchedule.parseRetryAfterMillis("120", 0)).hasValue(120_000);
        assertThat(RetrySchedule.parseRetryAfterMillis(" 0 ", 0)).hasValue(0);
    }

    @Test
    void retryAfterAcceptsAnHttpDate() {
        long nowMillis = Instant.parse("2015-10-21T07:27:00Z").toEpochMilli();

        assertThat(RetrySchedule.parseRetryAfterMillis("Wed, 21 Oct 2015 07:28:00 GMT", nowMillis)).hasValue(60_000);
    }

    @Test
    void retryAfterIsCappedAtADay() {
        long dayMillis = RetrySchedule.RETRY_AFTER_MILLIS_MAX;
        long nowMillis = Instant.parse("2015-10-21T07:28:00Z").toEpochMilli();

        assertThat(dayMillis).isEqualTo(Duration.ofHours(24).toMillis());
        assertThat(RetrySchedule.parseRetryAfterMillis("86401", 0)).hasValue(dayMillis);
        assertThat(RetrySchedule.parseRetryAfterMillis("99999999999999999999999", 0)).hasValue(dayMillis);
        assertThat(RetrySchedule.parseRetryAfterMillis("Sat, 21 Oct 2045 07:28:00 GMT", nowMillis)).hasValue(dayMillis);
    }

    @Test
    void retryAfterIsEmptyForGarbageAndNegativeValues() {
        long nowMillis = Instant.parse("2015-10-21T07:28:00Z").toEpochMilli();
        String[] bad = {
            null, "", "  ", "-5", "+5", "1.5", "soon", "120s", "Wed, 21 Oct 2015 07:27:00 GMT" /* in the past */,
            "Wednesday, 21-Oct-15 07:28:00 GMT" /* RFC 850 */, "1".repeat(100),
        };
        for (String value : bad) {
            assertThat(RetrySchedule.parseRetryAfterMillis(value, nowMillis)).as(String.valueOf(value)).isEqualTo(OptionalLong.empty());
        }
    }
}
