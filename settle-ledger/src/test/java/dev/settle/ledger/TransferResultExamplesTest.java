package dev.settle.ledger;

import static dev.settle.ledger.CreateTransferResult.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * One example per {@link CreateTransferResult}: the smallest ledger that produces the code. Alice
 * and Bob hold plain USD accounts; a failed transfer moves nothing, so each failure also checks
 * that nothing was applied.
 */
class TransferResultExamplesTest {
    @RegisterExtension
    static final ExampleLedger.Examples<CreateTransferResult> EXAMPLES =
            new ExampleLedger.Examples<>(CreateTransferResult.class, Map.of());

    private final ExampleLedger ledger = new ExampleLedger();
    private UInt128 alice;
    private UInt128 bob;

    @BeforeEach
    void openAccounts() {
        alice = ledger.account();
        bob = ledger.account();
    }

    // ---- Success, chains and the request's own fields ----

    @Test
    void transferMovesTheAmountFromDebitToCredit() {
        EXAMPLES.expect(ledger.submit(ledger.newTransfer(alice, bob, 10)), OK);
        assertThat(ledger.find(alice).debitsPosted()).isEqualTo(UInt128.of(10));
        assertThat(ledger.find(bob).creditsPosted()).isEqualTo(UInt128.of(10));
    }

    @Test
    void failureInALinkedChainUndoesTheTransfersBeforeIt() {
        NewTransfer first = ledger.newTransfer(alice, bob, 10).withFlags(TransferFlags.LINKED);
        NewTransfer second = ledger.newTransfer(alice, alice, 10);

        var results = ledger.submitAll(first, second);

        EXAMPLES.expect(results.get(0), LINKED_EVENT_FAILED);
        assertThat(results.get(1)).isEqualTo(ACCOUNTS_MUST_BE_DIFFERENT);
        ledger.assertNothingApplied();
    }

    @Test
    void linkedTransferAtTheEndOfARequestIsRejected() {
        NewTransfer linked = ledger.newTransfer(alice, bob, 10).withFlags(TransferFlags.LINKED);

        EXAMPLES.expect(ledger.submit(linked), LINKED_EVENT_CHAIN_OPEN);
        ledger.assertNothingApplied();
    }

    @Test
    void transferWithAReservedFlagIsRejected() {
        int imported = 1 << 8; // TigerBeetle's imported flag, reserved in Settle

        EXAMPLES.expect(ledger.submit(ledger.newTransfer(alice, bob, 10).withFlags(imported)), RESERVED_FLAG);
        ledger.assertNothingApplied();
    }

    @Test
    void transferWithIdZeroIsRejected() {
        NewTransfer transfer = NewTransfer.of(UInt128.ZERO, alice, bob, UInt128.of(10), ExampleLedger.USD);

        EXAMPLES.expect(ledger.submit(transfer), ID_MUST_NOT_BE_ZERO);
        ledger.assertNothingApplied();
    }

    @Test
    void transferWithTheLargestIdIsRejected() {
        NewTransfer transfer = NewTransfer.of(UInt128.MAX, alice, bob, UInt128.of(10), ExampleLedger.USD);

        EXAMPLES.expect(ledger.submit(transfer), ID_MUST_NOT_BE_INT_MAX);
        ledger.assertNothingApplied();
    }

    // ---- Resubmitting an id: exists, or the first field that differs ----

    @Test
    void resubmittingATransferWithOtherFlagsIsRejected() {
        NewTransfer transfer = ledger.newTransfer(alice, bob, 10);
        ledger.submit(transfer);

        EXAMPLES.expect(ledger.submit(transfer.withFlags(TransferFlags.PENDING)), EXISTS_WITH_DIFFERENT_FLAGS);
        ledger.assertNothingApplied();
    }

    @Test
    void resubmittingAPostForAnotherPendingTransferIsRejected() {
        NewTransfer first = ledger.newPending(alice, bob, 10);
        NewTransfer second = ledger.newPending(alice, bob, 10);
        NewTransfer post = ledger.newPost(first);
        ledger.submitAll(first, second, post);

        NewTransfer samePostOtherPending = post.toBuilder().pendingId(second.id()).build();

        EXAMPLES.expect(ledger.submit(samePostOtherPending), EXISTS_WITH_DIFFERENT_PENDING_ID);
        ledger.assertNothingApplied();
    }

