package dev.settle.pod;

import dev.settle.events.EventType;
import dev.settle.ledger.AccountBatch;
import dev.settle.ledger.EntryDirection;
import dev.settle.ledger.LedgerLimits;
import dev.settle.ledger.NewAccount;
import dev.settle.ledger.NewTransaction;
import dev.settle.ledger.TransactionEntry;
import dev.settle.ledger.TransferBatch;
import dev.settle.ledger.UInt128;
import dev.settle.store.ByteSink;
import dev.settle.store.StoreLayout.ColumnFamily;
import dev.settle.store.outbox.NotedEvent;
import java.util.ArrayList;
import java.util.List;

/**
 * The bodies of the commands in a {@link PodBatchCodec} entry: for each, its exact size, its
 * writer and its reader. Fields that are mostly zero (and metadata) are present only when their
 * bit of a leading presence byte is set, as in the stored transfer record; the bit is set exactly
 * when the field is nonzero (for metadata: not null), and the reader refuses any other form, so
 * each batch has exactly one encoding.
 *
 * <pre>
 * accounts      ledger:4 detail:1 count:2 account*
 * account       presence:1 id:16 ledger:8 code:2 flags:4 user_data_128:16? user_data_64:8? user_data_32:4? metadata?
 * transfers     ledger:4 detail:1 count:2 transfer*
 * transfer      presence:1 id:16 debit:16 credit:16 amount_low:8 ledger:8 code:2 flags:4
 *               amount_high:8? pending_id:16? timeout:4? user_data_128:16? user_data_64:8? user_data_32:4? metadata?
 * transaction   ledger:4 id:16 code:2 count:1 (account:16 direction:1 amount:16)* has_metadata:1 metadata?
 * record change ledger:4 writes:1 (family:1 key_length:2 key value_length:4 value)* noted:1 (type:1 object_id:16)*
 * guarded       ledger:4 expected:1 put* transfers:1 transfer* writes:1 put* noted:1 (type:1 object_id:16 version:8)*
 * guarded records  ledger:4 expected:4 put* writes:4 put* noted:4 (type:1 object_id:16 version:8)*
 * metadata      length:2 bytes
 * </pre>
 * Detail: 1 results, 2 records. Direction: 1 debit, 2 credit. Family: {@link #familyId}, never
 * the enum's ordinal. Event type: {@link EventType#code()}.
 */
final class CommandCodec {
    static final int HAS_AMOUNT_HIGH = 1;
    static final int HAS_PENDING_ID = 1 << 1;
    static final int HAS_TIMEOUT = 1 << 2;
    static final int HAS_USER_DATA_128 = 1 << 3;
    static final int HAS_USER_DATA_64 = 1 << 4;
    static final int HAS_USER_DATA_32 = 1 << 5;
    static final int HAS_METADATA = 1 << 6;
    private static final int ACCOUNT_PRESENCE_BITS = HAS_USER_DATA_128 | HAS_USER_DATA_64 | HAS_USER_DATA_32
            | HAS_METADATA;
    private static final int TRANSFER_PRESENCE_BITS = ACCOUNT_PRESENCE_BITS | HAS_AMOUNT_HIGH | HAS_PENDING_ID
            | HAS_TIMEOUT;

    static final int LEDGER_BYTES = 4;
    /** ledger, detail, count: the header of the accounts and the transfers commands. */
    static final int BATCH_HEADER_BYTES = LEDGER_BYTES + 1 + 2;
    static final int ACCOUNT_FIXED_BYTES = 1 + 16 + 8 + 2 + 4;
    static final int TRANSFER_FIXED_BYTES = 1 + 16 + 16 + 16 + 8 + 8 + 2 + 4;
    static final int TRANSACTION_FIXED_BYTES = LEDGER_BYTES + 16 + 2 + 1 + 1;
    static final int TRANSACTION_ENTRY_BYTES = 16 + 1 + 16;
    static final int PUT_FIXED_BYTES = 1 + 2 + 4;
    static final int NOTED_EVENT_BYTES = 1 + 16;
    static final int VERSIONED_NOTED_EVENT_BYTES = NOTED_EVENT_BYTES + 8;
    static final int GUARDED_CHANGE_FIXED_BYTES = LEDGER_BYTES + 1 + 1 + 1 + 1;
    static final int GUARDED_RECORDS_FIXED_BYTES = LEDGER_BYTES + 4 + 4 + 4;
    static final int RECORD_CHANGE_FIXED_BYTES = LEDGER_BYTES + 1 + 1;
    static final int METADATA_LENGTH_BYTES = 2;
    /** A put's key length is two bytes (keys of the store are tens of bytes). */
    static final int KEY_BYTES_MAX = 0xFFFF;
    /** {@code [ledger:4][count:2]} */
    static final int STORE_CHANGE_FIXED_BYTES = LEDGER_BYTES + 2;
    /** {@code [kind:1][family:1][key length:2][value length:4]} */
    static final int STORE_OP_FIXED_BYTES = 1 + 1 + 2 + 4;
    private static final PodCommand.StoreOp.Kind[] STORE_OP_KINDS = PodCommand.StoreOp.Kind.values();

