package dev.settle.reconciliation.statement;

import java.util.Currency;

/**
 * Decimal amount text to a {@code long} of the currency's minor units ("12.50" EUR is 1250,
 * "1.234,56" with a ',' decimal separator is 123456, "500" JPY is 500), exactly and without
 * {@code BigDecimal}: one pass over the characters, with overflow checked per digit.
 *
 * <p>Accepted: an optional leading '-' or '+', or the whole amount in parentheses meaning negative
 * ("(12.50)"); at least one integer digit; the decimal separator followed by at least one digit.
 * More fraction digits than the currency has are accepted only when the extra ones are zeros
 * ("12.500" EUR). A thousands separator is accepted only when one is declared, and only between
 * groups of exactly three digits after a first group of one to three ("1,234,567"). No spaces,
 * no exponent. The magnitude must fit a {@code long}.
 */
public final class MinorUnits {
    /** No currency has more than 4 fraction digits today (CLF, UYW); a bound keeps scaling exact. */
    static final int FRACTION_DIGITS_MAX = 9;
    /** Stands for "no thousands separator declared" in the primitive overload. */
    static final char NO_SEPARATOR = '\0';

    private static final int THOUSANDS_GROUP_DIGITS = 3;
    private static final long MAGNITUDE_BEFORE_LAST_DIGIT_MAX = Long.MAX_VALUE / 10;
    private static final int LAST_DIGIT_MAX = (int) (Long.MAX_VALUE % 10);

    private MinorUnits() {}

    /**
     * The amount in minor units of {@code currency}.
     *
     * @throws NumberFormatException when the text is not a valid amount for that currency
     * @throws IllegalArgumentException (not a {@code NumberFormatException}) when the currency is
     *         not an ISO 4217 code, or the separators are the same character
     */
    public static long parse(String decimalText, String currency, char decimalSeparator,
            Character thousandsSeparatorOrNull) {
        int fractionDigits = fractionDigits(currency);
        char thousands = thousandsSeparatorOrNull == null ? NO_SEPARATOR : thousandsSeparatorOrNull;
        return parse(decimalText, fractionDigits, decimalSeparator, thousands);
    }

    /**
     * The number of fraction digits of an ISO 4217 currency (EUR 2, JPY 0, BHD 3); 0 for the codes
     * that have none defined (XAU, XXX).
     *
     * @throws IllegalArgumentException when {@code currency} is not a known ISO 4217 code
     */
    public static int fractionDigits(String currency) {
        if (currency == null) {
            throw new IllegalArgumentException("no currency");
        }
        int digits = Currency.getInstance(currency).getDefaultFractionDigits();
        return Math.max(digits, 0);
    }

    /**
     * The amount in minor units, for a currency of {@code fractionDigits} digits; {@code thousandsSeparator}
     * is {@link #NO_SEPARATOR} when none is declared.
     *
     * @throws NumberFormatException when the text is not a valid amount
     */
    static long parse(String text, int fractionDigits, char decimalSeparator, char thousandsSeparator) {
        if (fractionDigits < 0 || fractionDigits > FRACTION_DIGITS_MAX) {
            throw new IllegalArgumentException("fraction digits " + fractionDigits + " outside 0.." + FRACTION_DIGITS_MAX);
        }
        if (decimalSeparator == thousandsSeparator) {
            throw new IllegalArgumentException("the decimal and thousands separators are both '" + decimalSeparator + "'");
        }
        int start = 0;
        int end = text.length();
        boolean negative = false;
        if (end > 0) {
            char first = text.charAt(0);
            if (first == '-' || first == '+') {
                negative = first == '-';
                start = 1;
            } else if (first == '(') {
                if (text.charAt(end - 1) != ')') {
                    throw invalid(text, "an opening parenthesis without its closing one");
                }
                negative = true;
                start = 1;
                end--;
            }
        }
        long magnitude = parseMagnitude(text, start, end, fractionDigits, decimalSeparator, thousandsSeparator);
        return negative ? -magnitude : magnitude;
    }

    private static long parseMagnitude(
            String text, int start, int end, int fractionDigits, char decimalSeparator, char thousandsSeparator) {
        long value = 0;
        int integerDigits = 0;
        int groupDigits = 0;
        boolean grouped = false;
        int i = start;
        for (; i < end; i++) {
            char c = text.charAt(i);
            if (c >= '0' && c <= '9') {
                value = appendDigit(value, c, text);
                integerDigits++;
                groupDigits++;
            } else if (c == thousandsSeparator && thousandsSeparator != NO_SEPARATOR) {
                checkGroup(text, grouped, groupDigits);
                grouped = true;
                groupDigits = 0;
            } else {
                break;
            }
        }
        if (integerDigits == 0) {
            throw invalid(text, "no digit before the decimal separator");
        }
        if (grouped && groupDigits != THOUSANDS_GROUP_DIGITS) {
            throw invalid(text, "thousands groups of other than three digits");
        }
        int scale = fractionDigits;
        if (i < end) {
            if (text.charAt(i) != decimalSeparator || i == end - 1) {
                throw invalid(text, "a character that is not a digit or a declared separator");
            }
            for (i++; i < end; i++) {
                char c = text.charAt(i);
                if (c < '0' || c > '9') {
                    throw invalid(text, "a fraction that is not all digits");
                }
                if (scale > 0) {
                    value = appendDigit(value, c, text);
                    scale--;
                } else if (c != '0') {
                    throw invalid(text, "more than " + fractionDigits + " fraction digits");
                }
            }
        }
        for (; scale > 0; scale--) {
            value = appendDigit(value, '0', text);
        }
        return value;
    }

    private static void checkGroup(String text, boolean grouped, int groupDigits) {
        boolean valid = grouped
                ? groupDigits == THOUSANDS_GROUP_DIGITS
                : groupDigits >= 1 && groupDigits <= THOUSANDS_GROUP_DIGITS;
        if (!valid) {
            throw invalid(text, "thousands groups of other than three digits");
        }
    }

    private static long appendDigit(long value, char digit, String text) {
        int d = digit - '0';
        if (value > MAGNITUDE_BEFORE_LAST_DIGIT_MAX
                || (value == MAGNITUDE_BEFORE_LAST_DIGIT_MAX && d > LAST_DIGIT_MAX)) {
            throw invalid(text, "a magnitude too large");
        }
        return value * 10 + d;
    }

    private static NumberFormatException invalid(String text, String why) {
        return new NumberFormatException("amount " + Snippets.quoted(text) + " has " + why);
    }
}
