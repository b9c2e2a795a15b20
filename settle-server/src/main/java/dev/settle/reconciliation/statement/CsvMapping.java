package dev.settle.reconciliation.statement;

import java.util.ArrayList;
import java.util.Currency;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * How to read one bank's CSV export: which column holds what, and how values are written.
 * Build it with {@link #builder()}; every value is checked when it is built, and a bad one is an
 * {@link IllegalArgumentException} whose message names the API parameter ({@code mapping.amount and
 * mapping.debit/credit are exclusive}).
 *
 * <p>A column is given by its header name (matched ignoring case) or by its 1-based index written
 * as digits ("3"); text made only of digits is always an index. Without a header row, every column
 * must be an index.
 *
 * <table>
 *   <caption>Fields and the HTTP parameters they come from ({@code mapping[name]})</caption>
 *   <tr><th>field</th><th>parameter</th><th>meaning</th><th>default</th></tr>
 *   <tr><td>{@code header}</td><td>{@code header}</td><td>the first record names the columns ("true"/"false")</td><td>true</td></tr>
 *   <tr><td>{@code delimiter}</td><td>{@code delimiter}</td><td>the field separator, one character</td><td>','</td></tr>
 *   <tr><td>{@code date}</td><td>{@code date}</td><td>booking date column (required)</td><td></td></tr>
 *   <tr><td>{@code amount}</td><td>{@code amount}</td><td>signed amount column, or unsigned with {@code direction}</td><td></td></tr>
 *   <tr><td>{@code debit}, {@code credit}</td><td>{@code debit}, {@code credit}</td><td>two amount columns, one filled per row
 *       (instead of {@code amount}); a debit is money out</td><td></td></tr>
 *   <tr><td>{@code direction}</td><td>{@code direction}</td><td>with {@code amount}: the column saying which way the money went</td><td></td></tr>
 *   <tr><td>{@code creditValues}</td><td>{@code credit_values}</td><td>direction values meaning money in, comma-separated, any case</td>
 *       <td>CR, CRDT, C, credit, in</td></tr>
 *   <tr><td>{@code debitValues}</td><td>{@code debit_values}</td><td>direction values meaning money out</td><td>DR, DBIT, D, debit, out</td></tr>
 *   <tr><td>{@code currency}</td><td>{@code currency}</td><td>ISO 4217 currency column</td><td></td></tr>
 *   <tr><td>{@code defaultCurrency}</td><td>{@code default_currency}</td><td>the currency of every row (instead of {@code currency})</td><td></td></tr>
 *   <tr><td>{@code reference}</td><td>{@code reference}</td><td>reference column</td><td>none</td></tr>
 *   <tr><td>{@code description}</td><td>{@code description}</td><td>description column</td><td>none</td></tr>
 *   <tr><td>{@code id}</td><td>{@code id}</td><td>the bank's unique id of the line</td><td>none</td></tr>
 *   <tr><td>{@code dateFormat}</td><td>{@code date_format}</td><td>{@code java.time} pattern of the date column; with the
 *       default, a date-time such as "2026-12-05T10:00:00Z" is read as its first 10 characters</td><td>yyyy-MM-dd</td></tr>
 *   <tr><td>{@code decimalSeparator}</td><td>{@code decimal_separator}</td><td>one character</td><td>'.'</td></tr>
 *   <tr><td>{@code thousandsSeparator}</td><td>{@code thousands_separator}</td><td>one character, or none; groups of three only</td><td>none</td></tr>
 * </table>
 *
 * <p>Exactly one of {@code amount} and {@code debit} + {@code credit} is required, and exactly one
 * of {@code currency} and {@code defaultCurrency}. Direction values are kept lower-cased.
 */
public record CsvMapping(
        boolean header,
        char delimiter,
        String date,
        String amount,
        String debit,
        String credit,
        String direction,
        Set<String> creditValues,
        Set<String> debitValues,
        String currency,
        String defaultCurrency,
        String reference,
        String description,
        String id,
        String dateFormat,
        char decimalSeparator,
        Character thousandsSeparator) {

    /** Banks export a few dozen columns; an index beyond this is a typo, not a column. */
    public static final int COLUMN_INDEX_MAX = 1_000;
    public static final int COLUMN_NAME_CHARS_MAX = 256;
    public static final int DIRECTION_VALUES_MAX = 32;
    public static final int DIRECTION_VALUE_CHARS_MAX = 64;
    public static final int DATE_FORMAT_CHARS_MAX = 64;

    public static final char DELIMITER_DEFAULT = ',';
    public static final char DECIMAL_SEPARATOR_DEFAULT = '.';
    public static final String DATE_FORMAT_DEFAULT = DateColumnParser.ISO_PATTERN;
    public static final Set<String> CREDIT_VALUES_DEFAULT = Set.of("cr", "crdt", "c", "credit", "in");
    public static final Set<String> DEBIT_VALUES_DEFAULT = Set.of("dr", "dbit", "d", "debit", "out");

    public CsvMapping {
        checkSeparators(delimiter, decimalSeparator, thousandsSeparator);
        checkColumn("date", date, header);
        if (date == null) {
            throw new IllegalArgumentException("mapping.date is required");
        }
        for (String[] column : new String[][] {{"amount", amount}, {"debit", debit}, {"credit", credit},
                {"direction", direction}, {"currency", currency}, {"reference", reference},
                {"description", description}, {"id", id}}) {
            checkColumn(column[0], column[1], header);
        }
        checkAmountForm(amount, debit, credit, direction);
        defaultCurrency = checkCurrency(currency, defaultCurrency);
        creditValues = directionValues("credit_values", creditValues);
        debitValues = directionValues("debit_values", debitValues);
        for (String value : creditValues) {
            if (debitValues.contains(value)) {
                throw new IllegalArgumentException(
                        "mapping.credit_values and mapping.debit_values share " + Snippets.quoted(value));
            }
        }
        checkDateFormat(dateFormat);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Whether {@code column} is a 1-based index ("3") rather than a header name. */
    static boolean isIndex(String column) {
        for (int i = 0; i < column.length(); i++) {
            char c = column.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return !column.isEmpty();
    }

    private static void checkSeparators(char delimiter, char decimalSeparator, Character thousandsSeparator) {
        if (delimiter == '"' || delimiter == '\r' || delimiter == '\n') {
            throw new IllegalArgumentException("mapping.delimiter cannot be a quote or a line break");
        }
        checkAmountSeparator("decimal_separator", decimalSeparator);
        if (thousandsSeparator != null) {
            checkAmountSeparator("thousands_separator", thousandsSeparator);
            if (thousandsSeparator == decimalSeparator) {
                throw new IllegalArgumentException("mapping.decimal_separator and mapping.thousands_separator must differ");
            }
        }
    }

    private static void checkAmountSeparator(String parameter, char separator) {
        if ((separator >= '0' && separator <= '9') || "-+()\"\r\n".indexOf(separator) >= 0
                || separator == MinorUnits.NO_SEPARATOR) {
            throw new IllegalArgumentException("mapping." + parameter + " cannot be '" + separator + "'");
        }
    }

    private static void checkColumn(String parameter, String column, boolean header) {
        if (column == null) {
            return;
        }
        if (column.isBlank() || column.length() > COLUMN_NAME_CHARS_MAX) {
            throw new IllegalArgumentException(
                    "mapping." + parameter + " must be a column name of 1 to " + COLUMN_NAME_CHARS_MAX + " characters or an index");
        }
        if (isIndex(column)) {
            if (column.length() > 4 || Integer.parseInt(column) < 1 || Integer.parseInt(column) > COLUMN_INDEX_MAX) {
                throw new IllegalArgumentException("mapping." + parameter + " " + Snippets.quoted(column)
                        + " is not a column index from 1 to " + COLUMN_INDEX_MAX);
            }
        } else if (!header) {
            throw new IllegalArgumentException("mapping." + parameter + " " + Snippets.quoted(column)
                    + " must be a 1-based column index when mapping.header is false");
        }
    }

    private static void checkAmountForm(String amount, String debit, String credit, String direction) {
        if (amount != null && (debit != null || credit != null)) {
            throw new IllegalArgumentException("mapping.amount and mapping.debit/credit are exclusive");
        }
        if ((debit == null) != (credit == null)) {
            throw new IllegalArgumentException("mapping.debit and mapping.credit go together");
        }
        if (amount == null && debit == null) {
            throw new IllegalArgumentException("mapping.amount, or mapping.debit and mapping.credit, is required");
        }
        if (direction != null && amount == null) {
            throw new IllegalArgumentException("mapping.direction needs mapping.amount");
        }
    }

    /** The default currency upper-cased, after checking that exactly one currency source is given. */
    private static String checkCurrency(String currency, String defaultCurrency) {
        if (currency != null && defaultCurrency != null) {
            throw new IllegalArgumentException("mapping.currency and mapping.default_currency are exclusive");
        }
        if (currency == null && defaultCurrency == null) {
            throw new IllegalArgumentException("mapping.currency or mapping.default_currency is required");
        }
        if (defaultCurrency == null) {
            return null;
        }
        String code = defaultCurrency.trim().toUpperCase(Locale.ROOT);
        try {
            Currency.getInstance(code);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "mapping.default_currency " + Snippets.quoted(defaultCurrency) + " is not an ISO 4217 currency");
        }
        return code;
    }

    private static Set<String> directionValues(String parameter, Set<String> values) {
        if (values == null || values.isEmpty()) {
            throw new IllegalArgumentException("mapping." + parameter + " needs at least one value");
        }
        if (values.size() > DIRECTION_VALUES_MAX) {
            throw new IllegalArgumentException("mapping." + parameter + " has more than " + DIRECTION_VALUES_MAX + " values");
        }
        Set<String> lowerCased = new LinkedHashSet<>();
        for (String value : values) {
            String v = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
            if (v.isEmpty() || v.length() > DIRECTION_VALUE_CHARS_MAX) {
                throw new IllegalArgumentException(
                        "mapping." + parameter + " values must be 1 to " + DIRECTION_VALUE_CHARS_MAX + " characters");
            }
            lowerCased.add(v);
        }
        return Set.copyOf(lowerCased);
    }

    private static void checkDateFormat(String dateFormat) {
        if (dateFormat == null || dateFormat.isBlank() || dateFormat.length() > DATE_FORMAT_CHARS_MAX) {
            throw new IllegalArgumentException("mapping.date_format must be a java.time pattern of 1 to "
                    + DATE_FORMAT_CHARS_MAX + " characters");
        }
        try {
            DateColumnParser.forPattern(dateFormat);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("mapping.date_format " + Snippets.quoted(dateFormat)
                    + " is not a java.time pattern: " + e.getMessage());
        }
    }

    /** Collects the fields, starting from the defaults; {@link #build()} checks them all together. */
    public static final class Builder {
        private boolean header = true;
        private char delimiter = DELIMITER_DEFAULT;
        private String date;
        private String amount;
        private String debit;
        private String credit;
        private String direction;
        private Set<String> creditValues = CREDIT_VALUES_DEFAULT;
        private Set<String> debitValues = DEBIT_VALUES_DEFAULT;
        private String currency;
        private String defaultCurrency;
        private String reference;
        private String description;
        private String id;
        private String dateFormat = DATE_FORMAT_DEFAULT;
        private char decimalSeparator = DECIMAL_SEPARATOR_DEFAULT;
        private Character thousandsSeparator;

        private Builder() {}

        public Builder header(boolean value) {
            header = value;
            return this;
        }

        public Builder delimiter(char value) {
            delimiter = value;
            return this;
        }

        public Builder date(String column) {
            date = column;
            return this;
        }

        public Builder amount(String column) {
            amount = column;
            return this;
        }

        public Builder debit(String column) {
            debit = column;
            return this;
        }

        public Builder credit(String column) {
            credit = column;
            return this;
        }

        public Builder direction(String column) {
            direction = column;
            return this;
        }

        public Builder creditValues(Set<String> values) {
            creditValues = values;
            return this;
        }

        public Builder debitValues(Set<String> values) {
            debitValues = values;
            return this;
        }

        public Builder currency(String column) {
            currency = column;
            return this;
        }

        public Builder defaultCurrency(String code) {
            defaultCurrency = code;
            return this;
        }

        public Builder reference(String column) {
            reference = column;
            return this;
        }

        public Builder description(String column) {
            description = column;
            return this;
        }

        public Builder id(String column) {
            id = column;
            return this;
        }

        public Builder dateFormat(String pattern) {
            dateFormat = pattern;
            return this;
        }

        public Builder decimalSeparator(char value) {
            decimalSeparator = value;
            return this;
        }

        public Builder thousandsSeparator(Character valueOrNull) {
            thousandsSeparator = valueOrNull;
            return this;
        }

        /**
         * Sets the field behind the API parameter {@code mapping[name]} from its text (see the
         * table above); an empty {@code thousands_separator} means none.
         *
         * @throws IllegalArgumentException for an unknown parameter or a value of the wrong shape
         */
        public Builder parameter(String name, String value) {
            switch (name) {
                case "header" -> header(bool(name, value));
                case "delimiter" -> delimiter(oneChar(name, value));
                case "date" -> date(value);
                case "amount" -> amount(value);
                case "debit" -> debit(value);
                case "credit" -> credit(value);
                case "direction" -> direction(value);
                case "credit_values" -> creditValues(list(value));
                case "debit_values" -> debitValues(list(value));
                case "currency" -> currency(value);
                case "default_currency" -> defaultCurrency(value);
                case "reference" -> reference(value);
                case "description" -> description(value);
                case "id" -> id(value);
                case "date_format" -> dateFormat(value);
                case "decimal_separator" -> decimalSeparator(oneChar(name, value));
                case "thousands_separator" -> thousandsSeparator(value.isEmpty() ? null : oneChar(name, value));
                default -> throw new IllegalArgumentException("mapping." + Snippets.quoted(name) + " is not a mapping parameter");
            }
            return this;
        }

        /** @throws IllegalArgumentException naming the first bad field */
        public CsvMapping build() {
            return new CsvMapping(header, delimiter, date, amount, debit, credit, direction, creditValues,
                    debitValues, currency, defaultCurrency, reference, description, id, dateFormat,
                    decimalSeparator, thousandsSeparator);
        }

        private static boolean bool(String name, String value) {
            return switch (value) {
                case "true" -> true;
                case "false" -> false;
                default -> throw new IllegalArgumentException("mapping." + name + " must be true or false");
            };
        }

        private static char oneChar(String name, String value) {
            if (value.length() != 1) {
                throw new IllegalArgumentException("mapping." + name + " must be one character");
            }
            return value.charAt(0);
        }

        private static Set<String> list(String value) {
            List<String> values = new ArrayList<>();
            for (String part : value.split(",", DIRECTION_VALUES_MAX + 2)) {
                values.add(part.trim());
            }
            return new LinkedHashSet<>(values);
        }
    }
}
