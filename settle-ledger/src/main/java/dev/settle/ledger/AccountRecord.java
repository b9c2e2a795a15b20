package dev.settle.ledger;

/**
 * An account as stored: its immutable fields, current flags and balances.
 *
 * @param timestamp the engine timestamp of its creation, unique within the ledger
 * @param lastTransferTimestamp the timestamp of its newest transfer (0: none), the head of the
 *     chain through which its transfers are listed newest first
 */
public record AccountRecord(
        UInt128 id,
        long ledger,
        int code,
        int flags,
        UInt128 userData128,
        long userData64,
        int userData32,
        long timestamp,
        UInt128 debitsPending,
        UInt128 debitsPosted,
        UInt128 creditsPending,
        UInt128 creditsPosted,
        long lastTransferTimestamp,
        byte[] metadata) {}
