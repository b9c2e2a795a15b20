package dev.settle.reconciliation.statement;

import java.time.LocalDate;

/**
 * One booked line of a statement, as parsed.
 *
 * @param lineNumber 1-based line of the file where the line starts (CSV: the physical line of the
 *        record's first character; camt: the line of the {@code <Ntry>} start tag)
 * @param date the booking date
 * @param amount signed, in the currency's minor units: positive for money in (a credit to the
 *        account), negative for money out (a debit)
 * @param fee at least 0, in minor units; 0 unless the format carries a fee (settlement report)
 * @param currency ISO 4217 code, upper case
 * @param reference "" when none
 * @param description "" when none
 * @param entryId the statement's own unique id for the line, "" when none
 * @param raw the line's raw form (CSV: the record's text without its line end; camt: the
 *        {@code <Ntry>} element re-serialised as XML text)
 */
public record StatementLine(
        int lineNumber,
        LocalDate date,
        long amount,
        long fee,
        String currency,
        String reference,
        String description,
        String entryId,
        String raw) {}
