package dev.settle.store;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The column families and key formats of the store. All integers are big-endian, so RocksDB's
 * byte order is numeric order; every ledger key starts with the 4-byte ledger number, so one
 * database can hold several tenants' ledgers side by side.
 *
 * <pre>
 * column family      key                                      value (see RecordCodec)
 * -----------------  ---------------------------------------  ----------------------------------
 * default            "format"                                 "settle-store/1"
 *                    [ledger:4]"position"                     engine sequence:8, last timestamp:8, checkpoint:8
 *                    [ledger:4]"relay_cursor"                 the last event sequence the webhook relay fanned out
 *                    "master_key_check"                       the master keys in use and a value sealed under them (KeyCheck)
 * accounts           [ledger:4][account id:16]                account (immutable fields, metadata)
 * balances           [ledger:4][account id:16]                flags, newest transfer, balances, as of the checkpoint
 * balance_journal    [ledger:4][batch sequence:8]             every account the batch changed, with its new state
 * transfers          [ledger:4][timestamp:8]                  transfer (immutable)
 * transfer_ids       [ledger:4][transfer id:16]               created: timestamp, status
 *                                                             failed: timestamp, result code
 * pending_open       [ledger:4][timestamp:8]                  (empty): open pending transfers
 * history            [ledger:4][account id:16][timestamp:8]  flags and balances after the event
 * transactions       [ledger:4][transaction id:16]            transaction, or failed: result code
 * idempotency        [ledger:4][SHA-256 of the key:32]        the stored response (see IdempotencyRecord)
 * tenants            [tenant id:16]                           the tenant (see TenantRecord)
 * events             [ledger:4][first event sequence:8]       up to 256 consecutive events of one batch (EventChunks)
 * webhook_endpoints  [ledger:4][endpoint id:16]               the endpoint (see EndpointCodec)
 * webhook_deliveries [ledger:4][endpoint id:16][sequence:8]   one event's delivery state and its latest attempts
 * webhook_queue      [state:1][ledger:4][endpoint id:16]...   due deliveries ([0]...[due ms:8][sequence:8])
 *                                                             and dead letters ([1]...[sequence:8])
 * payments           [ledger:4][kind:1][id:16]                a payment intent ('i') or refund ('r'), as it is now
 *                    [ledger:4][kind:1][id:16][version:4]     every version of it ('I', 'R'): what its events show
 *                    [ledger:4]'p'[step kind:1][id:16]        a step at the processor while it runs (intent or refund)
 *                    [ledger:4]'x'[intent id:16]              an open authorization: when it expires (ms:8)
 *                    [ledger:4]'k'[idempotency key:36]         what a request made: [ledger]'i'|'r'[id] (for its retries)
 * </pre>
 *
 * Account state changes every batch for many accounts, so each batch writes it once, as one
 * journal record, instead of one key per account; every {@link #CHECKPOINT_BATCHES} batches (by default) a
 * checkpoint starts that rewrites the changed accounts' balance records, a slice per batch, and
 * deletes the journal it covers with its last slice (see {@code BalanceJournal}). An account's
 * state is its balance record overlaid with the journal.
 *
 * Transfers are keyed by their timestamp, which only grows, so their table is append-only and
 * compaction moves its files without rewriting them; the id index is small. An account's
 * transfers are found through a chain instead of an index: its balances record holds the
 * timestamp of its newest transfer, and every transfer holds the timestamp of the previous one
 * of each of its accounts. Listing needs one read per transfer; writing needs no index key.
 */
public final class StoreLayout {
    public static final String FORMAT = "settle-store/1";
    public static final byte[] FORMAT_KEY = "format".getBytes(StandardCharsets.US_ASCII);
    static final byte[] POSITION_SUFFIX = "position".getBytes(StandardCharsets.US_ASCII);

    public static final String DEFAULT = "default";
    public static final String ACCOUNTS = "accounts";
    public static final String BALANCES = "balances";
    public static final String BALANCE_JOURNAL = "balance_journal";
    /** Batches between balance checkpoints by default: bounds the journal that start-up replays. */
    public static final int CHECKPOINT_BATCHES = 64;
    public static final String TRANSFERS = "transfers";
    public static final String TRANSFER_IDS = "transfer_ids";
    public static final String PENDING_OPEN = "pending_open";
    public static final String HISTORY = "history";
    public static final String TRANSACTIONS = "transactions";
    public static final String IDEMPOTENCY = "idempotency";
    public static final String TENANTS = "tenants";
    public static final String EVENTS = "events";
    public static final String WEBHOOK_ENDPOINTS = "webhook_endpoints";
    public static final String WEBHOOK_DELIVERIES = "webhook_deliveries";
    public static final String WEBHOOK_QUEUE = "webhook_queue";
    public static final String PAYMENTS = "payments";
    public static final String RECONCILIATION = "reconciliation";

    /** In this order; the index of a name is its {@link ColumnFamily} ordinal. */
    public static final List<String> COLUMN_FAMILIES = List.of(DEFAULT, ACCOUNTS, BALANCES, BALANCE_JOURNAL,
            TRANSFERS, TRANSFER_IDS, PENDING_OPEN, HISTORY, TRANSACTIONS, IDEMPOTENCY, TENANTS, EVENTS,
            WEBHOOK_ENDPOINTS, WEBHOOK_DELIVERIES, WEBHOOK_QUEUE, PAYMENTS, RECONCILIATION);

    /** The column families, as handles into the open database's list. */
    public enum ColumnFamily {
        DEFAULT, ACCOUNTS, BALANCES, BALANCE_JOURNAL, TRANSFERS, TRANSFER_IDS, PENDING_OPEN, HISTORY, TRANSACTIONS,
        IDEMPOTENCY, TENANTS, EVENTS, WEBHOOK_ENDPOINTS, WEBHOOK_DELIVERIES, WEBHOOK_QUEUE, PAYMENTS, RECONCILIATION
    }

    static {
        for (ColumnFamily family : ColumnFamily.values()) {
            if (!COLUMN_FAMILIES.get(family.ordinal()).equalsIgnoreCase(family.name())) {
                throw new ExceptionInInitializerError("column family names and ordinals disagree");
            }
        }
    }

    public static final int LEDGER_BYTES = 4;
    public static final int ID_BYTES = 16;
    public static final int TIMESTAMP_BYTES = 8;
    /** [ledger][id] */
    public static final int ID_KEY_BYTES = LEDGER_BYTES + ID_BYTES;
    /** [ledger][timestamp] */
    public static final int TIMESTAMP_KEY_BYTES = LEDGER_BYTES + TIMESTAMP_BYTES;
    /** [ledger][account id][timestamp] */
    public static final int ACCOUNT_EVENT_KEY_BYTES = LEDGER_BYTES + ID_BYTES + TIMESTAMP_BYTES;

    private StoreLayout() {}

    public static byte[] idKey(int ledger, long idHigh, long idLow) {
        byte[] key = new byte[ID_KEY_BYTES];
        Bytes.putInt(key, 0, ledger);
        Bytes.putLong(key, LEDGER_BYTES, idHigh);
        Bytes.putLong(key, LEDGER_BYTES + 8, idLow);
        return key;
    }

    public static byte[] timestampKey(int ledger, long timestamp) {
        byte[] key = new byte[TIMESTAMP_KEY_BYTES];
        Bytes.putInt(key, 0, ledger);
        Bytes.putLong(key, LEDGER_BYTES, timestamp);
        return key;
    }

    public static byte[] accountEventKey(int ledger, long idHigh, long idLow, long timestamp) {
        byte[] key = new byte[ACCOUNT_EVENT_KEY_BYTES];
        Bytes.putInt(key, 0, ledger);
        Bytes.putLong(key, LEDGER_BYTES, idHigh);
        Bytes.putLong(key, LEDGER_BYTES + 8, idLow);
        Bytes.putLong(key, LEDGER_BYTES + ID_BYTES, timestamp);
        return key;
    }

    public static byte[] positionKey(int ledger) {
        return ledgerKey(ledger, POSITION_SUFFIX);
    }

    /** {@code [ledger]name}: one of a ledger's single records in the default column family. */
    public static byte[] ledgerKey(int ledger, byte[] name) {
        byte[] key = new byte[LEDGER_BYTES + name.length];
        Bytes.putInt(key, 0, ledger);
        System.arraycopy(name, 0, key, LEDGER_BYTES, name.length);
        return key;
    }

    /** [ledger][sequence]: the events chunk whose first event has this sequence. */
    public static byte[] sequenceKey(int ledger, long sequence) {
        return timestampKey(ledger, sequence);
    }

    /** The first key of a ledger in any column family, for prefix scans. */
    public static byte[] ledgerPrefix(int ledger) {
        byte[] key = new byte[LEDGER_BYTES];
        Bytes.putInt(key, 0, ledger);
        return key;
    }
}
