package dev.settle.reconciliation;

import dev.settle.ledger.UInt128;
import dev.settle.store.Bytes;
import dev.settle.store.StoreLayout;

/**
 * Where reconciliation keeps its records, all in the reconciliation column family, each key
 * starting with the tenant's ledger and a kind byte:
 *
 * <pre>
 * [ledger]'S'[statement]              statement
 * [ledger]'C'[account][sha-256]       statement id: a file already imported for the account
 * [ledger]'L'[statement][index:4]     line, with its match or its exception
 * [ledger]'X'[statement][index:4]     present while the line is unmatched (the exceptions queue)
 * [ledger]'T'[transfer timestamp:8]   [statement][index]: the line whose match claims the transfer
 * [ledger]'M'[transfer timestamp:8]   [transfer id][run]: a transfer no statement showed in time
 * [ledger]'E'[expected payment]       expected payment (its match, once matched)
 * [ledger]'R'                         the tenant's rules
 * [ledger]'U'[run]                    run
 * [ledger]'A'[statement][index:4][decision:8]   a person's decision on a match (audit)
 * </pre>
 */
final class ReconKeys {
    static final byte STATEMENT = 'S';
    static final byte CHECKSUM = 'C';
    static final byte LINE = 'L';
    static final byte OPEN = 'X';
    static final byte CLAIM = 'T';
    static final byte MISSING = 'M';
    static final byte EXPECTED = 'E';
    static final byte RULES = 'R';
    static final byte RUN = 'U';
    static final byte DECISION = 'A';
    static final int PREFIX_BYTES = StoreLayout.LEDGER_BYTES + 1;
    static final int LINE_REF_BYTES = 20;

    private ReconKeys() {}

    static byte[] prefix(int ledger, byte kind) {
        byte[] key = new byte[PREFIX_BYTES];
        Bytes.putInt(key, 0, ledger);
        key[StoreLayout.LEDGER_BYTES] = kind;
        return key;
    }

    /** The first key after every key that starts with {@code prefix}. */
    static byte[] after(byte[] prefix) {
        byte[] end = prefix.clone();
        for (int i = end.length - 1; i >= 0; i--) {
            if (++end[i] != 0) {
                return end;
            }
        }
        throw new IllegalArgumentException("no key follows an all-ones prefix");
    }

    static byte[] statement(int ledger, UInt128 id) {
        return withId(prefix(ledger, STATEMENT), id, 0);
    }

    static byte[] expected(int ledger, UInt128 id) {
        return withId(prefix(ledger, EXPECTED), id, 0);
    }

    static byte[] run(int ledger, UInt128 id) {
        return withId(prefix(ledger, RUN), id, 0);
    }

    static byte[] rules(int ledger) {
        return prefix(ledger, RULES);
    }

    static byte[] checksum(int ledger, UInt128 account, byte[] sha256) {
        byte[] key = withId(prefix(ledger, CHECKSUM), account, sha256.length);
        System.arraycopy(sha256, 0, key, PREFIX_BYTES + 16, sha256.length);
        return key;
    }

    static byte[] line(int ledger, LineRef line) {
        return lineKey(ledger, LINE, line);
    }

    /** The prefix of a statement's line keys. */
    static byte[] statementLines(int ledger, UInt128 statement) {
        return withId(prefix(ledger, LINE), statement, 0);
    }

    static byte[] open(int ledger, LineRef line) {
        return lineKey(ledger, OPEN, line);
    }

    static byte[] decision(int ledger, LineRef line, long sequence) {
        byte[] key = java.util.Arrays.copyOf(lineKey(ledger, DECISION, line), PREFIX_BYTES + LINE_REF_BYTES + 8);
        Bytes.putLong(key, PREFIX_BYTES + LINE_REF_BYTES, sequence);
        return key;
    }

    static byte[] claim(int ledger, long transferTimestamp) {
        return timestamped(prefix(ledger, CLAIM), transferTimestamp);
    }

    static byte[] missing(int ledger, long transferTimestamp) {
        return timestamped(prefix(ledger, MISSING), transferTimestamp);
    }

    static long timestampOf(byte[] key) {
        return Bytes.getLong(key, PREFIX_BYTES);
    }

    /** The line a {@code 'L'} or {@code 'X'} key names. */
    static LineRef lineOf(byte[] key) {
        return LineRef.read(key, PREFIX_BYTES);
    }

    private static byte[] lineKey(int ledger, byte kind, LineRef line) {
        byte[] key = java.util.Arrays.copyOf(prefix(ledger, kind), PREFIX_BYTES + LINE_REF_BYTES);
        line.write(key, PREFIX_BYTES);
        return key;
    }

    private static byte[] timestamped(byte[] prefix, long timestamp) {
        byte[] key = java.util.Arrays.copyOf(prefix, PREFIX_BYTES + 8);
        Bytes.putLong(key, PREFIX_BYTES, timestamp);
        return key;
    }

    private static byte[] withId(byte[] prefix, UInt128 id, int extraBytes) {
        byte[] key = java.util.Arrays.copyOf(prefix, PREFIX_BYTES + 16 + extraBytes);
        Bytes.putLong(key, PREFIX_BYTES, id.high());
        Bytes.putLong(key, PREFIX_BYTES + 8, id.low());
        return key;
    }
}
