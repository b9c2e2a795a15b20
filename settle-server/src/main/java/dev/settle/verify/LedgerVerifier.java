package dev.settle.verify;

import dev.settle.ledger.AccountFlags;
import dev.settle.ledger.Currency;
import dev.settle.ledger.TransactionLegs;
import dev.settle.ledger.TransactionRecord;
import dev.settle.ledger.TransferFlags;
import dev.settle.ledger.TransferRecord;
import dev.settle.ledger.TransferStatus;
import dev.settle.ledger.UInt128;
import dev.settle.store.Bytes;
import dev.settle.store.LedgerStore;
import dev.settle.store.RecordCodec;
import dev.settle.store.StoreIterator;
import dev.settle.store.StoreLayout;
import dev.settle.store.StoreLayout.ColumnFamily;
import dev.settle.store.StoreReader;
import dev.settle.store.StoredAccounts;
import dev.settle.store.TransferChunks;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Checks one ledger of a store. Every balance is recomputed from the transfers: posted balances
 * are the sum of single-phase and posting transfers, pending balances the sum of the pending
 * transfers still open. The indexes are compared with the transfers by multiset hashes, so the
 * scan holds only accounts and open pending transfers in memory.
 */
final class LedgerVerifier {
    static final String BALANCES_MATCH_TRANSFERS = "account balances equal the sum of their transfers";
    static final String DOUBLE_ENTRY = "debits equal credits per currency (pending and posted)";
    static final String BALANCE_LIMITS = "balance limit flags respected";
    static final String CLOSED_FLAGS = "closed accounts match their open closing transfers";
    static final String PENDING_STATES = "each pending transfer is open, posted, voided or expired, exactly one";
    static final String RESOLUTIONS = "each posted or voided pending transfer has exactly one post or void";
    static final String ID_INDEX = "transfer id index matches the transfers";
    static final String TRANSFER_CHAINS = "each account's transfer chain links all its transfers, newest first";
    static final String REFERENCES = "transfers reference existing accounts of their currency";
    static final String HISTORY = "balance history ends at the current balances";
    static final String TRANSACTIONS = "transactions have all their legs";
    static final String POSITION = "applied position is after every stored event";

    private final LedgerStore store;
    private final int ledger;
    private final VerifyReport report;
    private final VerifiedAccounts accounts = new VerifiedAccounts();
    private final MultisetHash idsFromTransfers = new MultisetHash();
    private final MultisetHash resolutionsFromTransfers = new MultisetHash();
    private final MultisetHash resolutionsFromStatuses = new MultisetHash();
    private final OutboxCheck outbox;
    private long[] openPendings = new long[0];
    private long maxTimestamp;
    private long transferCount;

    LedgerVerifier(LedgerStore store, int ledger, VerifyReport report) {
        this.store = store;
        this.ledger = ledger;
        this.report = report;
        this.outbox = new OutboxCheck(store, ledger, report);
    }

    void run() {
        for (String check : new String[] {BALANCES_MATCH_TRANSFERS, DOUBLE_ENTRY, BALANCE_LIMITS, CLOSED_FLAGS,
                PENDING_STATES, RESOLUTIONS, ID_INDEX, TRANSFER_CHAINS, REFERENCES, HISTORY, TRANSACTIONS, POSITION}) {
            report.checked(check);
        }
        outbox.scanEvents();
        loadAccounts();
        loadOpenPendings();
        scanTransfers();
        checkIdIndex();
        checkChainHeads();
        checkBalances();
        checkHistory();
        checkTransactions();
        checkPosition();
        outbox.finish();
    }

    private void loadAccounts() {
        StoredAccounts.forEach(store, ledger, account -> {
            byte[] record = store.get(ColumnFamily.ACCOUNTS,
                    StoreLayout.idKey(ledger, account.id().high(), account.id().low()));
            accounts.add(account, RecordCodec.creationFlags(record));
            outbox.account(account);
            maxTimestamp = Math.max(maxTimestamp, account.timestamp());
        });
        report.count("accounts", accounts.size);
    }

    private void loadOpenPendings() {
        long[] open = new long[64];
        int count = 0;
        byte[] prefix = StoreLayout.ledgerPrefix(ledger);
        try (StoreIterator it = store.iterator(ColumnFamily.PENDING_OPEN)) {
            for (it.seek(prefix); it.isValid() && Bytes.getInt(it.key(), 0) == ledger; it.next()) {
                if (count == open.length) {
                    open = Arrays.copyOf(open, count * 2);
                }
                open[count++] = Bytes.getLong(it.key(), StoreLayout.LEDGER_BYTES); // ascending: keys are sorted
            }
        }
        openPendings = Arrays.copyOf(open, count);
        report.count("open pending transfers", count);
    }

