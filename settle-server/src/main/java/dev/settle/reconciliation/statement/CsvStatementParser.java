package dev.settle.reconciliation.statement;

import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/**
 * A bank's CSV export read through a {@link CsvMapping}: UTF-8, RFC 4180 quoting, one
 * {@link StatementLine} per non-blank record after the header (see {@link CsvRecordReader} for
 * what is accepted, {@link CsvRowMapper} for how values are read). Streams: memory holds one
 * record at a time.
 */
public final class CsvStatementParser implements StatementParser {
    private final CsvMapping mapping;
    private final DateColumnParser dates;

    public CsvStatementParser(CsvMapping mapping) {
        this.mapping = Objects.requireNonNull(mapping, "mapping");
        this.dates = DateColumnParser.forPattern(mapping.dateFormat());
    }

    @Override
    public void parse(InputStream in, LineSink sink) throws StatementFormatException, IOException {
        CsvRecordReader records = new CsvRecordReader(in, mapping.delimiter());
        CsvColumns columns;
        if (mapping.header()) {
            if (!records.next()) {
                throw new StatementFormatException(StatementFormatException.STATEMENT_MALFORMED, 0,
                        "the statement is empty: no header row");
            }
            columns = CsvColumns.fromHeader(mapping, records);
        } else {
            columns = CsvColumns.fromIndexes(mapping);
        }
        CsvRowMapper rows = new CsvRowMapper(mapping, columns, dates);
        while (records.next()) {
            sink.accept(rows.map(records));
        }
    }
}