    private static final int DETAIL_RESULTS = 1;
    private static final int DETAIL_RECORDS = 2;
    private static final int DEBIT = 1;
    private static final int CREDIT = 2;
    /** Indexed by {@link #familyId} (one byte). */
    private static final ColumnFamily[] FAMILIES_BY_ID = new ColumnFamily[0x100];

    static {
        for (ColumnFamily family : ColumnFamily.values()) {
            if (FAMILIES_BY_ID[familyId(family)] != null) {
                throw new ExceptionInInitializerError("two column families share the number " + familyId(family));
            }
            FAMILIES_BY_ID[familyId(family)] = family;
        }
        if (LedgerLimits.TRANSACTION_ENTRIES_MAX > 0xFF || LedgerLimits.METADATA_BYTES_MAX > 0xFFFF
                || LedgerLimits.TRANSFERS_PER_BATCH_MAX > 0xFFFF || LedgerLimits.ACCOUNTS_PER_BATCH_MAX > 0xFFFF
                || PodCommand.RecordChange.WRITES_MAX > 0xFF || PodCommand.RecordChange.NOTED_EVENTS_MAX > 0xFF
                || PodCommand.StoreChange.OPS_MAX > 0xFFFF) {
            throw new ExceptionInInitializerError("a count or length outgrew its field in the pod batch format");
        }
    }

    private CommandCodec() {}

    /**
     * The stable number of a column family in the format: written out, so that reordering the
     * enum (whose order only lists the families when the store opens) cannot change what a
     * logged byte means. Never reuse a number.
     */
    static int familyId(ColumnFamily family) {
        return switch (family) {
            case DEFAULT -> 1;
            case ACCOUNTS -> 2;
            case BALANCES -> 3;
            case BALANCE_JOURNAL -> 4;
            case TRANSFERS -> 5;
            case TRANSFER_IDS -> 6;
            case PENDING_OPEN -> 7;
            case HISTORY -> 8;
            case TRANSACTIONS -> 9;
            case IDEMPOTENCY -> 10;
            case TENANTS -> 11;
            case EVENTS -> 12;
            case WEBHOOK_ENDPOINTS -> 13;
            case WEBHOOK_DELIVERIES -> 14;
            case WEBHOOK_QUEUE -> 15;
            case PAYMENTS -> 16;
            case RECONCILIATION -> 17;
        };
    }

    // ---- Sizes: exactly what the writers below put ----

    static long accountsBytes(AccountBatch batch) {
        long bytes = BATCH_HEADER_BYTES;
        for (int i = 0; i < batch.size(); i++) {
            bytes += ACCOUNT_FIXED_BYTES + optionalBytes(accountPresence(batch, i), batch.metadata(i));
        }
        return bytes;
    }

    static long transfersBytes(TransferBatch batch) {
        long bytes = BATCH_HEADER_BYTES;
        for (int i = 0; i < batch.size(); i++) {
            bytes += TRANSFER_FIXED_BYTES + optionalBytes(transferPresence(batch, i), batch.metadata(i));
        }
        return bytes;
    }

    static long transactionBytes(NewTransaction transaction) {
        return TRANSACTION_FIXED_BYTES + (long) transaction.entries().size() * TRANSACTION_ENTRY_BYTES
                + (transaction.metadata() == null ? 0 : METADATA_LENGTH_BYTES + transaction.metadata().length);
    }

