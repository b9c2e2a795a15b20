package dev.settle.reconciliation.statement;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.Locale;
import java.util.Set;

/**
 * One CSV record to a {@link StatementLine}, through a mapping's resolved columns: the date by
 * the mapping's pattern, the amount from a signed column, an unsigned column and a direction
 * column, or a debit and a credit column, and the currency from its column or the default.
 * Holds the last currency looked up, so one instance serves one parse.
 */
final class CsvRowMapper {
    private final CsvMapping mapping;
    private final CsvColumns columns;
    private final DateColumnParser dates;
    private final char thousandsSeparator;

    private String lastCurrency = "";
    private int lastFractionDigits;

    CsvRowMapper(CsvMapping mapping, CsvColumns columns, DateColumnParser dates) {
        this.mapping = mapping;
        this.columns = columns;
        this.dates = dates;
        this.thousandsSeparator = mapping.thousandsSeparator() == null
                ? MinorUnits.NO_SEPARATOR
                : mapping.thousandsSeparator();
    }

    /** The line of the record {@code record} is on. */
    StatementLine map(CsvRecordReader record) throws StatementFormatException {
        int line = record.lineNumber();
        if (record.fieldCount() < columns.fieldsNeeded()) {
            throw new StatementFormatException(StatementFormatException.COLUMN_MISSING, line, "a row of "
                    + record.fieldCount() + " fields; the mapping reads up to field " + columns.fieldsNeeded());
        }
        String currency = currency(record, line);
        int fractionDigits = fractionDigits(currency, line);
        LocalDate date = date(record.field(columns.date()), line);
        long amount = columns.amount() != CsvColumns.ABSENT
                ? singleColumnAmount(record, fractionDigits, line)
                : debitCreditAmount(record, fractionDigits, line);
        return new StatementLine(line, date, amount, 0, currency, text(record, columns.reference()),
                text(record, columns.description()), text(record, columns.id()), record.raw());
    }

    private String currency(CsvRecordReader record, int line) throws StatementFormatException {
        if (columns.currency() == CsvColumns.ABSENT) {
            return mapping.defaultCurrency();
        }
        String code = record.field(columns.currency());
        if (code.isEmpty()) {
            throw new StatementFormatException(StatementFormatException.CURRENCY_INVALID, line, "no currency");
        }
        return code.toUpperCase(Locale.ROOT);
    }

    private int fractionDigits(String currency, int line) throws StatementFormatException {
        if (!currency.equals(lastCurrency)) {
            try {
                lastFractionDigits = MinorUnits.fractionDigits(currency);
            } catch (IllegalArgumentException e) {
                throw new StatementFormatException(StatementFormatException.CURRENCY_INVALID, line,
                        "currency " + Snippets.quoted(currency) + " is not an ISO 4217 code");
            }
            lastCurrency = currency;
        }
        return lastFractionDigits;
    }

    private LocalDate date(String text, int line) throws StatementFormatException {
        try {
            return dates.parse(text);
        } catch (DateTimeException e) {
            throw new StatementFormatException(StatementFormatException.DATE_INVALID, line,
                    "date " + Snippets.quoted(text) + " is not a date in the pattern " + mapping.dateFormat());
        }
    }

    private long singleColumnAmount(CsvRecordReader record, int fractionDigits, int line)
            throws StatementFormatException {
        long amount = amount(record.field(columns.amount()), fractionDigits, line);
        if (columns.direction() == CsvColumns.ABSENT) {
            return amount;
        }
        if (amount < 0) {
            throw new StatementFormatException(StatementFormatException.AMOUNT_INVALID, line,
                    "a negative amount in a column whose direction is given by mapping.direction");
        }
        String direction = record.field(columns.direction());
        String value = direction.toLowerCase(Locale.ROOT);
        if (mapping.creditValues().contains(value)) {
            return amount;
        }
        if (mapping.debitValues().contains(value)) {
            return -amount;
        }
        throw new StatementFormatException(StatementFormatException.DIRECTION_INVALID, line, "direction "
                + Snippets.quoted(direction) + " is in neither mapping.credit_values " + sorted(mapping.creditValues())
                + " nor mapping.debit_values " + sorted(mapping.debitValues()));
    }

    /** Credit minus debit, each taken without its sign; exactly one of them may be non-zero. */
    private long debitCreditAmount(CsvRecordReader record, int fractionDigits, int line)
            throws StatementFormatException {
        boolean noDebit = record.isEmpty(columns.debit());
        boolean noCredit = record.isEmpty(columns.credit());
        if (noDebit && noCredit) {
            throw new StatementFormatException(StatementFormatException.AMOUNT_INVALID, line,
                    "neither the debit nor the credit column is filled");
        }
        long debit = noDebit ? 0 : Math.abs(amount(record.field(columns.debit()), fractionDigits, line));
        long credit = noCredit ? 0 : Math.abs(amount(record.field(columns.credit()), fractionDigits, line));
        if (debit != 0 && credit != 0) {
            throw new StatementFormatException(StatementFormatException.AMOUNT_INVALID, line,
                    "both the debit and the credit column hold an amount");
        }
        return credit - debit;
    }

    private long amount(String text, int fractionDigits, int line) throws StatementFormatException {
        try {
            return MinorUnits.parse(text, fractionDigits, mapping.decimalSeparator(), thousandsSeparator);
        } catch (NumberFormatException e) {
            throw new StatementFormatException(StatementFormatException.AMOUNT_INVALID, line, e.getMessage());
        }
    }

    private static String text(CsvRecordReader record, int column) {
        return column == CsvColumns.ABSENT ? "" : record.field(column);
    }

    private static String sorted(Set<String> values) {
        return values.stream().sorted().toList().toString();
    }
}
