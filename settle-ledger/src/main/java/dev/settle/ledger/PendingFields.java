package dev.settle.ledger;

/**
 * Scratch copy of the transfer a post or void refers to, loaded either from the open pending
 * table (the common case, no allocation) or from a stored record (when it is closed already, or
 * was never pending), so one code path checks both.
 */
final class PendingFields {
    private final LedgerEngine engine;

    /** The open pending slot, or -1 when the transfer is not open. */
    int openSlot;
    TransferStatus status;
    int flags;
    long debitHigh;
    long debitLow;
    long creditHigh;
    long creditLow;
    long amountHigh;
    long amountLow;
    long userData128High;
    long userData128Low;
    long userData64;
    int userData32;
    long ledger;
    int code;
    long timestamp;
    long expiresAt;

    PendingFields(LedgerEngine engine) {
        this.engine = engine;
    }

    /** Loads the transfer with this id; false when there is none (a failed id counts as none). */
    boolean load(long high, long low) {
        PendingTable pendings = engine.pendings;
        int slot = pendings.find(high, low);
        if (slot >= 0) {
            loadOpen(pendings, slot);
            return true;
        }
        KnownTransferId known = engine.lookupTransfer(high, low);
        if (!(known instanceof TransferRecord record)) {
            return false;
        }
        Invariants.check(record.status() != TransferStatus.PENDING || !record.hasFlag(TransferFlags.PENDING),
                "a pending transfer with status pending is open in memory");
        loadRecord(record);
        return true;
    }

    private void loadOpen(PendingTable pendings, int slot) {
        AccountTable accounts = engine.accounts;
        openSlot = slot;
        status = TransferStatus.PENDING;
        flags = pendings.flags(slot);
        int debit = pendings.debitSlot(slot);
        int credit = pendings.creditSlot(slot);
        debitHigh = accounts.idHigh(debit);
        debitLow = accounts.idLow(debit);
        creditHigh = accounts.idHigh(credit);
        creditLow = accounts.idLow(credit);
        amountHigh = pendings.amountHigh(slot);
        amountLow = pendings.amountLow(slot);
        userData128High = pendings.userData128High(slot);
        userData128Low = pendings.userData128Low(slot);
        userData64 = pendings.userData64(slot);
        userData32 = pendings.userData32(slot);
        ledger = pendings.ledger(slot);
        code = pendings.code(slot);
        timestamp = pendings.timestamp(slot);
        expiresAt = pendings.expiresAt(slot);
    }

    private void loadRecord(TransferRecord record) {
        openSlot = -1;
        status = record.status();
        flags = record.flags();
        debitHigh = record.debitAccountId().high();
        debitLow = record.debitAccountId().low();
        creditHigh = record.creditAccountId().high();
        creditLow = record.creditAccountId().low();
        amountHigh = record.amount().high();
        amountLow = record.amount().low();
        userData128High = record.userData128().high();
        userData128Low = record.userData128().low();
        userData64 = record.userData64();
        userData32 = record.userData32();
        ledger = record.ledger();
        code = record.code();
        timestamp = record.timestamp();
        expiresAt = record.expiresAt();
    }
}
