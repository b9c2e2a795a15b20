package dev.settle.store;

import dev.settle.ledger.AccountRecord;
import dev.settle.ledger.Balances;
import dev.settle.ledger.BatchChanges;
import dev.settle.ledger.CreateTransactionResult;
import dev.settle.ledger.CreateTransferResult;
import dev.settle.ledger.EntryDirection;
import dev.settle.ledger.KnownTransactionId;
import dev.settle.ledger.KnownTransferId;
import dev.settle.ledger.TransactionEntry;
import dev.settle.ledger.TransactionRecord;
import dev.settle.ledger.TransferRecord;
import dev.settle.ledger.TransferStatus;
import dev.settle.ledger.UInt128;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The binary layouts of stored values (big-endian; "?" marks a field present only when its
 * presence bit is set). Result codes and statuses are stored as stable names or explicit numbers,
 * never as enum ordinals, so reordering an enum cannot change what a stored byte means.
 *
 * <pre>
 * account (accounts)   version:1 ledger:8 code:2 flags_at_creation:2 ud128:16 ud64:8 ud32:4 timestamp:8 metadata
 * balances             flags:2 last_transfer:8 widths:1 debits_pending? debits_posted? credits_pending? credits_posted?
 *                      (widths: 2 bits per balance, in that order from the top: 0 zero, 1 low 8 bytes, 2 16 bytes)
 * transfer             version:1 flags:2 presence:1 code:2 ledger:8 id:16 debit:16 credit:16 amount_low:8
 *                      previous_debit:8 previous_credit:8
 *                      amount_high:8? pending_id:16? ud128:16? ud64:8? ud32:4? timeout:4? metadata?
 *                      (previous_debit/credit: the timestamp of each account's transfer before this one, 0: none)
 * transfer id          1 timestamp:8 status:1          (a created transfer)
 *                      2 timestamp:8 length:1 code     (a transient failure, code in ASCII)
 * transaction          1 timestamp:8 code:2 legs:2 count:2 (account:16 direction:1 amount_width:1 amount)* metadata
 *                      2 timestamp:8 length:1 code
 * journal              count:4 (account_id:16 balances)*
 * position             engine_sequence:8 last_timestamp:8 checkpoint_sequence:8
 * metadata             length:2 bytes
 * </pre>
 */
public final class RecordCodec {
    static final int VERSION = 1;
    static final int KIND_CREATED = 1;
    static final int KIND_FAILED = 2;

    private static final int HAS_AMOUNT_HIGH = 1;
    private static final int HAS_PENDING_ID = 1 << 1;
    private static final int HAS_USER_DATA_128 = 1 << 2;
    private static final int HAS_USER_DATA_64 = 1 << 3;
    private static final int HAS_USER_DATA_32 = 1 << 4;
    private static final int HAS_TIMEOUT = 1 << 5;
    private static final int HAS_METADATA = 1 << 6;

    private static final Map<String, CreateTransferResult> TRANSFER_RESULTS = new HashMap<>();
    private static final Map<String, CreateTransactionResult> TRANSACTION_RESULTS = new HashMap<>();

    static {
        for (CreateTransferResult r : CreateTransferResult.values()) {
            TRANSFER_RESULTS.put(r.code(), r);
        }
        for (CreateTransactionResult r : CreateTransactionResult.values()) {
            TRANSACTION_RESULTS.put(r.code(), r);
        }
    }

    private RecordCodec() {}

    // ---- Statuses: explicit numbers ----

    static int statusByte(TransferStatus status) {
        return switch (status) {
            case POSTED -> 1;
            case PENDING -> 2;
            case VOIDED -> 3;
            case EXPIRED -> 4;
        };
    }

    static TransferStatus statusOf(int value) {
        return switch (value) {
            case 1 -> TransferStatus.POSTED;
            case 2 -> TransferStatus.PENDING;
            case 3 -> TransferStatus.VOIDED;
            case 4 -> TransferStatus.EXPIRED;
            default -> throw new CorruptStoreException("unknown transfer status byte " + value);
        };
    }

    // ---- Accounts and balances ----

    public static void encodeAccount(BatchChanges.Accounts table, int slot, int creationFlags, byte[] metadata, ByteSink out) {
        out.putByte(VERSION);
        out.putLong(table.ledger(slot));
        out.putShort(table.code(slot));
        out.putShort(creationFlags);
        out.putLong(table.userData128High(slot));
        out.putLong(table.userData128Low(slot));
        out.putLong(table.userData64(slot));
        out.putInt(table.userData32(slot));
        out.putLong(table.timestamp(slot));
        putMetadata(metadata, out);
    }

    public static void encodeBalances(int flags, long lastTransfer, long[] balances, int offset, ByteSink out) {
        out.putShort(flags);
        out.putLong(lastTransfer);
        int widths = 0;
        for (int field = 0; field < 4; field++) {
            widths = (widths << 2) | width(balances[offset + 2 * field], balances[offset + 2 * field + 1]);
        }
        out.putByte(widths);
        for (int field = 0; field < 4; field++) {
            putWidthCoded(balances[offset + 2 * field], balances[offset + 2 * field + 1], out);
        }
    }

    /** Writes a 128-bit value in as few of 0, 8 or 16 bytes as it needs (its width is written apart). */
    private static void putWidthCoded(long high, long low, ByteSink out) {
        int width = width(high, low);
        if (width == 2) {
            out.putLong(high);
        }
        if (width >= 1) {
            out.putLong(low);
        }
    }

    /** Reads a value written by {@link #putWidthCoded} into {@code into[index..index+1]}; returns the next offset. */
    private static int getWidthCoded(byte[] v, int at, int width, long[] into, int index) {
        if (width < 0 || width > 2) {
            throw new CorruptStoreException("value width " + width + " is not defined");
        }
        into[index] = width == 2 ? Bytes.getLong(v, at) : 0;
        int next = width == 2 ? at + 8 : at;
        into[index + 1] = width >= 1 ? Bytes.getLong(v, next) : 0;
        return width >= 1 ? next + 8 : next;
    }

    private static int width(long high, long low) {
        return high != 0 ? 2 : low != 0 ? 1 : 0;
    }

    /** Decodes balances into {@code into[0..8)} (the BatchChanges.Accounts layout); returns the flags. */
    public static int decodeBalances(byte[] value, long[] into) {
        return decodeBalances(value, 0, into);
    }

    /** As {@link #decodeBalances(byte[], long[])}, for a record starting at {@code offset}. */
    public static int decodeBalances(byte[] value, int offset, long[] into) {
        int flags = Bytes.getShort(value, offset);
        int widths = value[offset + 10] & 0xFF;
        int at = offset + 11;
        for (int field = 0; field < 4; field++) {
            at = getWidthCoded(value, at, (widths >>> (6 - 2 * field)) & 3, into, 2 * field);
        }
        return flags;
    }

    /** The timestamp of the account's newest transfer, from its balances record. */
    public static long lastTransfer(byte[] balances) {
        return lastTransfer(balances, 0);
    }

    public static long lastTransfer(byte[] balances, int offset) {
        return Bytes.getLong(balances, offset + 2);
    }

    /** An account without any balances record yet: created with these flags, nothing moved. */
    public static byte[] initialBalances(int creationFlags) {
        ByteSink out = new ByteSink(16);
        encodeBalances(creationFlags, 0, new long[8], 0, out);
        return out.toArray();
    }

    public static AccountRecord decodeAccount(byte[] key, byte[] account, byte[] balances) {
        if (account[0] != VERSION) {
            throw new CorruptStoreException("unknown account record version " + account[0]);
        }
        long[] b = new long[8];
        int flags = decodeBalances(balances, b);
        return new AccountRecord(idFromKey(key, StoreLayout.LEDGER_BYTES), Bytes.getLong(account, 1),
                Bytes.getShort(account, 9), flags, new UInt128(Bytes.getLong(account, 13), Bytes.getLong(account, 21)),
                Bytes.getLong(account, 29), Bytes.getInt(account, 37), Bytes.getLong(account, 41),
                new UInt128(b[0], b[1]), new UInt128(b[2], b[3]), new UInt128(b[4], b[5]), new UInt128(b[6], b[7]),
                lastTransfer(balances), accountMetadata(account));
    }

    /** Where an account record's metadata starts: after the fixed fields decodeAccount reads. */
    private static final int ACCOUNT_METADATA_OFFSET = 49;

    /** The metadata of an account record (null: none). */
    public static byte[] accountMetadata(byte[] account) {
        return getMetadata(account, ACCOUNT_METADATA_OFFSET);
    }

    /** The flags an account record says it was created with. */
    public static int creationFlags(byte[] account) {
        return Bytes.getShort(account, 11);
    }

    public static Balances decodeHistory(long timestamp, byte[] value) {
        long[] b = new long[8];
        decodeBalances(value, b);
        return new Balances(timestamp, new UInt128(b[0], b[1]), new UInt128(b[2], b[3]), new UInt128(b[4], b[5]),
                new UInt128(b[6], b[7]));
    }

    // ---- Transfers ----

    public static void encodeTransfer(BatchChanges.Transfers log, int i, ByteSink out) {
        int presence = presence(log, i);
        out.putByte(VERSION);
        out.putShort(log.flags(i));
        out.putByte(presence);
        out.putShort(log.code(i));
        out.putLong(log.ledger(i));
        out.putLong(log.idHigh(i));
        out.putLong(log.idLow(i));
        out.putLong(log.debitHigh(i));
        out.putLong(log.debitLow(i));
        out.putLong(log.creditHigh(i));
        out.putLong(log.creditLow(i));
        out.putLong(log.amountLow(i));
        out.putLong(log.previousDebitTimestamp(i));
        out.putLong(log.previousCreditTimestamp(i));
        if ((presence & HAS_AMOUNT_HIGH) != 0) {
            out.putLong(log.amountHigh(i));
        }
        if ((presence & HAS_PENDING_ID) != 0) {
            out.putLong(log.pendingHigh(i));
            out.putLong(log.pendingLow(i));
        }
        if ((presence & HAS_USER_DATA_128) != 0) {
            out.putLong(log.userData128High(i));
            out.putLong(log.userData128Low(i));
        }
        if ((presence & HAS_USER_DATA_64) != 0) {
            out.putLong(log.userData64(i));
        }
        if ((presence & HAS_USER_DATA_32) != 0) {
            out.putInt(log.userData32(i));
        }
        if ((presence & HAS_TIMEOUT) != 0) {
            out.putInt((int) log.timeoutSeconds(i));
        }
        if ((presence & HAS_METADATA) != 0) {
            putMetadata(log.metadata(i), out);
        }
    }

    private static int presence(BatchChanges.Transfers log, int i) {
        int presence = 0;
        presence |= log.amountHigh(i) != 0 ? HAS_AMOUNT_HIGH : 0;
        presence |= log.pendingHigh(i) != 0 || log.pendingLow(i) != 0 ? HAS_PENDING_ID : 0;
        presence |= log.userData128High(i) != 0 || log.userData128Low(i) != 0 ? HAS_USER_DATA_128 : 0;
        presence |= log.userData64(i) != 0 ? HAS_USER_DATA_64 : 0;
        presence |= log.userData32(i) != 0 ? HAS_USER_DATA_32 : 0;
        presence |= log.timeoutSeconds(i) != 0 ? HAS_TIMEOUT : 0;
        presence |= log.metadata(i) != null && log.metadata(i).length > 0 ? HAS_METADATA : 0;
        return presence;
    }

    /** Decodes a transfer record that starts at {@code offset} of {@code v}. */
    public static TransferRecord decodeTransfer(long timestamp, byte[] v, int offset, TransferStatus status) {
        if (v[offset] != VERSION) {
            throw new CorruptStoreException("unknown transfer record version " + v[offset]);
        }
        int flags = Bytes.getShort(v, offset + 1);
        int presence = v[offset + 3] & 0xFF;
        int code = Bytes.getShort(v, offset + 4);
        long ledger = Bytes.getLong(v, offset + 6);
        UInt128 id = new UInt128(Bytes.getLong(v, offset + 14), Bytes.getLong(v, offset + 22));
        UInt128 debit = new UInt128(Bytes.getLong(v, offset + 30), Bytes.getLong(v, offset + 38));
        UInt128 credit = new UInt128(Bytes.getLong(v, offset + 46), Bytes.getLong(v, offset + 54));
        long amountLow = Bytes.getLong(v, offset + 62);
        long previousDebit = Bytes.getLong(v, offset + 70);
        long previousCredit = Bytes.getLong(v, offset + 78);
        int at = offset + 86;
        long amountHigh = 0;
        if ((presence & HAS_AMOUNT_HIGH) != 0) {
            amountHigh = Bytes.getLong(v, at);
            at += 8;
        }
        UInt128 pending = UInt128.ZERO;
        if ((presence & HAS_PENDING_ID) != 0) {
            pending = new UInt128(Bytes.getLong(v, at), Bytes.getLong(v, at + 8));
            at += 16;
        }
        UInt128 data128 = UInt128.ZERO;
        if ((presence & HAS_USER_DATA_128) != 0) {
            data128 = new UInt128(Bytes.getLong(v, at), Bytes.getLong(v, at + 8));
            at += 16;
        }
        long data64 = 0;
        if ((presence & HAS_USER_DATA_64) != 0) {
            data64 = Bytes.getLong(v, at);
            at += 8;
        }
        int data32 = 0;
        if ((presence & HAS_USER_DATA_32) != 0) {
            data32 = Bytes.getInt(v, at);
            at += 4;
        }
        long timeout = 0;
        if ((presence & HAS_TIMEOUT) != 0) {
            timeout = Integer.toUnsignedLong(Bytes.getInt(v, at));
            at += 4;
        }
        byte[] metadata = (presence & HAS_METADATA) != 0 ? getMetadata(v, at) : null;
        return new TransferRecord(id, debit, credit, new UInt128(amountHigh, amountLow), pending, data128, data64,
                data32, timeout, ledger, code, flags, timestamp, status, previousDebit, previousCredit, metadata);
    }

    public static void encodeCreatedId(long timestamp, TransferStatus status, ByteSink out) {
        out.putByte(KIND_CREATED);
        out.putLong(timestamp);
        out.putByte(statusByte(status));
    }

    public static void encodeFailedId(long timestamp, String resultCode, ByteSink out) {
        byte[] ascii = resultCode.getBytes(StandardCharsets.US_ASCII);
        out.putByte(KIND_FAILED);
        out.putLong(timestamp);
        out.putByte(ascii.length);
        out.putBytes(ascii);
    }

    public static boolean isCreated(byte[] idValue) {
        return idValue[0] == KIND_CREATED;
    }

    public static long idTimestamp(byte[] idValue) {
        return Bytes.getLong(idValue, 1);
    }

    public static TransferStatus idStatus(byte[] idValue) {
        return statusOf(idValue[9] & 0xFF);
    }

    public static KnownTransferId.Failed decodeFailedTransfer(byte[] idValue) {
        CreateTransferResult result = TRANSFER_RESULTS.get(failedCode(idValue));
        if (result == null) {
            throw new CorruptStoreException("unknown transfer result code " + failedCode(idValue));
        }
        return new KnownTransferId.Failed(result, idTimestamp(idValue));
    }

    private static String failedCode(byte[] idValue) {
        if (idValue[0] != KIND_FAILED) {
            throw new CorruptStoreException("not a failed id record");
        }
        return new String(idValue, 10, idValue[9] & 0xFF, StandardCharsets.US_ASCII);
    }

    // ---- Transactions ----

    public static void encodeTransaction(TransactionRecord t, ByteSink out) {
        out.putByte(KIND_CREATED);
        out.putLong(t.timestamp());
        out.putShort(t.code());
        out.putShort(t.legCount());
        out.putShort(t.entries().size());
        for (TransactionEntry e : t.entries()) {
            out.putLong(e.accountId().high());
            out.putLong(e.accountId().low());
            out.putByte(e.direction() == EntryDirection.DEBIT ? 1 : 2);
            out.putByte(width(e.amount().high(), e.amount().low()));
            putWidthCoded(e.amount().high(), e.amount().low(), out);
        }
        putMetadata(t.metadata(), out);
    }

    public static KnownTransactionId decodeTransaction(UInt128 id, byte[] v) {
        if (v[0] == KIND_FAILED) {
            String code = new String(v, 10, v[9] & 0xFF, StandardCharsets.US_ASCII);
            CreateTransactionResult result = TRANSACTION_RESULTS.get(code);
            if (result == null) {
                throw new CorruptStoreException("unknown transaction result code " + code);
            }
            return new KnownTransactionId.Failed(result, Bytes.getLong(v, 1));
        }
        long timestamp = Bytes.getLong(v, 1);
        int code = Bytes.getShort(v, 9);
        int legs = Bytes.getShort(v, 11);
        int count = Bytes.getShort(v, 13);
        int at = 15;
        List<TransactionEntry> entries = new ArrayList<>(count);
        long[] amount = new long[2];
        for (int k = 0; k < count; k++) {
            UInt128 account = new UInt128(Bytes.getLong(v, at), Bytes.getLong(v, at + 8));
            EntryDirection direction = v[at + 16] == 1 ? EntryDirection.DEBIT : EntryDirection.CREDIT;
            at = getWidthCoded(v, at + 18, v[at + 17], amount, 0);
            entries.add(new TransactionEntry(account, direction, new UInt128(amount[0], amount[1])));
        }
        return new TransactionRecord(id, code, entries, getMetadata(v, at), timestamp, legs);
    }

    // ---- Position ----

    /** Where a ledger stands: its last batch, its clock, and the batch of its last balance checkpoint. */
    public record Position(long sequence, long lastTimestamp, long checkpointSequence) {
        public static final Position INITIAL = new Position(0, 0, 0);
    }

    public static byte[] encodePosition(Position position) {
        byte[] value = new byte[24];
        Bytes.putLong(value, 0, position.sequence());
        Bytes.putLong(value, 8, position.lastTimestamp());
        Bytes.putLong(value, 16, position.checkpointSequence());
        return value;
    }

    public static Position decodePosition(byte[] value) {
        if (value == null) {
            return Position.INITIAL;
        }
        if (value.length != 24) {
            throw new CorruptStoreException("position record of " + value.length + " bytes");
        }
        return new Position(Bytes.getLong(value, 0), Bytes.getLong(value, 8), Bytes.getLong(value, 16));
    }

    /** Receives the entries of a balance journal record: the account and its encoded balances. */
    @FunctionalInterface
    public interface JournalEntryVisitor {
        void visit(UInt128 account, byte[] record, int balancesOffset);
    }

    /** Calls {@code visitor} for each entry of a journal record, in order. */
    public static void forEachJournalEntry(byte[] record, JournalEntryVisitor visitor) {
        int count = Bytes.getInt(record, 0);
        int at = 4;
        for (int k = 0; k < count; k++) {
            UInt128 account = idFromKey(record, at);
            visitor.visit(account, record, at + 16);
            at += 16 + balancesLength(record, at + 16);
        }
        if (at != record.length) {
            throw new CorruptStoreException("balance journal record has " + (record.length - at) + " stray bytes");
        }
    }

    /** The length of an encoded balances record starting at {@code offset}. */
    static int balancesLength(byte[] value, int offset) {
        int widths = value[offset + 10] & 0xFF;
        int length = 11;
        for (int field = 0; field < 4; field++) {
            int width = (widths >>> (6 - 2 * field)) & 3;
            length += width == 2 ? 16 : width == 1 ? 8 : 0;
        }
        return length;
    }

    // ---- Shared ----

    static UInt128 idFromKey(byte[] key, int at) {
        return new UInt128(Bytes.getLong(key, at), Bytes.getLong(key, at + 8));
    }

    private static void putMetadata(byte[] metadata, ByteSink out) {
        int length = metadata == null ? 0 : metadata.length;
        out.putShort(length);
        if (length > 0) {
            out.putBytes(metadata);
        }
    }

    private static byte[] getMetadata(byte[] v, int at) {
        int length = Bytes.getShort(v, at);
        if (length == 0) {
            return null;
        }
        if (at + 2 + length > v.length) {
            throw new CorruptStoreException("metadata runs past the end of its record");
        }
        byte[] metadata = new byte[length];
        System.arraycopy(v, at + 2, metadata, 0, length);
        return metadata;
    }

}