    static long recordChangeBytes(PodCommand.RecordChange change) {
        return RECORD_CHANGE_FIXED_BYTES + (long) change.noted().size() * NOTED_EVENT_BYTES + putsBytes(change.writes());
    }

    static long guardedChangeBytes(PodCommand.GuardedChange change) {
        long bytes = GUARDED_CHANGE_FIXED_BYTES + putsBytes(change.expected()) + putsBytes(change.writes())
                + (long) change.noted().size() * VERSIONED_NOTED_EVENT_BYTES;
        TransferBatch b = change.transfers();
        for (int i = 0; i < b.size(); i++) {
            bytes += TRANSFER_FIXED_BYTES + optionalBytes(transferPresence(b, i), b.metadata(i));
        }
        return bytes;
    }

    static long guardedRecordsBytes(PodCommand.GuardedRecords change) {
        return GUARDED_RECORDS_FIXED_BYTES + putsBytes(change.expected()) + putsBytes(change.writes())
                + (long) change.noted().size() * VERSIONED_NOTED_EVENT_BYTES;
    }

    static long storeChangeBytes(PodCommand.StoreChange change) {
        long bytes = STORE_CHANGE_FIXED_BYTES;
        for (PodCommand.StoreOp op : change.ops()) {
            bytes += STORE_OP_FIXED_BYTES + op.key().length + op.value().length;
        }
        return bytes;
    }

    /** {@code [ledger:4][writes:1]}writes{@code [claims:1]}claims */
    static long createLedgerBytes(PodCommand.CreateLedger create) {
        return LEDGER_BYTES + 2 + putsBytes(create.writes()) + putsBytes(create.claims());
    }

    private static long putsBytes(List<PodCommand.Put> puts) {
        long bytes = 0;
        for (PodCommand.Put put : puts) {
            bytes += PUT_FIXED_BYTES + put.key().length + put.value().length;
        }
        return bytes;
    }

    private static int optionalBytes(int presence, byte[] metadata) {
        return ((presence & HAS_AMOUNT_HIGH) != 0 ? 8 : 0)
                + ((presence & HAS_PENDING_ID) != 0 ? 16 : 0)
                + ((presence & HAS_TIMEOUT) != 0 ? 4 : 0)
                + ((presence & HAS_USER_DATA_128) != 0 ? 16 : 0)
                + ((presence & HAS_USER_DATA_64) != 0 ? 8 : 0)
                + ((presence & HAS_USER_DATA_32) != 0 ? 4 : 0)
                + ((presence & HAS_METADATA) != 0 ? METADATA_LENGTH_BYTES + metadata.length : 0);
    }

    private static int accountPresence(AccountBatch b, int i) {
        return userDataPresence(b.userData128High(i), b.userData128Low(i), b.userData64(i), b.userData32(i),
                b.metadata(i));
    }

    private static int transferPresence(TransferBatch b, int i) {
        return (b.amountHigh(i) != 0 ? HAS_AMOUNT_HIGH : 0)
                | ((b.pendingIdHigh(i) | b.pendingIdLow(i)) != 0 ? HAS_PENDING_ID : 0)
                | (b.timeoutSeconds(i) != 0 ? HAS_TIMEOUT : 0)
                | userDataPresence(b.userData128High(i), b.userData128Low(i), b.userData64(i), b.userData32(i),
                        b.metadata(i));
    }

    private static int userDataPresence(long data128High, long data128Low, long data64, int data32, byte[] metadata) {
        return ((data128High | data128Low) != 0 ? HAS_USER_DATA_128 : 0)
                | (data64 != 0 ? HAS_USER_DATA_64 : 0)
                | (data32 != 0 ? HAS_USER_DATA_32 : 0)
                | (metadata != null ? HAS_METADATA : 0);
    }

    // ---- Writers ----

    static void putAccounts(PodCommand.CreateAccounts command, ByteSink out) {
        AccountBatch b = command.accounts();
        putBatchHeader(command.ledger(), command.detail(), b.size(), out);
        for (int i = 0; i < b.size(); i++) {
            int presence = accountPresence(b, i);
            out.putByte(presence);
            out.putLong(b.idHigh(i));
            out.putLong(b.idLow(i));
            out.putLong(b.ledger(i));
            out.putShort(b.code(i));
            out.putInt(b.flags(i));
            putUserData(presence, b.userData128High(i), b.userData128Low(i), b.userData64(i), b.userData32(i),
                    b.metadata(i), out);
        }
    }

