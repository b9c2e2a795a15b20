package dev.settle.reconciliation.statement;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoField;
import java.util.Locale;

/**
 * A CSV date column's text to a {@link LocalDate}, by the mapping's {@code java.time} pattern.
 * The default pattern, {@value #ISO_PATTERN}, is read by {@link IsoDates#datePrefix} (fast, and
 * it also takes the date part of a date-time such as "2026-12-05T10:00:00Z"); any other pattern
 * goes through a strict formatter, so "2026-02-30" is an error and not the 28th.
 */
final class DateColumnParser {
    static final String ISO_PATTERN = "yyyy-MM-dd";

    /** Null for the ISO pattern. */
    private final DateTimeFormatter formatter;

    private DateColumnParser(DateTimeFormatter formatter) {
        this.formatter = formatter;
    }

    /**
     * @throws IllegalArgumentException when {@code pattern} is not a valid {@code java.time} pattern
     */
    static DateColumnParser forPattern(String pattern) {
        if (pattern.equals(ISO_PATTERN)) {
            return new DateColumnParser(null);
        }
        // STRICT resolution needs an era for 'yyyy' (year of era); every statement date is AD.
        DateTimeFormatter formatter = new DateTimeFormatterBuilder()
                .parseCaseInsensitive()
                .appendPattern(pattern)
                .parseDefaulting(ChronoField.ERA, 1)
                .toFormatter(Locale.ROOT)
                .withResolverStyle(ResolverStyle.STRICT);
        return new DateColumnParser(formatter);
    }

    /**
     * @throws DateTimeException when {@code text} is not a date in the pattern
     */
    LocalDate parse(String text) {
        if (formatter == null) {
            return IsoDates.datePrefix(text);
        }
        return formatter.parse(text, LocalDate::from);
    }
}