    private void scanTransfers() {
        byte[] prefix = StoreLayout.ledgerPrefix(ledger);
        try (StoreIterator it = store.iterator(ColumnFamily.TRANSFERS)) {
            for (it.seek(prefix); it.isValid() && Bytes.getInt(it.key(), 0) == ledger; it.next()) {
                if (Bytes.getLong(it.key(), StoreLayout.LEDGER_BYTES) != firstTimestamp(it.value())) {
                    report.problem(ID_INDEX, "a transfer chunk's key is not its first transfer's timestamp");
                }
                TransferChunks.forEach(it.value(), (timestamp, chunk, offset, length) -> {
                    TransferRecord t = RecordCodec.decodeTransfer(timestamp, chunk, offset, TransferStatus.POSTED);
                    transferCount++;
                    maxTimestamp = Math.max(maxTimestamp, timestamp);
                    idsFromTransfers.add(t.id().high(), t.id().low(), timestamp);
                    outbox.transfer(t);
                    applyTransfer(t);
                });
            }
        }
        report.count("transfers", transferCount);
    }

    private static long firstTimestamp(byte[] chunk) {
        return TransferChunks.count(chunk) == 0 ? -1 : Bytes.getLong(chunk, 1);
    }

    private void applyTransfer(TransferRecord t) {
        int debit = accounts.slotOf(t.debitAccountId());
        int credit = accounts.slotOf(t.creditAccountId());
        if (debit < 0 || credit < 0 || accounts.ledgers[debit] != t.ledger() || accounts.ledgers[credit] != t.ledger()) {
            report.problem(REFERENCES, "transfer " + t.id() + " names a missing account or one of another currency");
            return;
        }
        checkChainLinks(t, debit, credit);
        if (t.hasFlag(TransferFlags.PENDING)) {
            applyPending(t, debit, credit);
        } else if (t.hasFlag(TransferFlags.POST_PENDING_TRANSFER)) {
            resolutionsFromTransfers.add(t.pendingId().high(), t.pendingId().low(), 1);
            addPosted(t, debit, credit);
        } else if (t.hasFlag(TransferFlags.VOID_PENDING_TRANSFER)) {
            resolutionsFromTransfers.add(t.pendingId().high(), t.pendingId().low(), 2);
        } else {
            addPosted(t, debit, credit);
        }
    }

    private void applyPending(TransferRecord t, int debit, int credit) {
        byte[] idValue = store.get(ColumnFamily.TRANSFER_IDS, StoreLayout.idKey(ledger, t.id().high(), t.id().low()));
        if (idValue == null || !RecordCodec.isCreated(idValue)) {
            report.problem(ID_INDEX, "pending transfer " + t.id() + " is missing from the id index");
            return;
        }
        TransferStatus status = RecordCodec.idStatus(idValue);
        boolean open = Arrays.binarySearch(openPendings, t.timestamp()) >= 0;
        if ((status == TransferStatus.PENDING) != open) {
            report.problem(PENDING_STATES, "pending transfer " + t.id() + " has status " + status.code()
                    + (open ? " but is listed as open" : " but is not listed as open"));
        }
        switch (status) {
            case POSTED -> resolutionsFromStatuses.add(t.id().high(), t.id().low(), 1);
            case VOIDED -> resolutionsFromStatuses.add(t.id().high(), t.id().low(), 2);
            case EXPIRED -> { }
            case PENDING -> {
                boolean fits = accounts.addComputed(debit, 0, t.amount()) & accounts.addComputed(credit, 4, t.amount());
                if (!fits) {
                    report.problem(BALANCES_MATCH_TRANSFERS, "pending sums overflow 128 bits at " + t.id());
                }
                accounts.closedBy[debit] += t.hasFlag(TransferFlags.CLOSING_DEBIT) ? 1 : 0;
                accounts.closedBy[credit] += t.hasFlag(TransferFlags.CLOSING_CREDIT) ? 1 : 0;
            }
        }
    }

    private void addPosted(TransferRecord t, int debit, int credit) {
        boolean fits = accounts.addComputed(debit, 2, t.amount()) & accounts.addComputed(credit, 6, t.amount());
        if (!fits) {
            report.problem(BALANCES_MATCH_TRANSFERS, "posted sums overflow 128 bits at " + t.id());
        }
    }