    static void putTransfers(PodCommand.CreateTransfers command, ByteSink out) {
        TransferBatch b = command.transfers();
        putBatchHeader(command.ledger(), command.detail(), b.size(), out);
        for (int i = 0; i < b.size(); i++) {
            putTransfer(b, i, out);
        }
    }

    private static void putTransfer(TransferBatch b, int i, ByteSink out) {
        int presence = transferPresence(b, i);
        out.putByte(presence);
        out.putLong(b.idHigh(i));
        out.putLong(b.idLow(i));
        out.putLong(b.debitAccountIdHigh(i));
        out.putLong(b.debitAccountIdLow(i));
        out.putLong(b.creditAccountIdHigh(i));
        out.putLong(b.creditAccountIdLow(i));
        out.putLong(b.amountLow(i));
        out.putLong(b.ledger(i));
        out.putShort(b.code(i));
        out.putInt(b.flags(i));
        if ((presence & HAS_AMOUNT_HIGH) != 0) {
            out.putLong(b.amountHigh(i));
        }
        if ((presence & HAS_PENDING_ID) != 0) {
            out.putLong(b.pendingIdHigh(i));
            out.putLong(b.pendingIdLow(i));
        }
        if ((presence & HAS_TIMEOUT) != 0) {
            out.putInt((int) b.timeoutSeconds(i));
        }
        putUserData(presence, b.userData128High(i), b.userData128Low(i), b.userData64(i), b.userData32(i),
                b.metadata(i), out);
    }

    private static void putBatchHeader(int ledger, PodCommand.Detail detail, int count, ByteSink out) {
        out.putInt(ledger);
        out.putByte(switch (detail) {
            case RESULTS -> DETAIL_RESULTS;
            case RECORDS -> DETAIL_RECORDS;
        });
        out.putShort(count);
    }

    private static void putUserData(int presence, long data128High, long data128Low, long data64, int data32,
            byte[] metadata, ByteSink out) {
        if ((presence & HAS_USER_DATA_128) != 0) {
            out.putLong(data128High);
            out.putLong(data128Low);
        }
        if ((presence & HAS_USER_DATA_64) != 0) {
            out.putLong(data64);
        }
        if ((presence & HAS_USER_DATA_32) != 0) {
            out.putInt(data32);
        }
        if ((presence & HAS_METADATA) != 0) {
            out.putShort(metadata.length);
            out.putBytes(metadata);
        }
    }

    static void putTransaction(PodCommand.CreateTransaction command, ByteSink out) {
        NewTransaction t = command.transaction();
        if (t.entries().size() > LedgerLimits.TRANSACTION_ENTRIES_MAX) {
            throw new IllegalArgumentException("a transaction of " + t.entries().size()
                    + " entries cannot be logged; the most is " + LedgerLimits.TRANSACTION_ENTRIES_MAX);
        }
        out.putInt(command.ledger());
        out.putLong(t.id().high());
        out.putLong(t.id().low());
        out.putShort(t.code());
        out.putByte(t.entries().size());
        for (TransactionEntry e : t.entries()) {
            out.putLong(e.accountId().high());
            out.putLong(e.accountId().low());
            out.putByte(e.direction() == EntryDirection.DEBIT ? DEBIT : CREDIT);
            out.putLong(e.amount().high());
            out.putLong(e.amount().low());
        }
        out.putByte(t.metadata() == null ? 0 : 1);
        if (t.metadata() != null) {
            out.putShort(t.metadata().length);
            out.putBytes(t.metadata());
        }
    }

    static void putRecordChange(PodCommand.RecordChange change, ByteSink out) {
        out.putInt(change.ledger());
        putPuts(change.writes(), out);
        putNoted(change.noted(), false, out);
    }

    /** {@code [count:1]}, then each {@code [type:1][object id:16]}, with {@code [version:8]} when versioned. */
    private static void putNoted(List<NotedEvent> noted, boolean versioned, ByteSink out) {
        out.putByte(noted.size());
        putNotedEvents(noted, versioned, out);
    }

