package dev.settle.webhooks;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.OptionalLong;
import java.util.random.RandomGenerator;

/**
 * The delays between delivery attempts.
 *
 * <p>The default backs off from seconds (a blip) to a day (a receiver down for maintenance) and
 * gives up after 10 attempts, about 3.15 days after the first: long enough to ride out a weekend
 * outage, short enough that a dead endpoint does not hold deliveries forever. Each delay is
 * jittered so that the deliveries that failed together during one outage do not all come back at
 * the same instant when it ends.
 */
public final class RetrySchedule {
    /** The default jitter: each delay is uniformly random within ±20% of its nominal value. */
    public static final double JITTER_FRACTION_DEFAULT = 0.2;
    /** A bound on the list, so attempt counts and their sums stay small and cannot overflow. */
    public static final int DELAYS_MAX = 32;
    /** No single delay may exceed a week: a receiver down longer than that is gone. */
    public static final Duration DELAY_MAX = Duration.ofDays(7);
    /** A receiver's Retry-After is honoured up to a day, so it cannot park a delivery indefinitely. */
    public static final long RETRY_AFTER_MILLIS_MAX = Duration.ofHours(24).toMillis();
    /** The longest Retry-After value parsed: an RFC 1123 date is 29 chars, so 64 leaves room. */
    public static final int RETRY_AFTER_CHARS_MAX = 64;

    /** 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 14 h, 20 h, 24 h: ten attempts over about 3.15 days. */
    public static final RetrySchedule DEFAULT = new RetrySchedule(
            List.of(
                    Duration.ofSeconds(5),
                    Duration.ofMinutes(5),
                    Duration.ofMinutes(30),
                    Duration.ofHours(2),
                    Duration.ofHours(5),
                    Duration.ofHours(10),
                    Duration.ofHours(14),
                    Duration.ofHours(20),
                    Duration.ofHours(24)),
            JITTER_FRACTION_DEFAULT);

    /** Nine digits of seconds already exceed {@link #RETRY_AFTER_MILLIS_MAX}; more would only overflow. */
    private static final int DELTA_SECONDS_DIGITS_MAX = 9;

    static {
        if (Duration.ofSeconds(999_999_999L).toMillis() < RETRY_AFTER_MILLIS_MAX) {
            throw new AssertionError("DELTA_SECONDS_DIGITS_MAX must reach RETRY_AFTER_MILLIS_MAX");
        }
    }

    private final long[] delaysMillis;
    private final double jitterFraction;

    /**
     * @param delays the wait after attempt 1, 2, ... fails; after the last one the delivery gives up,
     *     so there are {@code delays.size() + 1} attempts
     * @param jitterFraction in [0, 1): each delay is uniformly random in [d*(1-j), d*(1+j)]
     */
    public RetrySchedule(List<Duration> delays, double jitterFraction) {
        if (delays == null || delays.size() > DELAYS_MAX) {
            throw new IllegalArgumentException("delays must be a list of at most " + DELAYS_MAX);
        }
        if (!(jitterFraction >= 0 && jitterFraction < 1)) {
            throw new IllegalArgumentException("jitterFraction must be in [0, 1), got " + jitterFraction);
        }
        delaysMillis = new long[delays.size()];
        for (int i = 0; i < delaysMillis.length; i++) {
            Duration delay = delays.get(i);
            if (delay == null || delay.isNegative() || delay.isZero() || delay.compareTo(DELAY_MAX) > 0) {
                throw new IllegalArgumentException("delay " + i + " must be in (0, " + DELAY_MAX + "], got " + delay);
            }
            delaysMillis[i] = delay.toMillis();
        }
        this.jitterFraction = jitterFraction;
    }

    /** Attempts in all, the first included. */
    public int attemptsMax() {
        return delaysMillis.length + 1;
    }

    /**
     * How long to wait before the next attempt, once {@code attemptsMade} attempts have failed; empty
     * when that was the last attempt.
     */
    public OptionalLong delayMillisAfter(int attemptsMade, RandomGenerator random) {
        if (attemptsMade < 1) {
            throw new IllegalArgumentException("attemptsMade must be at least 1, got " + attemptsMade);
        }
        if (attemptsMade > delaysMillis.length) {
            return OptionalLong.empty();
        }
        long nominalMillis = delaysMillis[attemptsMade - 1];
        long spreadMillis = Math.round(nominalMillis * jitterFraction);
        if (spreadMillis == 0) {
            return OptionalLong.of(nominalMillis);
        }
        long delayMillis = random.nextLong(nominalMillis - spreadMillis, nominalMillis + spreadMillis + 1);
        if (delayMillis < 0 || delayMillis > nominalMillis + spreadMillis) {
            throw new IllegalStateException("jittered delay " + delayMillis + " outside the bounds of " + nominalMillis);
        }
        return OptionalLong.of(delayMillis);
    }

    /**
     * A receiver's Retry-After header as a delay in milliseconds: either delta-seconds ({@code 120})
     * or an RFC 1123 HTTP-date ({@code Wed, 21 Oct 2015 07:28:00 GMT}) taken relative to {@code
     * nowMillis}. Empty for a missing, malformed or negative value (a date in the past included);
     * capped at {@link #RETRY_AFTER_MILLIS_MAX}. The obsolete RFC 850 and asctime date forms are not
     * accepted.
     */
    public static OptionalLong parseRetryAfterMillis(String headerValue, long nowMillis) {
        if (headerValue == null || headerValue.length() > RETRY_AFTER_CHARS_MAX) {
            return OptionalLong.empty();
        }
        String value = headerValue.strip();
        if (value.isEmpty()) {
            return OptionalLong.empty();
        }
        if (isDigits(value)) {
            if (value.length() > DELTA_SECONDS_DIGITS_MAX) {
                return OptionalLong.of(RETRY_AFTER_MILLIS_MAX);
            }
            return OptionalLong.of(Math.min(Long.parseLong(value) * 1000, RETRY_AFTER_MILLIS_MAX));
        }
        long atMillis;
        try {
            atMillis = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant().toEpochMilli();
        } catch (DateTimeParseException | ArithmeticException notADate) {
            return OptionalLong.empty();
        }
        long delayMillis = atMillis - nowMillis;
        if (delayMillis < 0) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(Math.min(delayMillis, RETRY_AFTER_MILLIS_MAX));
    }

    private static boolean isDigits(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }
}
