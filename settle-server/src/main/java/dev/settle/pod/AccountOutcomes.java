package dev.settle.pod;

import dev.settle.ledger.AccountRecord;
import dev.settle.ledger.AccountResults;

/** The results of an account submission and, when asked for, each OK or EXISTS account as it stood then. */
public record AccountOutcomes(AccountResults results, AccountRecord[] records) {}
