package dev.settle.reconciliation.statement;

import java.time.DateTimeException;
import java.time.LocalDate;

/**
 * One settlement report row to a {@link StatementLine}, seen from the processor balance:
 * <ul>
 *   <li>{@code charge}: amount = +amount (gross), fee = fee, reference = the charge id,
 *       description = the merchant's reference, entryId = id;
 *   <li>{@code refund}: amount = the (negative) amount, fee = 0, reference = the refunded charge,
 *       description = the reference, entryId = id;
 *   <li>{@code payout}: amount = −net (the money leaves for the bank), fee = 0, reference and
 *       entryId = the payout id ({@code po_…}).
 * </ul>
 * The date is the UTC date of {@code created_at}. Every row must have {@code net = amount − fee}:
 * a report that does not add up is refused rather than matched.
 */
final class SettlementRowMapper {
    private static final int TYPE = 0;
    private static final int ID = 1;
    private static final int CHARGE = 2;
    private static final int REFERENCE = 3;
    private static final int AMOUNT = 4;
    private static final int FEE = 5;
    private static final int NET = 6;
    private static final int CURRENCY = 7;
    private static final int CREATED_AT = 8;

    StatementLine map(CsvRecordReader row) throws StatementFormatException {
        int line = row.lineNumber();
        checkFieldCount(row, line);
        long amount = integer(row, AMOUNT, line);
        long fee = integer(row, FEE, line);
        long net = integer(row, NET, line);
        checkNet(amount, fee, net, line);
        String currency = currency(row.field(CURRENCY), line);
        LocalDate date = date(row.field(CREATED_AT), line);
        String type = row.field(TYPE);
        String id = row.field(ID);
        return switch (type) {
            case "charge" -> {
                requireSign(amount >= 0, "a charge of negative amount " + amount, line);
                yield new StatementLine(line, date, amount, fee, currency, row.field(CHARGE), row.field(REFERENCE), id, row.raw());
            }
            case "refund" -> {
                requireSign(amount <= 0, "a refund of positive amount " + amount, line);
                yield new StatementLine(line, date, amount, 0, currency, row.field(CHARGE), row.field(REFERENCE), id, row.raw());
            }
            case "payout" -> new StatementLine(line, date, -net, 0, currency, id, row.field(REFERENCE), id, row.raw());
            default -> throw new StatementFormatException(StatementFormatException.STATEMENT_MALFORMED, line,
                    "row type " + Snippets.quoted(type) + " is none of charge, refund, payout");
        };
    }

    /** A fee of at least 0 and {@code net = amount - fee}, exactly, with {@code -net} representable. */
    private static void checkNet(long amount, long fee, long net, int line) throws StatementFormatException {
        if (fee < 0) {
            throw amountInvalid(line, "a negative fee " + fee);
        }
        boolean addsUp;
        try {
            addsUp = Math.subtractExact(amount, fee) == net && net != Long.MIN_VALUE;
        } catch (ArithmeticException e) {
            addsUp = false;
        }
        if (!addsUp) {
            throw amountInvalid(line, "net " + net + " is not amount " + amount + " - fee " + fee);
        }
    }

    private static void checkFieldCount(CsvRecordReader row, int line) throws StatementFormatException {
        int expected = SettlementReportParser.fieldCount();
        if (row.fieldCount() < expected) {
            throw new StatementFormatException(StatementFormatException.COLUMN_MISSING, line,
                    "a row of " + row.fieldCount() + " fields; the settlement report has " + expected);
        }
        if (row.fieldCount() > expected) {
            throw new StatementFormatException(StatementFormatException.STATEMENT_MALFORMED, line,
                    "a row of " + row.fieldCount() + " fields; the settlement report has " + expected);
        }
    }

    private static long integer(CsvRecordReader row, int field, int line) throws StatementFormatException {
        String text = row.field(field);
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw amountInvalid(line, Snippets.quoted(text) + " is not an integer of minor units");
        }
    }

    /** The row's currency, upper-cased: processors write Stripe's lower-case codes ("eur"). */
    private static String currency(String given, int line) throws StatementFormatException {
        String code = given.toUpperCase(java.util.Locale.ROOT);
        try {
            MinorUnits.fractionDigits(code);
            return code;
        } catch (IllegalArgumentException e) {
            throw new StatementFormatException(StatementFormatException.CURRENCY_INVALID, line,
                    "currency " + Snippets.quoted(code) + " is not an ISO 4217 code");
        }
    }

    private static LocalDate date(String createdAt, int line) throws StatementFormatException {
        try {
            return IsoDates.utcDate(createdAt);
        } catch (DateTimeException e) {
            throw new StatementFormatException(StatementFormatException.DATE_INVALID, line,
                    "created_at " + Snippets.quoted(createdAt) + " is not an ISO instant");
        }
    }

    private static void requireSign(boolean valid, String what, int line) throws StatementFormatException {
        if (!valid) {
            throw amountInvalid(line, what);
        }
    }

    private static StatementFormatException amountInvalid(int line, String what) {
        return new StatementFormatException(StatementFormatException.AMOUNT_INVALID, line, what);
    }
}
