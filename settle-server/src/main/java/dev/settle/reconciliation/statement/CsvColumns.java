package dev.settle.reconciliation.statement;

import java.util.ArrayList;
import java.util.List;

/**
 * A {@link CsvMapping}'s columns resolved to 0-based field indexes, against the header row or
 * from the mapping's 1-based indexes; {@link #ABSENT} for a column the mapping does not name.
 *
 * @param fieldsNeeded how many fields a row must have for every mapped column to be in it
 */
record CsvColumns(
        int date, int amount, int debit, int credit, int direction, int currency, int reference,
        int description, int id, int fieldsNeeded) {

    static final int ABSENT = -1;

    /**
     * Resolves the mapping's columns against the header record the reader is on.
     *
     * @throws StatementFormatException {@code column_missing} at the header's line, naming every
     *         mapped column the header lacks
     */
    static CsvColumns fromHeader(CsvMapping mapping, CsvRecordReader header) throws StatementFormatException {
        List<String> names = new ArrayList<>(header.fieldCount());
        for (int i = 0; i < header.fieldCount(); i++) {
            names.add(header.field(i));
        }
        Resolver resolver = new Resolver(names);
        CsvColumns columns = resolve(mapping, resolver);
        if (!resolver.missing.isEmpty()) {
            throw new StatementFormatException(StatementFormatException.COLUMN_MISSING, header.lineNumber(),
                    "the header has no column " + String.join(", ", resolver.missing));
        }
        return columns;
    }

    /** The mapping's columns when there is no header: every column is an index. */
    static CsvColumns fromIndexes(CsvMapping mapping) {
        Resolver resolver = new Resolver(null);
        CsvColumns columns = resolve(mapping, resolver);
        if (!resolver.missing.isEmpty()) {
            throw new IllegalStateException("a mapping without a header named columns " + resolver.missing);
        }
        return columns;
    }

    private static CsvColumns resolve(CsvMapping mapping, Resolver resolver) {
        int date = resolver.index("date", mapping.date());
        int amount = resolver.index("amount", mapping.amount());
        int debit = resolver.index("debit", mapping.debit());
        int credit = resolver.index("credit", mapping.credit());
        int direction = resolver.index("direction", mapping.direction());
        int currency = resolver.index("currency", mapping.currency());
        int reference = resolver.index("reference", mapping.reference());
        int description = resolver.index("description", mapping.description());
        int id = resolver.index("id", mapping.id());
        return new CsvColumns(date, amount, debit, credit, direction, currency, reference, description, id,
                resolver.highestIndex + 1);
    }

    /** Finds columns in the header (null without one) and remembers what it could not find. */
    private static final class Resolver {
        private final List<String> header;
        private final List<String> missing = new ArrayList<>();
        private int highestIndex = ABSENT;

        Resolver(List<String> header) {
            this.header = header;
        }

        int index(String parameter, String column) {
            if (column == null) {
                return ABSENT;
            }
            int index = CsvMapping.isIndex(column) ? Integer.parseInt(column) - 1 : find(column);
            boolean present = index >= 0 && (header == null || index < header.size());
            if (!present) {
                missing.add("mapping." + parameter + " " + Snippets.quoted(column));
                return ABSENT;
            }
            highestIndex = Math.max(highestIndex, index);
            return index;
        }

        private int find(String name) {
            if (header == null) {
                return ABSENT;
            }
            String wanted = name.trim();
            for (int i = 0; i < header.size(); i++) {
                if (header.get(i).equalsIgnoreCase(wanted)) {
                    return i;
                }
            }
            return ABSENT;
        }
    }
}