    private static void putNotedEvents(List<NotedEvent> noted, boolean versioned, ByteSink out) {
        for (NotedEvent event : noted) {
            out.putByte(event.type().code());
            out.putLong(event.objectId().high());
            out.putLong(event.objectId().low());
            if (versioned) {
                out.putLong(event.objectVersion());
            }
        }
    }

    static void putGuardedChange(PodCommand.GuardedChange change, ByteSink out) {
        out.putInt(change.ledger());
        putPuts(change.expected(), out);
        TransferBatch b = change.transfers();
        out.putByte(b.size());
        for (int i = 0; i < b.size(); i++) {
            putTransfer(b, i, out);
        }
        putPuts(change.writes(), out);
        putNoted(change.noted(), true, out);
    }

    static void putGuardedRecords(PodCommand.GuardedRecords change, ByteSink out) {
        out.putInt(change.ledger());
        out.putInt(change.expected().size());
        putPutList(change.expected(), out);
        out.putInt(change.writes().size());
        putPutList(change.writes(), out);
        out.putInt(change.noted().size());
        putNotedEvents(change.noted(), true, out);
    }

    static void putCreateLedger(PodCommand.CreateLedger create, ByteSink out) {
        out.putInt(create.ledger());
        putPuts(create.writes(), out);
        putPuts(create.claims(), out);
    }

    /** {@code [ledger:4][count:2]}, then each {@code [kind:1][family:1][key length:2][key][value length:4][value]}. */
    static void putStoreChange(PodCommand.StoreChange change, ByteSink out) {
        out.putInt(change.ledger());
        out.putShort(change.ops().size());
        for (PodCommand.StoreOp op : change.ops()) {
            if (op.key().length > KEY_BYTES_MAX) {
                throw new IllegalArgumentException("a store write's key of " + op.key().length
                        + " bytes cannot be logged");
            }
            out.putByte(op.kind().ordinal());
            out.putByte(familyId(op.family()));
            out.putShort(op.key().length);
            out.putBytes(op.key());
            out.putInt(op.value().length);
            out.putBytes(op.value());
        }
    }

    /** {@code [count:1]}, then each {@code [family:1][key length:2][key][value length:4][value]}. */
    private static void putPuts(List<PodCommand.Put> puts, ByteSink out) {
        out.putByte(puts.size());
        putPutList(puts, out);
    }

    private static void putPutList(List<PodCommand.Put> puts, ByteSink out) {
        for (PodCommand.Put put : puts) {
            if (put.key().length > KEY_BYTES_MAX) {
                throw new IllegalArgumentException("a put's key of " + put.key().length + " bytes cannot be logged");
            }
            out.putByte(familyId(put.family()));
            out.putShort(put.key().length);
            out.putBytes(put.key());
            out.putInt(put.value().length);
            out.putBytes(put.value());
        }
    }

    // ---- Readers: each refuses what its writer would never put ----

    static PodCommand.CreateAccounts readAccounts(ByteReader in) {
        BatchHeader header = BatchHeader.read(in, LedgerLimits.ACCOUNTS_PER_BATCH_MAX, ACCOUNT_FIXED_BYTES, "account");
        AccountBatch batch = new AccountBatch(Math.max(1, header.count()));
        UserData data = new UserData();
        for (int i = 0; i < header.count(); i++) {
            int presence = readPresence(in, ACCOUNT_PRESENCE_BITS, "account");
            UInt128 id = new UInt128(in.getLong("account id"), in.getLong("account id"));
            long currency = in.getLong("account ledger");
            int code = in.getShort("account code");
            int flags = in.getInt("account flags");
            data.read(presence, in);
            batch.add(new NewAccount(id, currency, code, flags, new UInt128(data.data128High, data.data128Low),
                    data.data64, data.data32, data.metadata));
        }
        return new PodCommand.CreateAccounts(header.ledger(), batch, header.detail());
    }

    static PodCommand.CreateTransfers readTransfers(ByteReader in) {
        BatchHeader header = BatchHeader.read(in, LedgerLimits.TRANSFERS_PER_BATCH_MAX, TRANSFER_FIXED_BYTES,
                "transfer");
        TransferBatch batch = new TransferBatch(Math.max(1, header.count()));
        UserData data = new UserData();
        for (int i = 0; i < header.count(); i++) {
            readTransfer(in, batch, data);
        }
        return new PodCommand.CreateTransfers(header.ledger(), batch, header.detail());
    }

