package dev.settle.reconciliation;

import dev.settle.common.Ids;
import dev.settle.ledger.UInt128;
import dev.settle.store.Bytes;

/**
 * One line of one statement: the statement's id and the line's index in it (0-based, in file
 * order). Its API id is {@code sl_<statement>_<index>}.
 */
public record LineRef(UInt128 statement, int index) {
    public static final String ID_PREFIX = "sl_";

    public LineRef {
        if (index < 0) {
            throw new IllegalArgumentException("a line index is not negative");
        }
    }

    public String apiId() {
        return ID_PREFIX + Statement.IDS.format(statement).substring(Statement.IDS.prefix().length()) + "_" + index;
    }

    /** The line an API id names, or null when it is not one. */
    public static LineRef parseOrNull(String text) {
        if (text == null || !text.startsWith(ID_PREFIX)) {
            return null;
        }
        int sep = text.lastIndexOf('_');
        if (sep <= ID_PREFIX.length()) {
            return null;
        }
        UInt128 statement = Statement.IDS.parseOrNull(Statement.IDS.prefix() + text.substring(ID_PREFIX.length(), sep));
        try {
            int index = Integer.parseInt(text.substring(sep + 1));
            return statement == null || index < 0 ? null : new LineRef(statement, index);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    void write(byte[] into, int at) {
        Bytes.putLong(into, at, statement.high());
        Bytes.putLong(into, at + 8, statement.low());
        Bytes.putInt(into, at + 16, index);
    }

    byte[] bytes() {
        byte[] b = new byte[ReconKeys.LINE_REF_BYTES];
        write(b, 0);
        return b;
    }

    static LineRef read(byte[] from, int at) {
        return new LineRef(new UInt128(Bytes.getLong(from, at), Bytes.getLong(from, at + 8)), Bytes.getInt(from, at + 16));
    }

    @Override
    public String toString() {
        return Ids.format(statement) + "#" + index;
    }
}
