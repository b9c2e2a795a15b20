package dev.settle.cli.logs;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Writes instants as ISO-8601 UTC with exactly three decimals ({@code 2026-11-23T10:15:30.123Z}),
 * the width sortable and parsable everywhere. The text up to the second is formatted once per
 * second and reused: log lines come many per second. Safe for concurrent use (Logback may encode
 * on several threads).
 */
final class UtcMillisText {
    private static final DateTimeFormatter UP_TO_SECOND = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.");
    private static final int MILLIS_PER_SECOND = 1_000;

    /** The text of one second: replaced whole, so readers never see a half-updated pair. */
    private record Second(long epochSecond, String prefix) {}

    private volatile Second cached = new Second(Long.MIN_VALUE, "");

    void append(StringBuilder to, long epochMillis) {
        long epochSecond = Math.floorDiv(epochMillis, MILLIS_PER_SECOND);
        int millis = (int) Math.floorMod(epochMillis, MILLIS_PER_SECOND);
        Second second = cached;
        if (second.epochSecond() != epochSecond) {
            second = new Second(epochSecond,
                    UP_TO_SECOND.format(LocalDateTime.ofEpochSecond(epochSecond, 0, ZoneOffset.UTC)));
            cached = second;
        }
        to.append(second.prefix());
        if (millis < 100) {
            to.append(millis < 10 ? "00" : "0");
        }
        to.append(millis).append('Z');
    }
}
