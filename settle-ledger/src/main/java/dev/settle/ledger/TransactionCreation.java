package dev.settle.ledger;

import java.math.BigInteger;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Creates a balanced multi-leg transaction: validates its entries, decomposes it into legs
 * ({@link TransactionLegs}) and applies the legs as one linked chain, so that it applies whole or
 * not at all. A failing leg fails the transaction with the result of the entry it came from.
 */
final class TransactionCreation {
    private final LedgerEngine engine;
    private final TransferCreation transfers;
    private final TransferBatch legs = new TransferBatch(LedgerLimits.TRANSACTION_LEGS_MAX);

    TransactionCreation(LedgerEngine engine, TransferCreation transfers) {
        this.engine = engine;
        this.transfers = transfers;
    }

    TransactionOutcome create(NewTransaction tx) {
        long timestamp = engine.nextTimestamp();
        UInt128 id = tx.id();
        if (id.isZero()) {
            return failed(CreateTransactionResult.ID_MUST_NOT_BE_ZERO, -1, timestamp);
        }
        if (id.isMax()) {
            return failed(CreateTransactionResult.ID_MUST_NOT_BE_INT_MAX, -1, timestamp);
        }
        KnownTransactionId known = engine.lookupTransaction(id.high(), id.low());
        if (known instanceof TransactionRecord existing) {
            return compareExisting(tx, existing);
        }
        if (known != null) {
            return failed(CreateTransactionResult.ID_ALREADY_FAILED, -1, timestamp);
        }
        TransactionOutcome invalid = validate(tx, timestamp);
        if (invalid != null) {
            return remember(tx, invalid);
        }
        return remember(tx, applyLegs(tx, timestamp));
    }

    private TransactionOutcome compareExisting(NewTransaction tx, TransactionRecord e) {
        CreateTransactionResult result;
        if (!tx.entries().equals(e.entries())) {
            result = CreateTransactionResult.EXISTS_WITH_DIFFERENT_ENTRIES;
        } else if (tx.code() != e.code()) {
            result = CreateTransactionResult.EXISTS_WITH_DIFFERENT_CODE;
        } else if (!AccountCreation.sameMetadata(tx.metadata(), e.metadata())) {
            result = CreateTransactionResult.EXISTS_WITH_DIFFERENT_METADATA;
        } else {
            result = CreateTransactionResult.EXISTS;
        }
        return new TransactionOutcome(result, -1, e.timestamp());
    }

    /** The first failure of the entries themselves, or null when they are valid. */
    private TransactionOutcome validate(NewTransaction tx, long timestamp) {
        List<TransactionEntry> entries = tx.entries();
        if (entries.size() < 2 || entries.size() > LedgerLimits.TRANSACTION_ENTRIES_MAX) {
            return failed(CreateTransactionResult.ENTRY_COUNT_OUT_OF_RANGE, -1, timestamp);
        }
        for (int k = 0; k < entries.size(); k++) {
            TransactionEntry entry = entries.get(k);
            if (entry.accountId().isZero()) {
                return failed(CreateTransactionResult.ENTRY_ACCOUNT_ID_MUST_NOT_BE_ZERO, k, timestamp);
            }
            if (entry.accountId().isMax()) {
                return failed(CreateTransactionResult.ENTRY_ACCOUNT_ID_MUST_NOT_BE_INT_MAX, k, timestamp);
            }
            if (entry.amount().isZero()) {
                return failed(CreateTransactionResult.ENTRY_AMOUNT_MUST_NOT_BE_ZERO, k, timestamp);
            }
        }
        for (int k = 0; k < entries.size(); k++) {
            UInt128 account = entries.get(k).accountId();
            if (engine.accounts.find(account.high(), account.low()) < 0) {
                return failed(CreateTransactionResult.ENTRY_ACCOUNT_NOT_FOUND, k, timestamp);
            }
        }
        TransactionOutcome unbalanced = checkBalanced(entries, timestamp);
        return unbalanced != null ? unbalanced : checkSides(entries, timestamp);
    }

    /** Debits must equal credits in every currency; names the first entry of the first unbalanced one. */
    private TransactionOutcome checkBalanced(List<TransactionEntry> entries, long timestamp) {
        Map<Long, BigInteger> net = new HashMap<>();
        Map<Long, Integer> firstEntry = new HashMap<>();
        for (int k = 0; k < entries.size(); k++) {
            long ledger = ledgerOf(entries.get(k));
            BigInteger amount = entries.get(k).amount().toBigInteger();
            boolean debit = entries.get(k).direction() == EntryDirection.DEBIT;
            net.merge(ledger, debit ? amount : amount.negate(), BigInteger::add);
            firstEntry.putIfAbsent(ledger, k);
        }
        int first = Integer.MAX_VALUE;
        for (Map.Entry<Long, BigInteger> currency : net.entrySet()) {
            if (currency.getValue().signum() != 0) {
                first = Math.min(first, firstEntry.get(currency.getKey()));
            }
        }
        return first == Integer.MAX_VALUE ? null
                : failed(CreateTransactionResult.ENTRIES_MUST_BALANCE, first, timestamp);
    }

    /** An account may not be both debited and credited in one transaction. */
    private static TransactionOutcome checkSides(List<TransactionEntry> entries, long timestamp) {
        Set<UInt128> debited = new HashSet<>();
        Set<UInt128> credited = new HashSet<>();
        for (int k = 0; k < entries.size(); k++) {
            TransactionEntry entry = entries.get(k);
            boolean debit = entry.direction() == EntryDirection.DEBIT;
            if ((debit ? credited : debited).contains(entry.accountId())) {
                return new TransactionOutcome(CreateTransactionResult.ACCOUNT_ON_BOTH_SIDES, k, timestamp);
            }
            (debit ? debited : credited).add(entry.accountId());
        }
        return null;
    }

