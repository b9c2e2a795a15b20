package dev.settle.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AnswerMappingTest {
    private final StubServer server = StubServer.start();
    private final SettleClient client = server.client(new RecordingSleeper()).build();

    @AfterEach
    void close() {
        client.close();
        server.close();
    }

    @Test
    void accountReadsEveryFieldAndAmountsAnsweredAsNumbersOrStrings() {
        server.reply(200, Fixtures.ACCOUNT);

        Account account = client.accounts().retrieve(Fixtures.ACCOUNT_ID);

        assertThat(account).isEqualTo(new Account(Fixtures.ACCOUNT_ID, "USD", 1, List.of("history"),
                BigInteger.ZERO, BigInteger.valueOf(1500), new BigInteger(Fixtures.ABOVE_JSON_NUMBERS),
                new BigInteger(Fixtures.AMOUNT_MAX), Map.of("user", "42"), "1795000000000000001",
                Instant.parse("2026-11-23T10:15:30.123456789Z")));
        assertThat(server.onlyRequest().method()).isEqualTo("GET");
        assertThat(server.onlyRequest().pathAndQuery()).isEqualTo("/v1/accounts/" + Fixtures.ACCOUNT_ID);
    }

    @Test
    void transferReadsEveryFieldIncludingStatusAndTimeout() {
        server.reply(200, Fixtures.TRANSFER);

        Transfer transfer = client.transfers().retrieve(Fixtures.TRANSFER_ID);

        assertThat(transfer).isEqualTo(new Transfer(Fixtures.TRANSFER_ID, Fixtures.ACCOUNT_ID,
                Fixtures.OTHER_ACCOUNT_ID, BigInteger.valueOf(1500), null, "USD", 1, List.of("pending"), 3600,
                TransferStatus.PENDING, Map.of("order", "A-17"), "1795000000000000002",
                Instant.parse("2026-11-23T10:15:31Z")));
        assertThat(server.onlyRequest().pathAndQuery()).isEqualTo("/v1/transfers/" + Fixtures.TRANSFER_ID);
    }

    @Test
    void postOfPendingReadsItsPendingIdAndAmountAboveJsonNumbers() {
        server.reply(201, """
                {"object": "transfer", "id": "0193a1b2-0000-7000-8000-0000000000ab",
                 "debit_account_id": "0193a1b2-0000-7000-8000-000000000001",
                 "credit_account_id": "0193a1b2-0000-7000-8000-000000000002",
                 "amount": "340282366920938463463374607431768211455",
                 "pending_id": "0193a1b2-0000-7000-8000-0000000000aa", "currency": "USD", "code": 0,
                 "flags": ["post_pending_transfer"], "timeout_seconds": null, "status": "posted",
                 "metadata": {}, "timestamp": "1795000000000000003", "created": "2026-11-23T10:15:32Z"}""");

        Transfer post = client.transfers().create(CreateTransfer.postPending(Fixtures.TRANSFER_ID));

        assertThat(post.amount()).isEqualTo(new BigInteger(Fixtures.AMOUNT_MAX));
        assertThat(post.pendingId()).isEqualTo(Fixtures.TRANSFER_ID);
        assertThat(post.timeoutSeconds()).isZero();
        assertThat(post.status()).isEqualTo(TransferStatus.POSTED);
        assertThat(post.metadata()).isEmpty();
    }

    @Test
    void batchResultKeepsRequestOrderAndNamesTheFailures() {
        server.reply(200, """
                {"object": "batch_result", "results": [
                  {"index": 0, "id": "0193a1b2-0000-7000-8000-0000000000aa", "result": "ok"},
                  {"index": 1, "id": "0193a1b2-0000-7000-8000-0000000000ab", "result": "exists"},
                  {"index": 2, "id": "0193a1b2-0000-7000-8000-0000000000ac", "result": "exceeds_credits"}]}""");

        BatchResult result = client.transfers().createBatch(List.of(
                CreateTransfer.of(Fixtures.ACCOUNT_ID, Fixtures.OTHER_ACCOUNT_ID, 1),
                CreateTransfer.of(Fixtures.ACCOUNT_ID, Fixtures.OTHER_ACCOUNT_ID, 2),
                CreateTransfer.of(Fixtures.ACCOUNT_ID, Fixtures.OTHER_ACCOUNT_ID, 3)));

        assertThat(result.results()).extracting(BatchResult.Item::index).containsExactly(0, 1, 2);
        assertThat(result.results()).extracting(BatchResult.Item::result)
                .containsExactly("ok", "exists", "exceeds_credits");
        assertThat(result.failures()).singleElement().satisfies(item -> {
            assertThat(item.id()).isEqualTo(UUID.fromString("0193a1b2-0000-7000-8000-0000000000ac"));
            assertThat(item.succeeded()).isFalse();
        });
    }

    @Test
    void transactionReadsItsEntries() {
        server.reply(201, """
                {"object": "transaction", "id": "0193a1b2-0000-7000-8000-0000000000bb", "code": 7,
                 "entries": [
                   {"account_id": "0193a1b2-0000-7000-8000-000000000001", "direction": "debit",
                    "amount": "9007199254740993"},
                   {"account_id": "0193a1b2-0000-7000-8000-000000000002", "direction": "credit",
                    "amount": "9007199254740993"}],
                 "metadata": {"invoice": "2026-001"}, "timestamp": "1795000000000000004",
                 "created": "2026-11-23T10:15:33Z"}""");
        BigInteger amount = new BigInteger(Fixtures.ABOVE_JSON_NUMBERS);

        Transaction transaction = client.transactions().create(CreateTransaction.of(
                TransactionEntry.debit(Fixtures.ACCOUNT_ID, amount),
                TransactionEntry.credit(Fixtures.OTHER_ACCOUNT_ID, amount)));

        assertThat(transaction).isEqualTo(new Transaction(Fixtures.TRANSACTION_ID, 7, List.of(
                        TransactionEntry.debit(Fixtures.ACCOUNT_ID, amount),
                        TransactionEntry.credit(Fixtures.OTHER_ACCOUNT_ID, amount)),
                Map.of("invoice", "2026-001"), "1795000000000000004", Instant.parse("2026-11-23T10:15:33Z")));
    }

    @Test
    void listOfAccountsReadsItsPageAndSendsThePagination() {
        server.reply(200, Fixtures.list(Fixtures.ACCOUNT, Fixtures.ACCOUNT));

        Page<Account> page = client.accounts().list(
                ListParams.limit(2).withStartingAfter(Fixtures.OTHER_ACCOUNT_ID.toString()));

        assertThat(page.data()).hasSize(2).allSatisfy(account -> assertThat(account.id()).isEqualTo(Fixtures.ACCOUNT_ID));
        assertThat(page.hasMore()).isTrue();
        assertThat(server.onlyRequest().pathAndQuery())
                .isEqualTo("/v1/accounts?limit=2&starting_after=" + Fixtures.OTHER_ACCOUNT_ID);
    }

    @Test
    void transfersOfAnAccountReadTransfers() {
        server.reply(200, Fixtures.list(Fixtures.TRANSFER));

        Page<Transfer> page = client.accounts().transfers(Fixtures.ACCOUNT_ID, ListParams.defaults());

        assertThat(page.data()).singleElement().extracting(Transfer::id).isEqualTo(Fixtures.TRANSFER_ID);
        assertThat(server.onlyRequest().pathAndQuery()).isEqualTo("/v1/accounts/" + Fixtures.ACCOUNT_ID + "/transfers");
    }

    @Test
    void balancesReadTheirRowsAndTakeTimestampsAsCursors() {
        server.reply(200, """
                {"object": "list", "has_more": false, "data": [
                  {"object": "balance", "timestamp": "1795000000000000002", "created": "2026-11-23T10:15:31Z",
                   "debits_pending": 0, "debits_posted": "9007199254740993", "credits_pending": 7,
                   "credits_posted": 9007199254740992}]}""");

        Page<Balance> page = client.accounts().balances(Fixtures.ACCOUNT_ID,
                ListParams.defaults().withEndingBefore("1795000000000000001"));

        assertThat(page.hasMore()).isFalse();
        assertThat(page.data()).containsExactly(new Balance("1795000000000000002",
                Instant.parse("2026-11-23T10:15:31Z"), BigInteger.ZERO, new BigInteger(Fixtures.ABOVE_JSON_NUMBERS),
                BigInteger.valueOf(7), BigInteger.TWO.pow(53)));
        assertThat(server.onlyRequest().pathAndQuery())
                .isEqualTo("/v1/accounts/" + Fixtures.ACCOUNT_ID + "/balances?ending_before=1795000000000000001");
    }

    @Test
    void replayedAnswerIsAnOrdinarySuccess() {
        server.reply(200, Fixtures.ACCOUNT, Map.of("Idempotent-Replayed", "true"));

        Account account = client.accounts().create(CreateAccount.of("USD"), RequestOptions.idempotencyKey("order-17"));

        assertThat(account.id()).isEqualTo(Fixtures.ACCOUNT_ID);
    }

    @Test
    void unknownFieldsOfAnAnswerAreIgnored() {
        server.reply(200, Fixtures.ACCOUNT.replace("\"code\": 1,", "\"code\": 1, \"ledger_added_later\": {\"x\": [1]},"));

        assertThat(client.accounts().retrieve(Fixtures.ACCOUNT_ID).code()).isEqualTo(1);
    }
}