    /** The ledger, detail and item count that start the accounts and the transfers commands. */
    private record BatchHeader(int ledger, PodCommand.Detail detail, int count) {
        static BatchHeader read(ByteReader in, int countMax, int itemBytesMin, String item) {
            int ledger = in.getInt("command's ledger");
            PodCommand.Detail detail = switch (in.getByte("detail")) {
                case DETAIL_RESULTS -> PodCommand.Detail.RESULTS;
                case DETAIL_RECORDS -> PodCommand.Detail.RECORDS;
                default -> throw in.malformed("detail is neither 1 (results) nor 2 (records)");
            };
            return new BatchHeader(ledger, detail, in.checkCount(in.getShort("item count"), countMax, itemBytesMin,
                    item));
        }
    }

    private static void readTransfer(ByteReader in, TransferBatch batch, UserData data) {
        int presence = readPresence(in, TRANSFER_PRESENCE_BITS, "transfer");
        int i = batch.add();
        batch.setId(i, in.getLong("transfer id"), in.getLong("transfer id"));
        batch.setDebitAccountId(i, in.getLong("transfer debit account"), in.getLong("transfer debit account"));
        batch.setCreditAccountId(i, in.getLong("transfer credit account"), in.getLong("transfer credit account"));
        long amountLow = in.getLong("transfer amount");
        batch.setLedger(i, in.getLong("transfer ledger"));
        batch.setCode(i, in.getShort("transfer code"));
        batch.setFlags(i, in.getInt("transfer flags"));
        if ((presence & HAS_AMOUNT_HIGH) != 0) {
            batch.setAmount(i, nonZero(in, in.getLong("transfer amount high"), "transfer amount high"), amountLow);
        } else {
            batch.setAmount(i, 0, amountLow);
        }
        if ((presence & HAS_PENDING_ID) != 0) {
            long high = in.getLong("transfer pending id");
            batch.setPendingId(i, high, nonZero(in, high, in.getLong("transfer pending id"), "transfer pending id"));
        }
        if ((presence & HAS_TIMEOUT) != 0) {
            batch.setTimeoutSeconds(i, Integer.toUnsignedLong(nonZero(in, in.getInt("transfer timeout"),
                    "transfer timeout")));
        }
        data.read(presence, in);
        batch.setUserData(i, data.data128High, data.data128Low, data.data64, data.data32);
        batch.setMetadata(i, data.metadata);
    }

    static PodCommand.CreateTransaction readTransaction(ByteReader in) {
        int ledger = in.getInt("transaction's ledger");
        UInt128 id = new UInt128(in.getLong("transaction id"), in.getLong("transaction id"));
        int code = in.getShort("transaction code");
        int count = in.checkCount(in.getByte("transaction entry count"), LedgerLimits.TRANSACTION_ENTRIES_MAX,
                TRANSACTION_ENTRY_BYTES, "transaction entry");
        List<TransactionEntry> entries = new ArrayList<>(count);
        for (int k = 0; k < count; k++) {
            UInt128 account = new UInt128(in.getLong("entry account"), in.getLong("entry account"));
            EntryDirection direction = switch (in.getByte("entry direction")) {
                case DEBIT -> EntryDirection.DEBIT;
                case CREDIT -> EntryDirection.CREDIT;
                default -> throw in.malformed("an entry direction is neither 1 (debit) nor 2 (credit)");
            };
            entries.add(new TransactionEntry(account, direction,
                    new UInt128(in.getLong("entry amount"), in.getLong("entry amount"))));
        }
        byte[] metadata = switch (in.getByte("transaction has_metadata")) {
            case 0 -> null;
            case 1 -> readMetadata(in);
            default -> throw in.malformed("transaction has_metadata is neither 0 nor 1");
        };
        return new PodCommand.CreateTransaction(ledger, new NewTransaction(id, code, entries, metadata));
    }