    @Test
    void resubmittingAPendingTransferWithAnotherTimeoutIsRejected() {
        NewTransfer hold = ledger.newPending(alice, bob, 10).withTimeout(60);
        ledger.submit(hold);

        EXAMPLES.expect(ledger.submit(hold.withTimeout(120)), EXISTS_WITH_DIFFERENT_TIMEOUT);
        ledger.assertNothingApplied();
    }

    @Test
    void resubmittingATransferWithAnotherDebitAccountIsRejected() {
        UInt128 carol = ledger.account();
        NewTransfer transfer = ledger.newTransfer(alice, bob, 10);
        ledger.submit(transfer);

        EXAMPLES.expect(ledger.submit(transfer.toBuilder().debit(carol).build()),
                EXISTS_WITH_DIFFERENT_DEBIT_ACCOUNT_ID);
        ledger.assertNothingApplied();
    }

    @Test
    void resubmittingATransferWithAnotherCreditAccountIsRejected() {
        UInt128 carol = ledger.account();
        NewTransfer transfer = ledger.newTransfer(alice, bob, 10);
        ledger.submit(transfer);

        EXAMPLES.expect(ledger.submit(transfer.toBuilder().credit(carol).build()),
                EXISTS_WITH_DIFFERENT_CREDIT_ACCOUNT_ID);
        ledger.assertNothingApplied();
    }

    @Test
    void resubmittingATransferWithAnotherAmountIsRejected() {
        NewTransfer transfer = ledger.newTransfer(alice, bob, 10);
        ledger.submit(transfer);

        EXAMPLES.expect(ledger.submit(transfer.toBuilder().amount(UInt128.of(11)).build()),
                EXISTS_WITH_DIFFERENT_AMOUNT);
        ledger.assertNothingApplied();
    }

    @Test
    void resubmittingATransferWithOtherUserData128IsRejected() {
        NewTransfer transfer = ledger.newTransfer(alice, bob, 10);
        ledger.submit(transfer);

        EXAMPLES.expect(ledger.submit(transfer.withUserData(UInt128.of(7), 0, 0)),
                EXISTS_WITH_DIFFERENT_USER_DATA_128);
        ledger.assertNothingApplied();
    }

    @Test
    void resubmittingATransferWithOtherUserData64IsRejected() {
        NewTransfer transfer = ledger.newTransfer(alice, bob, 10);
        ledger.submit(transfer);

        EXAMPLES.expect(ledger.submit(transfer.withUserData(UInt128.ZERO, 7, 0)), EXISTS_WITH_DIFFERENT_USER_DATA_64);
        ledger.assertNothingApplied();
    }

    @Test
    void resubmittingATransferWithOtherUserData32IsRejected() {
        NewTransfer transfer = ledger.newTransfer(alice, bob, 10);
        ledger.submit(transfer);

        EXAMPLES.expect(ledger.submit(transfer.withUserData(UInt128.ZERO, 0, 7)), EXISTS_WITH_DIFFERENT_USER_DATA_32);
        ledger.assertNothingApplied();
    }

    @Test
    void resubmittingATransferInAnotherLedgerIsRejected() {
        NewTransfer transfer = ledger.newTransfer(alice, bob, 10);
        ledger.submit(transfer);

        // Ledger 0 would match: it means "the accounts' ledger".
        EXAMPLES.expect(ledger.submit(transfer.toBuilder().ledger(ExampleLedger.EUR).build()),
                EXISTS_WITH_DIFFERENT_LEDGER);
        ledger.assertNothingApplied();
    }

    @Test
    void resubmittingATransferWithAnotherCodeIsRejected() {
        NewTransfer transfer = ledger.newTransfer(alice, bob, 10);
        ledger.submit(transfer);

        EXAMPLES.expect(ledger.submit(transfer.withCode(7)), EXISTS_WITH_DIFFERENT_CODE);
        ledger.assertNothingApplied();
    }

    @Test
    void resubmittingATransferWithOtherMetadataIsRejected() {
        NewTransfer transfer = ledger.newTransfer(alice, bob, 10).withMetadata(new byte[] {1});
        ledger.submit(transfer);

        EXAMPLES.expect(ledger.submit(transfer.withMetadata(new byte[] {2})), EXISTS_WITH_DIFFERENT_METADATA);
        ledger.assertNothingApplied();
    }

