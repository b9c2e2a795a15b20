package dev.settle.client;

import java.math.BigInteger;
import java.util.Objects;
import java.util.UUID;

/** One leg of a transaction: an amount debited from or credited to an account. */
public record TransactionEntry(UUID accountId, Direction direction, BigInteger amount) {
    public TransactionEntry {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(amount, "amount");
        Amounts.requireValid(amount, "amount");
    }

    public static TransactionEntry debit(UUID accountId, BigInteger amount) {
        return new TransactionEntry(accountId, Direction.DEBIT, amount);
    }

    public static TransactionEntry debit(UUID accountId, long amount) {
        return debit(accountId, BigInteger.valueOf(amount));
    }

    public static TransactionEntry credit(UUID accountId, BigInteger amount) {
        return new TransactionEntry(accountId, Direction.CREDIT, amount);
    }

    public static TransactionEntry credit(UUID accountId, long amount) {
        return credit(accountId, BigInteger.valueOf(amount));
    }
}
