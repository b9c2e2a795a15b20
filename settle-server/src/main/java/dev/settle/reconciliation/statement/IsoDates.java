package dev.settle.reconciliation.statement;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * ISO 8601 dates as statements write them, read without a formatter on the common path:
 * "2026-12-05", the date part of a date-time ("2026-12-05T10:00:00+01:00", an xs:date with its
 * zone "2026-12-05Z"), and the UTC date of an instant.
 */
final class IsoDates {
    static final int DATE_CHARS = 10;

    private static final int MONTH_AT = 5;
    private static final int DAY_AT = 8;

    private IsoDates() {}

    /**
     * The {@code yyyy-MM-dd} date that {@code text} starts with; what follows it, if anything, must
     * start a time or a zone ('T', ' ', 'Z', '+', '-').
     *
     * @throws DateTimeException when there is no valid date there
     */
    static LocalDate datePrefix(String text) {
        if (text.length() < DATE_CHARS || (text.length() > DATE_CHARS && !startsTimeOrZone(text.charAt(DATE_CHARS)))) {
            throw notADate(text);
        }
        if (text.charAt(MONTH_AT - 1) != '-' || text.charAt(DAY_AT - 1) != '-') {
            throw notADate(text);
        }
        int year = digits(text, 0, MONTH_AT - 1);
        int month = digits(text, MONTH_AT, DAY_AT - 1);
        int day = digits(text, DAY_AT, DATE_CHARS);
        return LocalDate.of(year, month, day);
    }

    /**
     * The UTC date of an ISO instant ("2026-12-05T23:59:59Z", or with an offset).
     *
     * @throws DateTimeException when {@code text} is not an instant
     */
    static LocalDate utcDate(String text) {
        return Instant.parse(text).atOffset(ZoneOffset.UTC).toLocalDate();
    }

    private static boolean startsTimeOrZone(char c) {
        return c == 'T' || c == 't' || c == ' ' || c == 'Z' || c == '+' || c == '-';
    }

    private static int digits(String text, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                throw notADate(text);
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static DateTimeException notADate(String text) {
        return new DateTimeException("date " + Snippets.quoted(text) + " is not yyyy-MM-dd");
    }
}