    private void checkIdIndex() {
        MultisetHash fromIndex = new MultisetHash();
        long failed = 0;
        byte[] prefix = StoreLayout.ledgerPrefix(ledger);
        try (StoreIterator it = store.iterator(ColumnFamily.TRANSFER_IDS)) {
            for (it.seek(prefix); it.isValid() && Bytes.getInt(it.key(), 0) == ledger; it.next()) {
                if (RecordCodec.isCreated(it.value())) {
                    UInt128 id = idOf(it.key());
                    fromIndex.add(id.high(), id.low(), RecordCodec.idTimestamp(it.value()));
                } else {
                    failed++;
                }
            }
        }
        report.count("failed transfer ids", failed);
        if (!fromIndex.sameAs(idsFromTransfers)) {
            report.problem(ID_INDEX, "the id index holds " + fromIndex.count() + " transfers, the transfer table "
                    + idsFromTransfers.count() + ", or they differ in ids or timestamps");
        }
        if (!resolutionsFromTransfers.sameAs(resolutionsFromStatuses)) {
            report.problem(RESOLUTIONS, resolutionsFromTransfers.count() + " posts and voids, "
                    + resolutionsFromStatuses.count() + " pending transfers marked posted or voided, or they differ");
        }
        if (openPendings.length != countOpenStatuses()) {
            report.problem(PENDING_STATES, "open list and pending statuses disagree on the number of open transfers");
        }
    }

    private long countOpenStatuses() {
        long open = 0;
        for (long timestamp : openPendings) {
            if (TransferChunks.find(store, ledger, timestamp, TransferStatus.PENDING) == null) {
                report.problem(PENDING_STATES, "open pending transfer at " + timestamp + " has no transfer record");
            } else {
                open++;
            }
        }
        return open;
    }

    /** Transfers come in timestamp order, so each must point at the account's previous one seen. */
    private void checkChainLinks(TransferRecord t, int debit, int credit) {
        if (t.previousDebitTimestamp() != accounts.seenLastTransfer[debit]
                || t.previousCreditTimestamp() != accounts.seenLastTransfer[credit]) {
            report.problem(TRANSFER_CHAINS, "transfer " + t.id() + " does not link to its accounts' previous transfers");
        }
        accounts.seenLastTransfer[debit] = t.timestamp();
        accounts.seenLastTransfer[credit] = t.timestamp();
    }

    private void checkChainHeads() {
        for (int slot = 0; slot < accounts.size; slot++) {
            if (accounts.storedLastTransfer[slot] != accounts.seenLastTransfer[slot]) {
                report.problem(TRANSFER_CHAINS, "account " + accounts.ids[slot] + " points at transfer "
                        + accounts.storedLastTransfer[slot] + ", its newest is " + accounts.seenLastTransfer[slot]);
            }
        }
    }

    private void checkBalances() {
        Map<Long, BigInteger[]> sums = new HashMap<>();
        for (int slot = 0; slot < accounts.size; slot++) {
            for (int field = 0; field < 8; field += 2) {
                if (!accounts.stored(slot, field).equals(accounts.computed(slot, field))) {
                    report.problem(BALANCES_MATCH_TRANSFERS, "account " + accounts.ids[slot] + " " + fieldName(field)
                            + " is " + accounts.stored(slot, field) + ", its transfers sum to "
                            + accounts.computed(slot, field));
                }
            }
            BigInteger[] s = sums.computeIfAbsent(accounts.ledgers[slot],
                    k -> new BigInteger[] {BigInteger.ZERO, BigInteger.ZERO, BigInteger.ZERO, BigInteger.ZERO});
            for (int k = 0; k < 4; k++) {
                s[k] = s[k].add(accounts.stored(slot, 2 * k).toBigInteger());
            }
            checkLimits(slot);
            checkClosed(slot);
        }
        sums.forEach((currency, s) -> {
            if (!s[0].equals(s[2]) || !s[1].equals(s[3])) {
                report.problem(DOUBLE_ENTRY, currencyName(currency) + ": pending debits " + s[0] + " vs credits " + s[2]
                        + ", posted debits " + s[1] + " vs credits " + s[3]);
            }
        });
    }

    private void checkLimits(int slot) {
        int flags = accounts.flags[slot];
        BigInteger dp = accounts.stored(slot, 0).toBigInteger();
        BigInteger dpo = accounts.stored(slot, 2).toBigInteger();
        BigInteger cp = accounts.stored(slot, 4).toBigInteger();
        BigInteger cpo = accounts.stored(slot, 6).toBigInteger();
        if ((flags & AccountFlags.DEBITS_MUST_NOT_EXCEED_CREDITS) != 0 && dp.add(dpo).compareTo(cpo) > 0) {
            report.problem(BALANCE_LIMITS, "account " + accounts.ids[slot] + " debits exceed its credits");
        }
        if ((flags & AccountFlags.CREDITS_MUST_NOT_EXCEED_DEBITS) != 0 && cp.add(cpo).compareTo(dpo) > 0) {
            report.problem(BALANCE_LIMITS, "account " + accounts.ids[slot] + " credits exceed its debits");
        }
    }