    @Test
    void resubmittingATransferExactlyMovesNothingMore() {
        NewTransfer transfer = ledger.newTransfer(alice, bob, 10);
        ledger.submit(transfer);

        EXAMPLES.expect(ledger.submit(transfer), EXISTS);
        ledger.assertNothingApplied();
        assertThat(ledger.find(alice).debitsPosted()).isEqualTo(UInt128.of(10));
    }

    @Test
    void retryingATransferThatFailedOnTheStateKeepsItsFailure() {
        NewAccount carol = ledger.newAccount();
        NewTransfer toCarol = ledger.newTransfer(alice, carol.id(), 10);
        assertThat(ledger.submit(toCarol)).isEqualTo(CREDIT_ACCOUNT_NOT_FOUND);
        ledger.submit(carol);

        // One id, one outcome: the retry does not succeed now that Carol's account exists.
        EXAMPLES.expect(ledger.submit(toCarol), ID_ALREADY_FAILED);
        ledger.assertNothingApplied();
    }

    // ---- Fields that are wrong whatever the state ----

    @Test
    void postAndVoidAtOnceIsRejected() {
        NewTransfer hold = ledger.newPending(alice, bob, 10);
        ledger.submit(hold);
        int postAndVoid = TransferFlags.POST_PENDING_TRANSFER | TransferFlags.VOID_PENDING_TRANSFER;

        EXAMPLES.expect(ledger.submit(ledger.newPost(hold).withFlags(postAndVoid)), FLAGS_ARE_MUTUALLY_EXCLUSIVE);
        ledger.assertNothingApplied();
    }

    @Test
    void transferWithoutADebitAccountIsRejected() {
        EXAMPLES.expect(ledger.submit(ledger.newTransfer(UInt128.ZERO, bob, 10)), DEBIT_ACCOUNT_ID_MUST_NOT_BE_ZERO);
        ledger.assertNothingApplied();
    }

    @Test
    void transferFromTheLargestAccountIdIsRejected() {
        EXAMPLES.expect(ledger.submit(ledger.newTransfer(UInt128.MAX, bob, 10)), DEBIT_ACCOUNT_ID_MUST_NOT_BE_INT_MAX);
        ledger.assertNothingApplied();
    }

    @Test
    void transferWithoutACreditAccountIsRejected() {
        EXAMPLES.expect(ledger.submit(ledger.newTransfer(alice, UInt128.ZERO, 10)), CREDIT_ACCOUNT_ID_MUST_NOT_BE_ZERO);
        ledger.assertNothingApplied();
    }

    @Test
    void transferToTheLargestAccountIdIsRejected() {
        EXAMPLES.expect(ledger.submit(ledger.newTransfer(alice, UInt128.MAX, 10)),
                CREDIT_ACCOUNT_ID_MUST_NOT_BE_INT_MAX);
        ledger.assertNothingApplied();
    }

    @Test
    void transferBetweenTheSameAccountIsRejected() {
        EXAMPLES.expect(ledger.submit(ledger.newTransfer(alice, alice, 10)), ACCOUNTS_MUST_BE_DIFFERENT);
        ledger.assertNothingApplied();
    }

    @Test
    void transferThatNamesAPendingTransferWithoutPostingOrVoidingIsRejected() {
        NewTransfer hold = ledger.newPending(alice, bob, 10);
        ledger.submit(hold);
        NewTransfer transfer = ledger.newTransfer(alice, bob, 10).toBuilder().pendingId(hold.id()).build();

        EXAMPLES.expect(ledger.submit(transfer), PENDING_ID_MUST_BE_ZERO);
        ledger.assertNothingApplied();
    }

    @Test
    void postWithoutAPendingIdIsRejected() {
        NewTransfer post = NewTransfer.resolving(ledger.newId(), UInt128.ZERO, TransferFlags.POST_PENDING_TRANSFER,
                UInt128.MAX);

        EXAMPLES.expect(ledger.submit(post), PENDING_ID_MUST_NOT_BE_ZERO);
        ledger.assertNothingApplied();
    }

    @Test
    void postOfTheLargestPendingIdIsRejected() {
        NewTransfer post = NewTransfer.resolving(ledger.newId(), UInt128.MAX, TransferFlags.POST_PENDING_TRANSFER,
                UInt128.MAX);

        EXAMPLES.expect(ledger.submit(post), PENDING_ID_MUST_NOT_BE_INT_MAX);
        ledger.assertNothingApplied();
    }

