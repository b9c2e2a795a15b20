package dev.settle.client;

import java.math.BigInteger;
import java.time.Instant;

/**
 * An account's balances right after one transfer (accounts with {@link AccountFlags#HISTORY}).
 *
 * @param timestamp the transfer's ledger timestamp, a decimal string; the cursor of
 *     {@link ListParams} for balance history
 */
public record Balance(
        String timestamp,
        Instant created,
        BigInteger debitsPending,
        BigInteger debitsPosted,
        BigInteger creditsPending,
        BigInteger creditsPosted) {}
