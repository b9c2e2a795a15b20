package dev.settle.reconciliation.statement;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * The card processor's daily settlement CSV, as the processor simulator writes it
 * ({@code dev.settle.processorsim.SettlementReport}): the header {@value #HEADER}, then one row
 * per capture ({@code charge}), per refund ({@code refund}) and per currency's payout
 * ({@code payout}). Amounts are integers of minor units already. Rows become lines as
 * {@link SettlementRowMapper} says. Reads its CSV with the same {@link CsvRecordReader} as
 * {@link CsvStatementParser}.
 */
public final class SettlementReportParser implements StatementParser {
    public static final String HEADER = "type,id,charge,reference,amount,fee,net,currency,created_at";

    private static final char DELIMITER = ',';
    private static final List<String> HEADER_FIELDS = List.of(HEADER.split(String.valueOf(DELIMITER)));

    @Override
    public void parse(InputStream in, LineSink sink) throws StatementFormatException, IOException {
        CsvRecordReader records = new CsvRecordReader(in, DELIMITER);
        if (!records.next()) {
            throw new StatementFormatException(StatementFormatException.STATEMENT_MALFORMED, 0,
                    "the settlement report is empty: no header row");
        }
        checkHeader(records);
        SettlementRowMapper rows = new SettlementRowMapper();
        while (records.next()) {
            sink.accept(rows.map(records));
        }
    }

    private static void checkHeader(CsvRecordReader header) throws StatementFormatException {
        boolean same = header.fieldCount() == HEADER_FIELDS.size();
        for (int i = 0; same && i < HEADER_FIELDS.size(); i++) {
            same = header.field(i).equals(HEADER_FIELDS.get(i));
        }
        if (!same) {
            throw new StatementFormatException(StatementFormatException.STATEMENT_MALFORMED, header.lineNumber(),
                    "a settlement report starts with the header " + HEADER + ", not " + Snippets.quoted(header.raw()));
        }
    }

    /** The number of fields of every row. */
    static int fieldCount() {
        return HEADER_FIELDS.size();
    }
}