    private void checkClosed(int slot) {
        boolean closed = (accounts.flags[slot] & AccountFlags.CLOSED) != 0;
        boolean createdClosed = (accounts.creationFlags[slot] & AccountFlags.CLOSED) != 0;
        boolean expected = createdClosed || accounts.closedBy[slot] > 0;
        if (closed != expected || (createdClosed && accounts.closedBy[slot] > 0)) {
            report.problem(CLOSED_FLAGS, "account " + accounts.ids[slot] + " is " + (closed ? "" : "not ")
                    + "closed with " + accounts.closedBy[slot] + " open closing transfer(s)");
        }
    }

    private void checkHistory() {
        byte[] prefix = StoreLayout.ledgerPrefix(ledger);
        long rows = 0;
        try (StoreIterator it = store.iterator(ColumnFamily.HISTORY)) {
            it.seek(prefix);
            while (it.isValid() && Bytes.getInt(it.key(), 0) == ledger) {
                UInt128 account = idOf(it.key());
                byte[] last = it.value();
                for (it.next(); it.isValid() && Bytes.getInt(it.key(), 0) == ledger && idOf(it.key()).equals(account);
                        it.next()) {
                    last = it.value();
                    rows++;
                }
                rows++;
                checkLastHistoryRow(account, last);
            }
        }
        report.count("history rows", rows);
    }

    private void checkLastHistoryRow(UInt128 account, byte[] last) {
        int slot = accounts.slotOf(account);
        if (slot < 0 || (accounts.flags[slot] & AccountFlags.HISTORY) == 0) {
            report.problem(HISTORY, "history rows for " + account + ", which does not keep history");
            return;
        }
        long[] balances = new long[8];
        RecordCodec.decodeBalances(last, balances);
        for (int half = 0; half < 8; half++) {
            if (balances[half] != accounts.stored[slot * 8 + half]) {
                report.problem(HISTORY, "the last history row of " + account + " differs from its balances");
                return;
            }
        }
    }

    private void checkTransactions() {
        byte[] prefix = StoreLayout.ledgerPrefix(ledger);
        long count = 0;
        try (StoreIterator it = store.iterator(ColumnFamily.TRANSACTIONS)) {
            for (it.seek(prefix); it.isValid() && Bytes.getInt(it.key(), 0) == ledger; it.next()) {
                UInt128 id = idOf(it.key());
                if (RecordCodec.decodeTransaction(id, it.value()) instanceof TransactionRecord tx) {
                    count++;
                    checkLegs(tx);
                    outbox.transaction(tx);
                }
            }
        }
        report.count("transactions", count);
    }

    private void checkLegs(TransactionRecord tx) {
        for (int k = 0; k < tx.legCount(); k++) {
            TransferRecord leg = StoreReader.transfer(store, ledger, TransactionLegs.legId(tx.id(), k));
            if (leg == null || !leg.userData128().equals(tx.id())) {
                report.problem(TRANSACTIONS, "transaction " + tx.id() + " is missing leg " + k);
            }
        }
    }

    private void checkPosition() {
        RecordCodec.Position position = StoredAccounts.position(store, ledger);
        if (position.lastTimestamp() < maxTimestamp) {
            report.problem(POSITION, "applied position " + position.lastTimestamp() + " is before stored event "
                    + maxTimestamp);
        }
        if (position.checkpointSequence() > position.sequence()) {
            report.problem(POSITION, "balance checkpoint " + position.checkpointSequence() + " is after the last batch "
                    + position.sequence());
        }
        long journals = 0;
        try (StoreIterator it = store.iterator(ColumnFamily.BALANCE_JOURNAL)) {
            for (it.seek(StoreLayout.ledgerPrefix(ledger)); it.isValid() && Bytes.getInt(it.key(), 0) == ledger;
                    it.next()) {
                long sequence = Bytes.getLong(it.key(), StoreLayout.LEDGER_BYTES);
                journals++;
                if (sequence <= position.checkpointSequence() || sequence > position.sequence()) {
                    report.problem(POSITION, "balance journal of batch " + sequence + " is outside ("
                            + position.checkpointSequence() + ", " + position.sequence() + "]");
                }
            }
        }
        report.count("balance journal records", journals);
    }

    private static UInt128 idOf(byte[] key) {
        return new UInt128(Bytes.getLong(key, StoreLayout.LEDGER_BYTES), Bytes.getLong(key, StoreLayout.LEDGER_BYTES + 8));
    }

    private static String fieldName(int field) {
        return switch (field) {
            case 0 -> "debits_pending";
            case 2 -> "debits_posted";
            case 4 -> "credits_pending";
            default -> "credits_posted";
        };
    }

    static String currencyName(long ledgerNumber) {
        try {
            return Currency.fromLedger(ledgerNumber);
        } catch (IllegalArgumentException e) {
            return "ledger " + ledgerNumber;
        }
    }
}
