package dev.settle.ledger;

/**
 * An account's four balances at one moment.
 *
 * @param timestamp the engine timestamp of the event after which these balances held
 */
public record Balances(
        long timestamp,
        UInt128 debitsPending,
        UInt128 debitsPosted,
        UInt128 creditsPending,
        UInt128 creditsPosted) {}