    @Test
    void postThatNamesItselfAsThePendingTransferIsRejected() {
        UInt128 id = ledger.newId();
        NewTransfer post = NewTransfer.resolving(id, id, TransferFlags.POST_PENDING_TRANSFER, UInt128.MAX);

        EXAMPLES.expect(ledger.submit(post), PENDING_ID_MUST_BE_DIFFERENT);
        ledger.assertNothingApplied();
    }

    @Test
    void singlePhaseTransferWithATimeoutIsRejected() {
        EXAMPLES.expect(ledger.submit(ledger.newTransfer(alice, bob, 10).withTimeout(60)),
                TIMEOUT_RESERVED_FOR_PENDING_TRANSFER);
        ledger.assertNothingApplied();
    }

    @Test
    void singlePhaseClosingTransferIsRejected() {
        NewTransfer closing = ledger.newTransfer(alice, bob, 0).withFlags(TransferFlags.CLOSING_DEBIT);

        EXAMPLES.expect(ledger.submit(closing), CLOSING_TRANSFER_MUST_BE_PENDING);
        ledger.assertNothingApplied();
    }

    // ---- The accounts ----

    @Test
    void transferFromAMissingAccountIsRejected() {
        EXAMPLES.expect(ledger.submit(ledger.newTransfer(ExampleLedger.NO_SUCH_ACCOUNT, bob, 10)),
                DEBIT_ACCOUNT_NOT_FOUND);
        ledger.assertNothingApplied();
    }

    @Test
    void transferToAMissingAccountIsRejected() {
        EXAMPLES.expect(ledger.submit(ledger.newTransfer(alice, ExampleLedger.NO_SUCH_ACCOUNT, 10)),
                CREDIT_ACCOUNT_NOT_FOUND);
        ledger.assertNothingApplied();
    }

    @Test
    void transferBetweenCurrenciesIsRejected() {
        UInt128 euros = ledger.accountIn(ExampleLedger.EUR);

        EXAMPLES.expect(ledger.submit(ledger.newTransfer(alice, euros, 10)), ACCOUNTS_MUST_HAVE_THE_SAME_LEDGER);
        ledger.assertNothingApplied();
    }

    @Test
    void transferInAnotherCurrencyThanItsAccountsIsRejected() {
        NewTransfer inEuros = ledger.newTransfer(alice, bob, 10).toBuilder().ledger(ExampleLedger.EUR).build();

        EXAMPLES.expect(ledger.submit(inEuros), TRANSFER_MUST_HAVE_THE_SAME_LEDGER_AS_ACCOUNTS);
        ledger.assertNothingApplied();
    }

    // ---- Posting and voiding ----

    @Test
    void postOfAMissingPendingTransferIsRejected() {
        NewTransfer neverSubmitted = ledger.newPending(alice, bob, 10);

        EXAMPLES.expect(ledger.submit(ledger.newPost(neverSubmitted)), PENDING_TRANSFER_NOT_FOUND);
        ledger.assertNothingApplied();
    }

    @Test
    void postOfASinglePhaseTransferIsRejected() {
        NewTransfer transfer = ledger.newTransfer(alice, bob, 10);
        ledger.submit(transfer);

        EXAMPLES.expect(ledger.submit(ledger.newPost(transfer)), PENDING_TRANSFER_NOT_PENDING);
        ledger.assertNothingApplied();
    }

    @Test
    void postNamingAnotherDebitAccountThanThePendingTransferIsRejected() {
        NewTransfer hold = ledger.newPending(alice, bob, 10);
        ledger.submit(hold);

        // A post may leave the accounts zero (they come from the pending transfer), but not name others.
        EXAMPLES.expect(ledger.submit(ledger.newPost(hold).toBuilder().debit(bob).build()),
                PENDING_TRANSFER_HAS_DIFFERENT_DEBIT_ACCOUNT_ID);
        ledger.assertNothingApplied();
    }

    @Test
    void postNamingAnotherCreditAccountThanThePendingTransferIsRejected() {
        NewTransfer hold = ledger.newPending(alice, bob, 10);
        ledger.submit(hold);

        EXAMPLES.expect(ledger.submit(ledger.newPost(hold).toBuilder().credit(alice).build()),
                PENDING_TRANSFER_HAS_DIFFERENT_CREDIT_ACCOUNT_ID);
        ledger.assertNothingApplied();
    }