    static PodCommand.RecordChange readRecordChange(ByteReader in) {
        int ledger = in.getInt("recorded change's ledger");
        List<PodCommand.Put> writes = readPuts(in, PodCommand.RecordChange.WRITES_MAX, "put");
        int notedCount = in.checkCount(in.getByte("noted event count"), PodCommand.RecordChange.NOTED_EVENTS_MAX,
                NOTED_EVENT_BYTES, "noted event");
        List<NotedEvent> noted = new ArrayList<>(notedCount);
        for (int k = 0; k < notedCount; k++) {
            EventType type = readNotedType(in);
            noted.add(new NotedEvent(type, new UInt128(in.getLong("noted object id"), in.getLong("noted object id"))));
        }
        return new PodCommand.RecordChange(ledger, writes, noted);
    }

    static PodCommand.GuardedChange readGuardedChange(ByteReader in) {
        int ledger = in.getInt("guarded change's ledger");
        List<PodCommand.Put> expected = readPuts(in, PodCommand.GuardedChange.EXPECTED_MAX, "expected record");
        int transferCount = in.checkCount(in.getByte("guarded transfer count"), PodCommand.GuardedChange.TRANSFERS_MAX,
                TRANSFER_FIXED_BYTES, "guarded transfer");
        TransferBatch transfers = new TransferBatch(Math.max(1, transferCount));
        UserData data = new UserData();
        for (int i = 0; i < transferCount; i++) {
            readTransfer(in, transfers, data);
        }
        List<PodCommand.Put> writes = readPuts(in, PodCommand.GuardedChange.WRITES_MAX, "put");
        int notedCount = in.checkCount(in.getByte("noted event count"), PodCommand.RecordChange.NOTED_EVENTS_MAX,
                VERSIONED_NOTED_EVENT_BYTES, "noted event");
        List<NotedEvent> noted = readVersionedNoted(in, notedCount);
        try {
            return new PodCommand.GuardedChange(ledger, expected, transfers, writes, noted);
        } catch (IllegalArgumentException e) {
            throw in.malformed(e.getMessage());
        }
    }

    static PodCommand.GuardedRecords readGuardedRecords(ByteReader in) {
        int ledger = in.getInt("guarded records' ledger");
        List<PodCommand.Put> expected = readPutList(in, in.checkCount(in.getInt("expected record count"),
                PodCommand.GuardedRecords.EXPECTED_MAX, PUT_FIXED_BYTES, "expected record"), "expected record");
        List<PodCommand.Put> writes = readPutList(in, in.checkCount(in.getInt("put count"),
                PodCommand.GuardedRecords.WRITES_MAX, PUT_FIXED_BYTES, "put"), "put");
        int notedCount = in.checkCount(in.getInt("noted event count"), PodCommand.GuardedRecords.NOTED_EVENTS_MAX,
                VERSIONED_NOTED_EVENT_BYTES, "noted event");
        List<NotedEvent> noted = readVersionedNoted(in, notedCount);
        try {
            return new PodCommand.GuardedRecords(ledger, expected, writes, noted);
        } catch (IllegalArgumentException e) {
            throw in.malformed(e.getMessage());
        }
    }

    private static List<NotedEvent> readVersionedNoted(ByteReader in, int count) {
        List<NotedEvent> noted = new ArrayList<>(count);
        for (int k = 0; k < count; k++) {
            EventType type = readNotedType(in);
            UInt128 id = new UInt128(in.getLong("noted object id"), in.getLong("noted object id"));
            long version = in.getLong("noted object version");
            if (version < 0) {
                throw in.malformed("a noted object version is negative");
            }
            noted.add(new NotedEvent(type, id, version));
        }
        return noted;
    }

    static PodCommand.CreateLedger readCreateLedger(ByteReader in) {
        int ledger = in.getInt("created ledger");
        List<PodCommand.Put> writes = readPuts(in, PodCommand.RecordChange.WRITES_MAX, "put");
        List<PodCommand.Put> claims = readPuts(in, PodCommand.CreateLedger.CLAIMS_MAX, "claim");
        if (claims.isEmpty()) {
            throw in.malformed("a created ledger has at least one claim");
        }
        return new PodCommand.CreateLedger(ledger, writes, claims);
    }

