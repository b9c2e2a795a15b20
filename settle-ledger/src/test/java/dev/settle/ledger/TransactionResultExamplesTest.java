package dev.settle.ledger;

import static dev.settle.ledger.CreateTransactionResult.*;
import static dev.settle.ledger.ExampleLedger.credit;
import static dev.settle.ledger.ExampleLedger.debit;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * One example per {@link CreateTransactionResult}: the smallest ledger that produces the code. Alice
 * and Bob hold plain USD accounts. A transaction applies whole or not at all, so each failure also
 * checks that nothing was applied; a failure that comes from one entry names it
 * ({@link TransactionOutcome#entryIndex()}).
 */
class TransactionResultExamplesTest {
    @RegisterExtension
    static final ExampleLedger.Examples<CreateTransactionResult> EXAMPLES =
            new ExampleLedger.Examples<>(CreateTransactionResult.class, Map.of());

    private final ExampleLedger ledger = new ExampleLedger();
    private UInt128 alice;
    private UInt128 bob;

    @BeforeEach
    void openAccounts() {
        alice = ledger.account();
        bob = ledger.account();
    }

    @Test
    void balancedTransactionMovesEveryEntry() {
        UInt128 carol = ledger.account();
        NewTransaction split = ledger.newTransaction(debit(alice, 10), credit(bob, 6), credit(carol, 4));

        EXAMPLES.expect(ledger.submit(split).result(), OK);
        assertThat(ledger.find(alice).debitsPosted()).isEqualTo(UInt128.of(10));
        assertThat(ledger.find(bob).creditsPosted()).isEqualTo(UInt128.of(6));
        assertThat(ledger.find(carol).creditsPosted()).isEqualTo(UInt128.of(4));
    }

    @Test
    void transactionWithIdZeroIsRejected() {
        NewTransaction transaction = new NewTransaction(UInt128.ZERO, 0, List.of(debit(alice, 10), credit(bob, 10)),
                null);

        EXAMPLES.expect(ledger.submit(transaction).result(), ID_MUST_NOT_BE_ZERO);
        ledger.assertNothingApplied();
    }

    @Test
    void transactionWithTheLargestIdIsRejected() {
        NewTransaction transaction = new NewTransaction(UInt128.MAX, 0, List.of(debit(alice, 10), credit(bob, 10)),
                null);

        EXAMPLES.expect(ledger.submit(transaction).result(), ID_MUST_NOT_BE_INT_MAX);
        ledger.assertNothingApplied();
    }

    // ---- Resubmitting an id ----

    @Test
    void resubmittingATransactionWithOtherEntriesIsRejected() {
        NewTransaction transaction = ledger.newTransaction(debit(alice, 10), credit(bob, 10));
        ledger.submit(transaction);
        NewTransaction otherEntries = new NewTransaction(transaction.id(), 0,
                List.of(debit(alice, 20), credit(bob, 20)), null);

        EXAMPLES.expect(ledger.submit(otherEntries).result(), EXISTS_WITH_DIFFERENT_ENTRIES);
        ledger.assertNothingApplied();
    }

    @Test
    void resubmittingATransactionWithAnotherCodeIsRejected() {
        NewTransaction transaction = ledger.newTransaction(debit(alice, 10), credit(bob, 10));
        ledger.submit(transaction);
        NewTransaction otherCode = new NewTransaction(transaction.id(), 7, transaction.entries(), null);

        EXAMPLES.expect(ledger.submit(otherCode).result(), EXISTS_WITH_DIFFERENT_CODE);
        ledger.assertNothingApplied();
    }

    @Test
    void resubmittingATransactionWithOtherMetadataIsRejected() {
        NewTransaction transaction = ledger.newTransaction(debit(alice, 10), credit(bob, 10));
        ledger.submit(transaction);
        NewTransaction otherMetadata = new NewTransaction(transaction.id(), 0, transaction.entries(), new byte[] {1});

        EXAMPLES.expect(ledger.submit(otherMetadata).result(), EXISTS_WITH_DIFFERENT_METADATA);
        ledger.assertNothingApplied();
    }

    @Test
    void resubmittingATransactionExactlyMovesNothingMore() {
        NewTransaction transaction = ledger.newTransaction(debit(alice, 10), credit(bob, 10));
        TransactionOutcome first = ledger.submit(transaction);

        TransactionOutcome again = ledger.submit(transaction);

        EXAMPLES.expect(again.result(), EXISTS);
        assertThat(again.timestamp()).as("the original transaction's timestamp").isEqualTo(first.timestamp());
        ledger.assertNothingApplied();
        assertThat(ledger.find(alice).debitsPosted()).isEqualTo(UInt128.of(10));
    }

    @Test
    void retryingATransactionThatFailedOnTheStateKeepsItsFailure() {
        NewAccount carol = ledger.newAccount();
        NewTransaction toCarol = ledger.newTransaction(debit(alice, 10), credit(carol.id(), 10));
        assertThat(ledger.submit(toCarol).result()).isEqualTo(ENTRY_ACCOUNT_NOT_FOUND);
        ledger.submit(carol);

        // One id, one outcome: the retry does not succeed now that Carol's account exists.
        EXAMPLES.expect(ledger.submit(toCarol).result(), ID_ALREADY_FAILED);
        ledger.assertNothingApplied();
    }

    // ---- The entries ----

    @Test
    void transactionWithASingleEntryIsRejected() {
        EXAMPLES.expect(ledger.submit(ledger.newTransaction(debit(alice, 10))).result(), ENTRY_COUNT_OUT_OF_RANGE);
        ledger.assertNothingApplied();
    }

    @Test
    void entryWithoutAnAccountIsRejected() {
        TransactionOutcome outcome = ledger.submit(ledger.newTransaction(debit(alice, 10), credit(UInt128.ZERO, 10)));

        EXAMPLES.expect(outcome.result(), ENTRY_ACCOUNT_ID_MUST_NOT_BE_ZERO);
        assertThat(outcome.entryIndex()).isEqualTo(1);
        ledger.assertNothingApplied();
    }

    @Test
    void entryForTheLargestAccountIdIsRejected() {
        TransactionOutcome outcome = ledger.submit(ledger.newTransaction(debit(alice, 10), credit(UInt128.MAX, 10)));

        EXAMPLES.expect(outcome.result(), ENTRY_ACCOUNT_ID_MUST_NOT_BE_INT_MAX);
        assertThat(outcome.entryIndex()).isEqualTo(1);
        ledger.assertNothingApplied();
    }

    @Test
    void entryOfZeroIsRejected() {
        UInt128 carol = ledger.account();
        NewTransaction transaction = ledger.newTransaction(debit(alice, 10), credit(bob, 10), credit(carol, 0));

        TransactionOutcome outcome = ledger.submit(transaction);

        EXAMPLES.expect(outcome.result(), ENTRY_AMOUNT_MUST_NOT_BE_ZERO);
        assertThat(outcome.entryIndex()).isEqualTo(2);
        ledger.assertNothingApplied();
    }

    @Test
    void entryForAMissingAccountIsRejected() {
        TransactionOutcome outcome =
                ledger.submit(ledger.newTransaction(debit(alice, 10), credit(ExampleLedger.NO_SUCH_ACCOUNT, 10)));

        EXAMPLES.expect(outcome.result(), ENTRY_ACCOUNT_NOT_FOUND);
        assertThat(outcome.entryIndex()).isEqualTo(1);
        ledger.assertNothingApplied();
    }

    @Test
    void transactionWhoseDebitsAndCreditsDifferIsRejected() {
        TransactionOutcome outcome = ledger.submit(ledger.newTransaction(debit(alice, 10), credit(bob, 9)));

        EXAMPLES.expect(outcome.result(), ENTRIES_MUST_BALANCE);
        assertThat(outcome.entryIndex()).as("the first entry of the unbalanced currency").isEqualTo(0);
        ledger.assertNothingApplied();
    }

    @Test
    void transactionThatDebitsAndCreditsTheSameAccountIsRejected() {
        TransactionOutcome outcome = ledger.submit(ledger.newTransaction(debit(alice, 10), credit(alice, 10)));

        EXAMPLES.expect(outcome.result(), ACCOUNT_ON_BOTH_SIDES);
        assertThat(outcome.entryIndex()).isEqualTo(1);
        ledger.assertNothingApplied();
    }

    // ---- The legs: the transfers a transaction becomes ----

    @Test
    void transactionWhoseLegIdIsAlreadyATransferIsRejected() {
        NewTransaction transaction = ledger.newTransaction(debit(alice, 10), credit(bob, 10));
        UInt128 firstLegId = TransactionLegs.legId(transaction.id(), 0);
        ledger.submit(NewTransfer.of(firstLegId, alice, bob, UInt128.of(1), ExampleLedger.USD));

        EXAMPLES.expect(ledger.submit(transaction).result(), LEG_ID_ALREADY_USED);
        ledger.assertNothingApplied();
    }

    @Test
    void transactionWithAClosedAccountIsRejected() {
        UInt128 closed = ledger.account(AccountFlags.CLOSED);

        TransactionOutcome outcome = ledger.submit(ledger.newTransaction(debit(alice, 10), credit(closed, 10)));

        EXAMPLES.expect(outcome.result(), ACCOUNT_ALREADY_CLOSED);
        assertThat(outcome.entryIndex()).isEqualTo(1);
        ledger.assertNothingApplied();
    }

    @Test
    void transactionThatWouldOverflowDebitsPostedIsRejected() {
        UInt128 carol = ledger.account();
        ledger.submit(ledger.newTransfer(alice, bob, UInt128.MAX));

        TransactionOutcome outcome = ledger.submit(ledger.newTransaction(debit(alice, 1), credit(carol, 1)));

        EXAMPLES.expect(outcome.result(), OVERFLOWS_DEBITS_POSTED);
        assertThat(outcome.entryIndex()).isEqualTo(0);
        ledger.assertNothingApplied();
    }

    @Test
    void transactionThatWouldOverflowCreditsPostedIsRejected() {
        UInt128 carol = ledger.account();
        ledger.submit(ledger.newTransfer(alice, bob, UInt128.MAX));

        TransactionOutcome outcome = ledger.submit(ledger.newTransaction(debit(carol, 1), credit(bob, 1)));

        EXAMPLES.expect(outcome.result(), OVERFLOWS_CREDITS_POSTED);
        assertThat(outcome.entryIndex()).isEqualTo(1);
        ledger.assertNothingApplied();
    }

    @Test
    void transactionThatWouldOverflowPendingPlusPostedDebitsIsRejected() {
        UInt128 carol = ledger.account();
        ledger.submit(ledger.newPending(alice, bob, UInt128.MAX));

        TransactionOutcome outcome = ledger.submit(ledger.newTransaction(debit(alice, 1), credit(carol, 1)));

        EXAMPLES.expect(outcome.result(), OVERFLOWS_DEBITS);
        assertThat(outcome.entryIndex()).isEqualTo(0);
        ledger.assertNothingApplied();
    }

    @Test
    void transactionThatWouldOverflowPendingPlusPostedCreditsIsRejected() {
        UInt128 carol = ledger.account();
        ledger.submit(ledger.newPending(alice, bob, UInt128.MAX));

        TransactionOutcome outcome = ledger.submit(ledger.newTransaction(debit(carol, 1), credit(bob, 1)));

        EXAMPLES.expect(outcome.result(), OVERFLOWS_CREDITS);
        assertThat(outcome.entryIndex()).isEqualTo(1);
        ledger.assertNothingApplied();
    }

    @Test
    void debitBeyondTheCreditsOfALimitedAccountIsRejected() {
        UInt128 limited = ledger.account(AccountFlags.DEBITS_MUST_NOT_EXCEED_CREDITS);

        TransactionOutcome outcome = ledger.submit(ledger.newTransaction(debit(limited, 10), credit(bob, 10)));

        EXAMPLES.expect(outcome.result(), EXCEEDS_CREDITS);
        assertThat(outcome.entryIndex()).isEqualTo(0);
        ledger.assertNothingApplied();
    }

    @Test
    void creditBeyondTheDebitsOfALimitedAccountIsRejected() {
        UInt128 limited = ledger.account(AccountFlags.CREDITS_MUST_NOT_EXCEED_DEBITS);

        TransactionOutcome outcome = ledger.submit(ledger.newTransaction(debit(alice, 10), credit(limited, 10)));

        EXAMPLES.expect(outcome.result(), EXCEEDS_DEBITS);
        assertThat(outcome.entryIndex()).isEqualTo(1);
        ledger.assertNothingApplied();
    }

    @AfterAll
    static void everyResultCodeHasAnExample() {
        EXAMPLES.assertEveryCodeHasAnExample();
    }
}