    @Test
    void postNamingAnotherLedgerThanThePendingTransferIsRejected() {
        NewTransfer hold = ledger.newPending(alice, bob, 10);
        ledger.submit(hold);

        EXAMPLES.expect(ledger.submit(ledger.newPost(hold).toBuilder().ledger(ExampleLedger.EUR).build()),
                PENDING_TRANSFER_HAS_DIFFERENT_LEDGER);
        ledger.assertNothingApplied();
    }

    @Test
    void postNamingAnotherCodeThanThePendingTransferIsRejected() {
        NewTransfer hold = ledger.newPending(alice, bob, 10).withCode(1);
        ledger.submit(hold);

        EXAMPLES.expect(ledger.submit(ledger.newPost(hold).withCode(2)), PENDING_TRANSFER_HAS_DIFFERENT_CODE);
        ledger.assertNothingApplied();
    }

    @Test
    void postOfMoreThanIsPendingIsRejected() {
        NewTransfer hold = ledger.newPending(alice, bob, 10);
        ledger.submit(hold);

        EXAMPLES.expect(ledger.submit(ledger.newPost(hold, 11)), EXCEEDS_PENDING_TRANSFER_AMOUNT);
        ledger.assertNothingApplied();
    }

    @Test
    void voidOfPartOfAPendingTransferIsRejected() {
        NewTransfer hold = ledger.newPending(alice, bob, 10);
        ledger.submit(hold);

        // Posts may take part of the amount; voids release all of it (amount 0 or the full amount).
        EXAMPLES.expect(ledger.submit(ledger.newVoid(hold, 4)), PENDING_TRANSFER_HAS_DIFFERENT_AMOUNT);
        ledger.assertNothingApplied();
    }

    @Test
    void secondPostOfAPendingTransferIsRejected() {
        NewTransfer hold = ledger.newPending(alice, bob, 10);
        ledger.submit(hold);
        ledger.submit(ledger.newPost(hold, 4));

        EXAMPLES.expect(ledger.submit(ledger.newPost(hold, 6)), PENDING_TRANSFER_ALREADY_POSTED);
        ledger.assertNothingApplied();
        assertThat(ledger.find(alice).debitsPosted()).isEqualTo(UInt128.of(4));
    }

    @Test
    void postOfAVoidedPendingTransferIsRejected() {
        NewTransfer hold = ledger.newPending(alice, bob, 10);
        ledger.submit(hold);
        ledger.submit(ledger.newVoid(hold));

        EXAMPLES.expect(ledger.submit(ledger.newPost(hold)), PENDING_TRANSFER_ALREADY_VOIDED);
        ledger.assertNothingApplied();
    }

    @Test
    void postOfExpiredPendingIsRejected() {
        NewTransfer hold = ledger.newPending(alice, bob, 10).withTimeout(1);
        ledger.submit(hold);
        ledger.passSeconds(2); // the next batch begins past the deadline and expires the hold first

        EXAMPLES.expect(ledger.submit(ledger.newPost(hold)), PENDING_TRANSFER_EXPIRED);
        ledger.assertNothingApplied();
        assertThat(ledger.find(alice).debitsPending()).isEqualTo(UInt128.ZERO);
        assertThat(ledger.find(alice).debitsPosted()).isEqualTo(UInt128.ZERO);
    }

    // ---- Closed accounts ----

    @Test
    void transferFromAClosedAccountIsRejected() {
        UInt128 closed = ledger.account(AccountFlags.CLOSED);

        EXAMPLES.expect(ledger.submit(ledger.newTransfer(closed, bob, 10)), DEBIT_ACCOUNT_ALREADY_CLOSED);
        ledger.assertNothingApplied();
    }

    @Test
    void transferToAnAccountClosedByAClosingTransferIsRejected() {
        ledger.submit(ledger.newPending(alice, bob, 0).withFlags(TransferFlags.PENDING | TransferFlags.CLOSING_CREDIT));
        assertThat(AccountFlags.has(ledger.find(bob).flags(), AccountFlags.CLOSED)).isTrue();

        EXAMPLES.expect(ledger.submit(ledger.newTransfer(alice, bob, 10)), CREDIT_ACCOUNT_ALREADY_CLOSED);
        ledger.assertNothingApplied();
    }

    // ---- Balance limits: 128-bit overflow, timeouts, account limits, capacity ----

