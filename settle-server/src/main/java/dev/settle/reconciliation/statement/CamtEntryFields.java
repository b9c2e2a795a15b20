package dev.settle.reconciliation.statement;

import java.time.DateTimeException;
import java.time.LocalDate;

/**
 * The values of one camt.053 {@code <Ntry>} that make a {@link StatementLine}, collected by path
 * relative to the entry ("Amt", "NtryDtls/TxDtls/Refs/EndToEndId"), the first non-empty value of
 * each path winning; then read into a line:
 * <ul>
 *   <li>amount: {@code Amt} (unsigned, in {@code @Ccy}) signed by {@code CdtDbtInd} (CRDT +, DBIT −);
 *   <li>date: {@code BookgDt/Dt}, or {@code BookgDt/DtTm}'s date, else the same of {@code ValDt};
 *   <li>reference: the first of {@code TxDtls/Refs/EndToEndId} (not "NOTPROVIDED"),
 *       {@code TxDtls/RmtInf/Strd/CdtrRefInf/Ref}, {@code TxDtls/RmtInf/Ustrd}, {@code NtryRef};
 *   <li>description: {@code AddtlNtryInf}, else {@code TxDtls/RmtInf/Ustrd};
 *   <li>entryId: the entry's {@code AcctSvcrRef}.
 * </ul>
 * Only booked entries become lines: {@code <Sts>BOOK</Sts>} (.02 to .05) or
 * {@code <Sts><Cd>BOOK</Cd></Sts>} (.06 on).
 */
final class CamtEntryFields {
    static final String BOOKED = "BOOK";
    static final String CREDIT = "CRDT";
    static final String DEBIT = "DBIT";
    static final String NOT_PROVIDED = "NOTPROVIDED";

    private static final char DECIMAL_SEPARATOR = '.';

    private String amount;
    private String currency;
    private String direction;
    private String status;
    private String bookingDate;
    private String bookingDateTime;
    private String valueDate;
    private String valueDateTime;
    private String endToEndId;
    private String creditorReference;
    private String unstructured;
    private String entryReference;
    private String additionalInfo;
    private String accountServicerReference;

    /** Takes the text of the element at {@code path} (relative to the entry), if it is one we read. */
    void offer(String path, String text) {
        switch (path) {
            case "Amt" -> amount = first(amount, text);
            case "CdtDbtInd" -> direction = first(direction, text);
            case "Sts", "Sts/Cd" -> status = first(status, text);
            case "BookgDt/Dt" -> bookingDate = first(bookingDate, text);
            case "BookgDt/DtTm" -> bookingDateTime = first(bookingDateTime, text);
            case "ValDt/Dt" -> valueDate = first(valueDate, text);
            case "ValDt/DtTm" -> valueDateTime = first(valueDateTime, text);
            case "NtryDtls/TxDtls/Refs/EndToEndId" -> {
                if (!NOT_PROVIDED.equals(text)) {
                    endToEndId = first(endToEndId, text);
                }
            }
            case "NtryDtls/TxDtls/RmtInf/Strd/CdtrRefInf/Ref" -> creditorReference = first(creditorReference, text);
            case "NtryDtls/TxDtls/RmtInf/Ustrd" -> unstructured = first(unstructured, text);
            case "NtryRef" -> entryReference = first(entryReference, text);
            case "AddtlNtryInf" -> additionalInfo = first(additionalInfo, text);
            case "AcctSvcrRef" -> accountServicerReference = first(accountServicerReference, text);
            default -> { }
        }
    }

    /** The {@code Ccy} attribute of {@code Amt}. */
    void currency(String code) {
        if (currency == null) {
            currency = code;
        }
    }

    /**
     * @throws StatementFormatException {@code statement_malformed} for an entry without a status
     */
    boolean booked(int line) throws StatementFormatException {
        if (status == null) {
            throw new StatementFormatException(StatementFormatException.STATEMENT_MALFORMED, line, "an entry without Sts");
        }
        return status.equals(BOOKED);
    }

    StatementLine toLine(int line, String raw) throws StatementFormatException {
        int fractionDigits = fractionDigits(line);
        long magnitude = magnitude(fractionDigits, line);
        long amount = signed(magnitude, line);
        LocalDate date = date(line);
        String reference = firstOf(endToEndId, creditorReference, unstructured, entryReference);
        String description = firstOf(additionalInfo, unstructured);
        return new StatementLine(line, date, amount, 0, currency, reference, description,
                firstOf(accountServicerReference), raw);
    }

    private int fractionDigits(int line) throws StatementFormatException {
        if (currency == null) {
            throw new StatementFormatException(StatementFormatException.CURRENCY_INVALID, line, "an Amt without Ccy");
        }
        try {
            return MinorUnits.fractionDigits(currency);
        } catch (IllegalArgumentException e) {
            throw new StatementFormatException(StatementFormatException.CURRENCY_INVALID, line,
                    "currency " + Snippets.quoted(currency) + " is not an ISO 4217 code");
        }
    }

    private long magnitude(int fractionDigits, int line) throws StatementFormatException {
        if (amount == null) {
            throw new StatementFormatException(StatementFormatException.AMOUNT_INVALID, line, "an entry without Amt");
        }
        if (amount.charAt(0) < '0' || amount.charAt(0) > '9') {
            throw new StatementFormatException(StatementFormatException.AMOUNT_INVALID, line, "amount "
                    + Snippets.quoted(amount) + " is signed; camt amounts are unsigned, CdtDbtInd gives the direction");
        }
        try {
            return MinorUnits.parse(amount, fractionDigits, DECIMAL_SEPARATOR, MinorUnits.NO_SEPARATOR);
        } catch (NumberFormatException e) {
            throw new StatementFormatException(StatementFormatException.AMOUNT_INVALID, line,
                    e.getMessage() + " for " + currency);
        }
    }

    private long signed(long magnitude, int line) throws StatementFormatException {
        if (CREDIT.equals(direction)) {
            return magnitude;
        }
        if (DEBIT.equals(direction)) {
            return -magnitude;
        }
        throw new StatementFormatException(StatementFormatException.DIRECTION_INVALID, line,
                "CdtDbtInd " + (direction == null ? "is missing" : Snippets.quoted(direction) + " is neither CRDT nor DBIT"));
    }

    private LocalDate date(int line) throws StatementFormatException {
        String text = firstOf(bookingDate, bookingDateTime, valueDate, valueDateTime);
        if (text.isEmpty()) {
            throw new StatementFormatException(StatementFormatException.DATE_INVALID, line,
                    "an entry with neither BookgDt nor ValDt");
        }
        try {
            return IsoDates.datePrefix(text);
        } catch (DateTimeException e) {
            throw new StatementFormatException(StatementFormatException.DATE_INVALID, line,
                    "date " + Snippets.quoted(text) + " is not an ISO date");
        }
    }

    private static String first(String current, String text) {
        return current != null || text.isEmpty() ? current : text;
    }

    private static String firstOf(String... values) {
        for (String value : values) {
            if (value != null) {
                return value;
            }
        }
        return "";
    }
}
