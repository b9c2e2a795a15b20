package dev.settle.ledger;

import java.util.Arrays;

/** Creates accounts (TigerBeetle's {@code create_account}, result precedence as listed in the enum). */
final class AccountCreation implements ChainRunner.Events {
    private final LedgerEngine engine;
    private final AccountTable accounts;
    private AccountBatch batch;
    private AccountResults results;

    AccountCreation(LedgerEngine engine) {
        this.engine = engine;
        this.accounts = engine.accounts;
    }

    AccountCreation bind(AccountBatch newBatch, AccountResults newResults) {
        this.batch = newBatch;
        this.results = newResults;
        return this;
    }

    @Override
    public int size() {
        return batch.size();
    }

    @Override
    public boolean linked(int i) {
        return (batch.flags[i] & AccountFlags.LINKED) != 0;
    }

    @Override
    public void fail(int i, int resultOrdinal, long timestamp) {
        results.set(i, CreateAccountResult.ofOrdinal(resultOrdinal), timestamp);
    }

    @Override
    public long timestampOf(int i) {
        return results.timestamp(i);
    }

    @Override
    public void rememberTransientFailure(int i) {
        // No account failure is transient: an account id can be retried after any failure.
    }

    @Override
    public boolean apply(int i, long timestamp) {
        int existing = accounts.find(batch.idHigh[i], batch.idLow[i]);
        CreateAccountResult result = validate(i, existing);
        if (result == CreateAccountResult.EXISTS) {
            results.set(i, result, accounts.timestamp(existing));
            return false;
        }
        if (result != CreateAccountResult.OK) {
            results.set(i, result, timestamp);
            return false;
        }
        engine.createAccountSlot(batch, i, timestamp);
        results.set(i, CreateAccountResult.OK, timestamp);
        return true;
    }

    private CreateAccountResult validate(int i, int existing) {
        int flags = batch.flags[i];
        if ((flags & ~AccountFlags.ALL) != 0) {
            return CreateAccountResult.RESERVED_FLAG;
        }
        if (UInt128.isZero(batch.idHigh[i], batch.idLow[i])) {
            return CreateAccountResult.ID_MUST_NOT_BE_ZERO;
        }
        if (UInt128.isMax(batch.idHigh[i], batch.idLow[i])) {
            return CreateAccountResult.ID_MUST_NOT_BE_INT_MAX;
        }
        if (existing >= 0) {
            return compareExisting(i, existing);
        }
        if ((flags & AccountFlags.DEBITS_MUST_NOT_EXCEED_CREDITS) != 0
                && (flags & AccountFlags.CREDITS_MUST_NOT_EXCEED_DEBITS) != 0) {
            return CreateAccountResult.FLAGS_ARE_MUTUALLY_EXCLUSIVE;
        }
        if (batch.ledger[i] == 0) {
            return CreateAccountResult.LEDGER_MUST_NOT_BE_ZERO;
        }
        if (accounts.size() >= LedgerLimits.ACCOUNTS_MAX) {
            return CreateAccountResult.ACCOUNT_LIMIT_REACHED;
        }
        return CreateAccountResult.OK;
    }

    private CreateAccountResult compareExisting(int i, int e) {
        if (batch.flags[i] != accounts.flags(e)) {
            return CreateAccountResult.EXISTS_WITH_DIFFERENT_FLAGS;
        }
        if (batch.userData128High[i] != accounts.userData128High(e)
                || batch.userData128Low[i] != accounts.userData128Low(e)) {
            return CreateAccountResult.EXISTS_WITH_DIFFERENT_USER_DATA_128;
        }
        if (batch.userData64[i] != accounts.userData64(e)) {
            return CreateAccountResult.EXISTS_WITH_DIFFERENT_USER_DATA_64;
        }
        if (batch.userData32[i] != accounts.userData32(e)) {
            return CreateAccountResult.EXISTS_WITH_DIFFERENT_USER_DATA_32;
        }
        if (batch.ledger[i] != accounts.ledger(e)) {
            return CreateAccountResult.EXISTS_WITH_DIFFERENT_LEDGER;
        }
        if (batch.code[i] != accounts.code(e)) {
            return CreateAccountResult.EXISTS_WITH_DIFFERENT_CODE;
        }
        if (MetadataDigest.of(batch.metadata[i]) != accounts.metadataDigest(e)) {
            return CreateAccountResult.EXISTS_WITH_DIFFERENT_METADATA;
        }
        return CreateAccountResult.EXISTS;
    }

    /** Metadata equality where null and empty are the same. */
    static boolean sameMetadata(byte[] a, byte[] b) {
        boolean aEmpty = a == null || a.length == 0;
        boolean bEmpty = b == null || b.length == 0;
        if (aEmpty || bEmpty) {
            return aEmpty == bEmpty;
        }
        return Arrays.equals(a, b);
    }
}