    @Test
    void pendingTransferThatWouldOverflowDebitsPendingIsRejected() {
        UInt128 carol = ledger.account();
        ledger.submit(ledger.newPending(alice, bob, UInt128.MAX));

        EXAMPLES.expect(ledger.submit(ledger.newPending(alice, carol, 1)), OVERFLOWS_DEBITS_PENDING);
        ledger.assertNothingApplied();
    }

    @Test
    void pendingTransferThatWouldOverflowCreditsPendingIsRejected() {
        UInt128 carol = ledger.account();
        ledger.submit(ledger.newPending(alice, bob, UInt128.MAX));

        EXAMPLES.expect(ledger.submit(ledger.newPending(carol, bob, 1)), OVERFLOWS_CREDITS_PENDING);
        ledger.assertNothingApplied();
    }

    @Test
    void transferThatWouldOverflowDebitsPostedIsRejected() {
        UInt128 carol = ledger.account();
        ledger.submit(ledger.newTransfer(alice, bob, UInt128.MAX));

        EXAMPLES.expect(ledger.submit(ledger.newTransfer(alice, carol, 1)), OVERFLOWS_DEBITS_POSTED);
        ledger.assertNothingApplied();
    }

    @Test
    void transferThatWouldOverflowCreditsPostedIsRejected() {
        UInt128 carol = ledger.account();
        ledger.submit(ledger.newTransfer(alice, bob, UInt128.MAX));

        EXAMPLES.expect(ledger.submit(ledger.newTransfer(carol, bob, 1)), OVERFLOWS_CREDITS_POSTED);
        ledger.assertNothingApplied();
    }

    @Test
    void transferThatWouldOverflowPendingPlusPostedDebitsIsRejected() {
        UInt128 carol = ledger.account();
        ledger.submit(ledger.newPending(alice, bob, UInt128.MAX));

        // Debits posted alone has room; debits pending + debits posted does not.
        EXAMPLES.expect(ledger.submit(ledger.newTransfer(alice, carol, 1)), OVERFLOWS_DEBITS);
        ledger.assertNothingApplied();
    }

    @Test
    void transferThatWouldOverflowPendingPlusPostedCreditsIsRejected() {
        UInt128 carol = ledger.account();
        ledger.submit(ledger.newPending(alice, bob, UInt128.MAX));

        EXAMPLES.expect(ledger.submit(ledger.newTransfer(carol, bob, 1)), OVERFLOWS_CREDITS);
        ledger.assertNothingApplied();
    }

    @Test
    void pendingTransferWhoseDeadlineIsPastTheEndOfTimeIsRejected() {
        // Engine time is a signed 64-bit count of nanoseconds: it ends in April 2262.
        ledger.setClock(Long.MAX_VALUE - LedgerLimits.NANOS_PER_SECOND);

        EXAMPLES.expect(ledger.submit(ledger.newPending(alice, bob, 10).withTimeout(2)), OVERFLOWS_TIMEOUT);
        ledger.assertNothingApplied();
    }

    @Test
    void debitBeyondTheCreditsOfALimitedAccountIsRejected() {
        UInt128 limited = ledger.account(AccountFlags.DEBITS_MUST_NOT_EXCEED_CREDITS);

        EXAMPLES.expect(ledger.submit(ledger.newTransfer(limited, bob, 1)), EXCEEDS_CREDITS);
        ledger.assertNothingApplied();
    }

    @Test
    void creditBeyondTheDebitsOfALimitedAccountIsRejected() {
        UInt128 limited = ledger.account(AccountFlags.CREDITS_MUST_NOT_EXCEED_DEBITS);

        EXAMPLES.expect(ledger.submit(ledger.newTransfer(alice, limited, 1)), EXCEEDS_DEBITS);
        ledger.assertNothingApplied();
    }

    @Test
    void pendingTransferBeyondTheOpenPendingLimitIsRejected() {
        // The smallest state is the limit itself: 4,194,304 open pending transfers (a few seconds).
        ledger.openPendingTransfersUpToTheLimit(alice, bob);

        EXAMPLES.expect(ledger.submit(ledger.newPending(alice, bob, 1)), PENDING_TRANSFER_LIMIT_REACHED);
        ledger.assertNothingApplied();
    }

    @AfterAll
    static void everyResultCodeHasAnExample() {
        EXAMPLES.assertEveryCodeHasAnExample();
    }
}
