package dev.settle.ledger;

import static dev.settle.ledger.CreateAccountResult.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * One example per {@link CreateAccountResult}: the smallest ledger that produces the code. A
 * failed account is not created, so each failure also checks that nothing was applied.
 */
class AccountResultExamplesTest {
    private static final Map<CreateAccountResult, String> NOT_REACHABLE = Map.of(
            ACCOUNT_LIMIT_REACHED, "needs LedgerLimits.ACCOUNTS_MAX (16,777,216) accounts in memory: about 2.5 GB"
                    + " of account arrays, more than the test JVM's 2 GiB heap (-Xmx2g in the parent pom)");

    @RegisterExtension
    static final ExampleLedger.Examples<CreateAccountResult> EXAMPLES =
            new ExampleLedger.Examples<>(CreateAccountResult.class, NOT_REACHABLE);

    private final ExampleLedger ledger = new ExampleLedger();

    @Test
    void newAccountIsCreatedWithZeroBalances() {
        NewAccount alice = ledger.newAccount();

        EXAMPLES.expect(ledger.submit(alice), OK);
        AccountRecord created = ledger.find(alice.id());
        assertThat(created.ledger()).isEqualTo(ExampleLedger.USD);
        assertThat(created.debitsPosted()).isEqualTo(UInt128.ZERO);
        assertThat(created.creditsPosted()).isEqualTo(UInt128.ZERO);
    }

    @Test
    void failureInALinkedChainUndoesTheAccountsBeforeIt() {
        NewAccount alice = ledger.newAccount().withFlags(AccountFlags.LINKED);
        NewAccount bob = new NewAccount(ledger.newId(), 0, 0, 0, UInt128.ZERO, 0, 0, null);

        var results = ledger.submitAll(alice, bob);

        EXAMPLES.expect(results.get(0), LINKED_EVENT_FAILED);
        assertThat(results.get(1)).isEqualTo(LEDGER_MUST_NOT_BE_ZERO);
        assertThat(ledger.find(alice.id())).isNull();
        ledger.assertNothingApplied();
    }

    @Test
    void linkedAccountAtTheEndOfARequestIsRejected() {
        NewAccount alice = ledger.newAccount();
        NewAccount bob = ledger.newAccount().withFlags(AccountFlags.LINKED); // links to nothing

        var results = ledger.submitAll(alice, bob);

        assertThat(results.get(0)).isEqualTo(OK);
        EXAMPLES.expect(results.get(1), LINKED_EVENT_CHAIN_OPEN);
        assertThat(ledger.find(bob.id())).isNull();
    }

    @Test
    void accountWithAReservedFlagIsRejected() {
        int imported = 1 << 4; // TigerBeetle's imported flag, reserved in Settle

        EXAMPLES.expect(ledger.submit(ledger.newAccount().withFlags(imported)), RESERVED_FLAG);
        ledger.assertNothingApplied();
    }

    @Test
    void accountWithIdZeroIsRejected() {
        EXAMPLES.expect(ledger.submit(NewAccount.of(UInt128.ZERO, ExampleLedger.USD)), ID_MUST_NOT_BE_ZERO);
        ledger.assertNothingApplied();
    }

    @Test
    void accountWithTheLargestIdIsRejected() {
        EXAMPLES.expect(ledger.submit(NewAccount.of(UInt128.MAX, ExampleLedger.USD)), ID_MUST_NOT_BE_INT_MAX);
        ledger.assertNothingApplied();
    }

    @Test
    void recreatingAnAccountWithOtherFlagsIsRejected() {
        NewAccount alice = ledger.newAccount().withFlags(AccountFlags.HISTORY);
        ledger.submit(alice);

        EXAMPLES.expect(ledger.submit(alice.withFlags(0)), EXISTS_WITH_DIFFERENT_FLAGS);
        ledger.assertNothingApplied();
    }

    @Test
    void recreatingAnAccountWithOtherUserData128IsRejected() {
        NewAccount alice = ledger.newAccount();
        ledger.submit(alice);

        EXAMPLES.expect(ledger.submit(alice.withUserData(UInt128.of(7), 0, 0)), EXISTS_WITH_DIFFERENT_USER_DATA_128);
        ledger.assertNothingApplied();
    }

    @Test
    void recreatingAnAccountWithOtherUserData64IsRejected() {
        NewAccount alice = ledger.newAccount();
        ledger.submit(alice);

        EXAMPLES.expect(ledger.submit(alice.withUserData(UInt128.ZERO, 7, 0)), EXISTS_WITH_DIFFERENT_USER_DATA_64);
        ledger.assertNothingApplied();
    }

    @Test
    void recreatingAnAccountWithOtherUserData32IsRejected() {
        NewAccount alice = ledger.newAccount();
        ledger.submit(alice);

        EXAMPLES.expect(ledger.submit(alice.withUserData(UInt128.ZERO, 0, 7)), EXISTS_WITH_DIFFERENT_USER_DATA_32);
        ledger.assertNothingApplied();
    }

    @Test
    void recreatingAnAccountInAnotherLedgerIsRejected() {
        NewAccount alice = ledger.newAccount();
        ledger.submit(alice);
        NewAccount inEuros = new NewAccount(alice.id(), ExampleLedger.EUR, 0, 0, UInt128.ZERO, 0, 0, null);

        EXAMPLES.expect(ledger.submit(inEuros), EXISTS_WITH_DIFFERENT_LEDGER);
        ledger.assertNothingApplied();
    }

    @Test
    void recreatingAnAccountWithAnotherCodeIsRejected() {
        NewAccount alice = ledger.newAccount();
        ledger.submit(alice);

        EXAMPLES.expect(ledger.submit(alice.withCode(7)), EXISTS_WITH_DIFFERENT_CODE);
        ledger.assertNothingApplied();
    }

    @Test
    void recreatingAnAccountWithOtherMetadataIsRejected() {
        NewAccount alice = ledger.newAccount().withMetadata(new byte[] {1});
        ledger.submit(alice);

        EXAMPLES.expect(ledger.submit(alice.withMetadata(new byte[] {2})), EXISTS_WITH_DIFFERENT_METADATA);
        ledger.assertNothingApplied();
    }

    @Test
    void recreatingAnAccountExactlyChangesNothing() {
        NewAccount alice = ledger.newAccount();
        ledger.submit(alice);

        EXAMPLES.expect(ledger.submit(alice), EXISTS);
        ledger.assertNothingApplied();
    }

    @Test
    void accountThatMustStayBothInDebitAndInCreditIsRejected() {
        int bothLimits = AccountFlags.DEBITS_MUST_NOT_EXCEED_CREDITS | AccountFlags.CREDITS_MUST_NOT_EXCEED_DEBITS;

        EXAMPLES.expect(ledger.submit(ledger.newAccount().withFlags(bothLimits)), FLAGS_ARE_MUTUALLY_EXCLUSIVE);
        ledger.assertNothingApplied();
    }

    @Test
    void accountWithoutALedgerIsRejected() {
        EXAMPLES.expect(ledger.submit(NewAccount.of(ledger.newId(), 0)), LEDGER_MUST_NOT_BE_ZERO);
        ledger.assertNothingApplied();
    }

    @AfterAll
    static void everyResultCodeHasAnExample() {
        EXAMPLES.assertEveryCodeHasAnExample();
    }
}