    static PodCommand.StoreChange readStoreChange(ByteReader in) {
        int ledger = in.getInt("store change's ledger");
        int count = in.checkCount(in.getShort("store write count"), PodCommand.StoreChange.OPS_MAX,
                STORE_OP_FIXED_BYTES, "store write");
        if (count == 0) {
            throw in.malformed("a store change has at least one write");
        }
        List<PodCommand.StoreOp> ops = new ArrayList<>(count);
        for (int k = 0; k < count; k++) {
            int kind = in.getByte("store write kind");
            if (kind >= STORE_OP_KINDS.length) {
                throw in.malformed("unknown store write kind " + kind);
            }
            ColumnFamily family = readFamily(in);
            byte[] key = in.getBytes(in.getShort("store write key length"), "store write key");
            byte[] value = in.getBytes(in.getInt("store write value length"), "store write value");
            if (STORE_OP_KINDS[kind] == PodCommand.StoreOp.Kind.DELETE && value.length != 0) {
                throw in.malformed("a store delete carries no value");
            }
            ops.add(new PodCommand.StoreOp(STORE_OP_KINDS[kind], family, key, value));
        }
        return new PodCommand.StoreChange(ledger, ops);
    }

    private static List<PodCommand.Put> readPuts(ByteReader in, int max, String what) {
        return readPutList(in, in.checkCount(in.getByte(what + " count"), max, PUT_FIXED_BYTES, what), what);
    }

    private static List<PodCommand.Put> readPutList(ByteReader in, int count, String what) {
        List<PodCommand.Put> puts = new ArrayList<>(count);
        for (int k = 0; k < count; k++) {
            ColumnFamily family = readFamily(in);
            byte[] key = in.getBytes(in.getShort(what + " key length"), what + " key");
            puts.add(new PodCommand.Put(family, key, in.getBytes(in.getInt(what + " value length"), what + " value")));
        }
        return puts;
    }

    private static ColumnFamily readFamily(ByteReader in) {
        int id = in.getByte("put column family");
        if (FAMILIES_BY_ID[id] == null) {
            throw in.malformed("unknown column family number " + id);
        }
        return FAMILIES_BY_ID[id];
    }

    private static EventType readNotedType(ByteReader in) {
        int code = in.getByte("noted event type");
        for (EventType type : EventType.values()) {
            if (type.code() == code) {
                if (type.isLedgerChange()) {
                    throw in.malformed("noted event type " + type.typeName() + " comes from the ledger's changes");
                }
                return type;
            }
        }
        throw in.malformed("unknown event type code " + code);
    }

    private static int readPresence(ByteReader in, int allowed, String what) {
        int presence = in.getByte("presence");
        if ((presence & ~allowed) != 0) {
            throw in.malformed(what + " presence byte " + presence + " sets undefined bits");
        }
        return presence;
    }

    private static byte[] readMetadata(ByteReader in) {
        int length = in.getShort("metadata length");
        if (length > LedgerLimits.METADATA_BYTES_MAX) {
            throw in.malformed("metadata of " + length + " bytes is over " + LedgerLimits.METADATA_BYTES_MAX);
        }
        return in.getBytes(length, "metadata");
    }

    /** A field whose presence bit is set is nonzero: the one encoding of zero is its absence. */
    private static long nonZero(ByteReader in, long value, String what) {
        if (value == 0) {
            throw in.malformed(what + " is present but zero");
        }
        return value;
    }

    private static int nonZero(ByteReader in, int value, String what) {
        nonZero(in, (long) value, what);
        return value;
    }

    /** The low half of a present 128-bit field, after checking the whole is nonzero. */
    private static long nonZero(ByteReader in, long high, long low, String what) {
        nonZero(in, high | low, what);
        return low;
    }

    /** The user data and metadata of one account or transfer, reused across them (one per decode). */
    private static final class UserData {
        long data128High;
        long data128Low;
        long data64;
        int data32;
        byte[] metadata;

        void read(int presence, ByteReader in) {
            data128High = 0;
            data128Low = 0;
            if ((presence & HAS_USER_DATA_128) != 0) {
                data128High = in.getLong("user_data_128");
                data128Low = nonZero(in, data128High, in.getLong("user_data_128"), "user_data_128");
            }
            data64 = (presence & HAS_USER_DATA_64) != 0 ? nonZero(in, in.getLong("user_data_64"), "user_data_64") : 0;
            data32 = (presence & HAS_USER_DATA_32) != 0 ? nonZero(in, in.getInt("user_data_32"), "user_data_32") : 0;
            metadata = (presence & HAS_METADATA) != 0 ? readMetadata(in) : null;
        }
    }
}