    private TransactionOutcome applyLegs(NewTransaction tx, long timestamp) {
        List<TransactionEntry> entries = tx.entries();
        long[] ledgers = new long[entries.size()];
        for (int k = 0; k < entries.size(); k++) {
            ledgers[k] = ledgerOf(entries.get(k));
        }
        List<TransactionLegs.Leg> plan = TransactionLegs.decompose(entries, ledgers);
        fillLegs(tx, plan, ledgers);
        engine.openScope();
        for (int k = 0; k < legs.size(); k++) {
            CreateTransferResult result = transfers.create(legs, k, engine.nextTimestamp());
            if (result != CreateTransferResult.OK) {
                engine.discardScope();
                return legFailure(result, plan.get(k), timestamp);
            }
        }
        engine.commitScope();
        engine.recordTransaction(new TransactionRecord(tx.id(), tx.code(), entries, tx.metadata(), timestamp,
                plan.size()));
        return new TransactionOutcome(CreateTransactionResult.OK, -1, timestamp);
    }

    private void fillLegs(NewTransaction tx, List<TransactionLegs.Leg> plan, long[] ledgers) {
        legs.clear();
        for (int k = 0; k < plan.size(); k++) {
            TransactionLegs.Leg leg = plan.get(k);
            UInt128 legId = TransactionLegs.legId(tx.id(), k);
            UInt128 debit = tx.entries().get(leg.debitEntry()).accountId();
            UInt128 credit = tx.entries().get(leg.creditEntry()).accountId();
            int i = legs.add();
            legs.setId(i, legId.high(), legId.low());
            legs.setDebitAccountId(i, debit.high(), debit.low());
            legs.setCreditAccountId(i, credit.high(), credit.low());
            legs.setAmount(i, leg.amount().high(), leg.amount().low());
            legs.setUserData(i, tx.id().high(), tx.id().low(), 0, 0);
            legs.setLedger(i, ledgers[leg.debitEntry()]);
            legs.setCode(i, tx.code());
            legs.setFlags(i, k < plan.size() - 1 ? TransferFlags.LINKED : 0);
        }
    }

    private static TransactionOutcome legFailure(CreateTransferResult result, TransactionLegs.Leg leg, long timestamp) {
        return switch (result) {
            case EXISTS, EXISTS_WITH_DIFFERENT_FLAGS, EXISTS_WITH_DIFFERENT_PENDING_ID, EXISTS_WITH_DIFFERENT_TIMEOUT,
                    EXISTS_WITH_DIFFERENT_DEBIT_ACCOUNT_ID, EXISTS_WITH_DIFFERENT_CREDIT_ACCOUNT_ID,
                    EXISTS_WITH_DIFFERENT_AMOUNT, EXISTS_WITH_DIFFERENT_USER_DATA_128,
                    EXISTS_WITH_DIFFERENT_USER_DATA_64, EXISTS_WITH_DIFFERENT_USER_DATA_32,
                    EXISTS_WITH_DIFFERENT_LEDGER, EXISTS_WITH_DIFFERENT_CODE, EXISTS_WITH_DIFFERENT_METADATA,
                    ID_ALREADY_FAILED -> failed(CreateTransactionResult.LEG_ID_ALREADY_USED, -1, timestamp);
            case DEBIT_ACCOUNT_ALREADY_CLOSED ->
                    failed(CreateTransactionResult.ACCOUNT_ALREADY_CLOSED, leg.debitEntry(), timestamp);
            case CREDIT_ACCOUNT_ALREADY_CLOSED ->
                    failed(CreateTransactionResult.ACCOUNT_ALREADY_CLOSED, leg.creditEntry(), timestamp);
            case OVERFLOWS_DEBITS_POSTED ->
                    failed(CreateTransactionResult.OVERFLOWS_DEBITS_POSTED, leg.debitEntry(), timestamp);
            case OVERFLOWS_CREDITS_POSTED ->
                    failed(CreateTransactionResult.OVERFLOWS_CREDITS_POSTED, leg.creditEntry(), timestamp);
            case OVERFLOWS_DEBITS -> failed(CreateTransactionResult.OVERFLOWS_DEBITS, leg.debitEntry(), timestamp);
            case OVERFLOWS_CREDITS -> failed(CreateTransactionResult.OVERFLOWS_CREDITS, leg.creditEntry(), timestamp);
            case EXCEEDS_CREDITS -> failed(CreateTransactionResult.EXCEEDS_CREDITS, leg.debitEntry(), timestamp);
            case EXCEEDS_DEBITS -> failed(CreateTransactionResult.EXCEEDS_DEBITS, leg.creditEntry(), timestamp);
            default -> throw new Invariants.InvariantViolation("a validated leg cannot fail with " + result.code());
        };
    }

    private TransactionOutcome remember(NewTransaction tx, TransactionOutcome outcome) {
        if (outcome.result().isTransient()) {
            engine.recordFailedTransaction(tx.id().high(), tx.id().low(), outcome.result(), outcome.timestamp());
        }
        return outcome;
    }

    private long ledgerOf(TransactionEntry entry) {
        int slot = engine.accounts.find(entry.accountId().high(), entry.accountId().low());
        Invariants.check(slot >= 0, "entry accounts were checked");
        return engine.accounts.ledger(slot);
    }

    private static TransactionOutcome failed(CreateTransactionResult result, int entry, long timestamp) {
        return new TransactionOutcome(result, entry, timestamp);
    }
}
