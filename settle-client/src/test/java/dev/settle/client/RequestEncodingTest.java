package dev.settle.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RequestEncodingTest {
    private static final String A = Fixtures.ACCOUNT_ID.toString();
    private static final String B = Fixtures.OTHER_ACCOUNT_ID.toString();

    private final StubServer server = StubServer.start();
    private final SettleClient client = server.client(new RecordingSleeper()).build();

    @AfterEach
    void close() {
        client.close();
        server.close();
    }

    @Test
    void accountWithoutIdLeavesTheIdToTheServer() {
        server.reply(201, Fixtures.ACCOUNT);

        client.accounts().create(CreateAccount.of("USD"));

        assertThat(server.onlyRequest().method()).isEqualTo("POST");
        assertThat(server.onlyRequest().pathAndQuery()).isEqualTo("/v1/accounts");
        assertThat(server.onlyRequest().body()).isEqualTo("{\"currency\":\"USD\"}");
    }

    @Test
    void accountSendsEveryFieldGivenWithMetadataInKeyOrder() {
        server.reply(201, Fixtures.ACCOUNT);
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("z", "last");
        metadata.put("a", "first");

        client.accounts().create(CreateAccount.of("USD").withId(Fixtures.ACCOUNT_ID).withCode(1)
                .withFlag(AccountFlags.HISTORY).withFlag(AccountFlags.HISTORY).withMetadata(metadata));

        assertThat(server.onlyRequest().body()).isEqualTo("{\"id\":\"" + A + "\",\"currency\":\"USD\",\"code\":1,"
                + "\"flags\":[\"history\"],\"metadata\":{\"a\":\"first\",\"z\":\"last\"}}");
    }

    @Test
    void amountsUpTo2Pow53AreNumbersAndLargerOnesStrings() {
        server.reply(201, Fixtures.TRANSFER).reply(201, Fixtures.TRANSFER);

        client.transfers().create(CreateTransfer.of(Fixtures.ACCOUNT_ID, Fixtures.OTHER_ACCOUNT_ID, BigInteger.TWO.pow(53)));
        client.transfers().create(CreateTransfer.of(Fixtures.ACCOUNT_ID, Fixtures.OTHER_ACCOUNT_ID,
                new BigInteger(Fixtures.ABOVE_JSON_NUMBERS)));

        assertThat(server.requests()).extracting(StubServer.Recorded::body).containsExactly(
                "{\"debit_account_id\":\"" + A + "\",\"credit_account_id\":\"" + B + "\",\"amount\":9007199254740992}",
                "{\"debit_account_id\":\"" + A + "\",\"credit_account_id\":\"" + B
                        + "\",\"amount\":\"9007199254740993\"}");
    }

    @Test
    void pendingTransferSendsItsFlagAndTimeout() {
        server.reply(201, Fixtures.TRANSFER);

        client.transfers().create(CreateTransfer.pending(Fixtures.ACCOUNT_ID, Fixtures.OTHER_ACCOUNT_ID, 1500, 3600)
                .withCurrency("USD").withMetadata(Map.of("order", "A-17")));

        assertThat(server.onlyRequest().body()).isEqualTo("{\"debit_account_id\":\"" + A + "\",\"credit_account_id\":\""
                + B + "\",\"amount\":1500,\"currency\":\"USD\",\"flags\":[\"pending\"],\"timeout_seconds\":3600,"
                + "\"metadata\":{\"order\":\"A-17\"}}");
    }

    @Test
    void postAndVoidOfPendingSendOnlyThePendingIdAndFlag() {
        server.reply(201, Fixtures.TRANSFER).reply(201, Fixtures.TRANSFER).reply(201, Fixtures.TRANSFER);
        String pending = Fixtures.TRANSFER_ID.toString();

        client.transfers().create(CreateTransfer.postPending(Fixtures.TRANSFER_ID));
        client.transfers().create(CreateTransfer.postPending(Fixtures.TRANSFER_ID, BigInteger.valueOf(500)));
        client.transfers().create(CreateTransfer.voidPending(Fixtures.TRANSFER_ID));

        assertThat(server.requests()).extracting(StubServer.Recorded::body).containsExactly(
                "{\"flags\":[\"post_pending_transfer\"],\"pending_id\":\"" + pending + "\"}",
                "{\"amount\":500,\"flags\":[\"post_pending_transfer\"],\"pending_id\":\"" + pending + "\"}",
                "{\"flags\":[\"void_pending_transfer\"],\"pending_id\":\"" + pending + "\"}");
    }

    @Test
    void batchSendsItsTransfersInOrderWithTheLinkedFlag() {
        server.reply(200, "{\"object\": \"batch_result\", \"results\": []}");

        client.transfers().createBatch(List.of(
                CreateTransfer.of(Fixtures.ACCOUNT_ID, Fixtures.OTHER_ACCOUNT_ID, 1).withFlag(TransferFlags.LINKED),
                CreateTransfer.of(Fixtures.OTHER_ACCOUNT_ID, Fixtures.ACCOUNT_ID, 2).withCode(9)));

        assertThat(server.onlyRequest().pathAndQuery()).isEqualTo("/v1/transfers/batch");
        assertThat(server.onlyRequest().body()).isEqualTo("{\"transfers\":["
                + "{\"debit_account_id\":\"" + A + "\",\"credit_account_id\":\"" + B + "\",\"amount\":1,"
                + "\"flags\":[\"linked\"]},"
                + "{\"debit_account_id\":\"" + B + "\",\"credit_account_id\":\"" + A + "\",\"amount\":2,\"code\":9}]}");
    }

    @Test
    void transactionSendsItsEntries() {
        server.reply(201, """
                {"object": "transaction", "id": "0193a1b2-0000-7000-8000-0000000000bb", "code": 7, "entries": [],
                 "metadata": {}, "timestamp": "1", "created": "2026-11-23T10:15:33Z"}""");

        client.transactions().create(CreateTransaction.of(TransactionEntry.debit(Fixtures.ACCOUNT_ID, 1000),
                TransactionEntry.credit(Fixtures.OTHER_ACCOUNT_ID, 1000)).withCode(7));

        assertThat(server.onlyRequest().pathAndQuery()).isEqualTo("/v1/transactions");
        assertThat(server.onlyRequest().body()).isEqualTo("{\"code\":7,\"entries\":["
                + "{\"account_id\":\"" + A + "\",\"direction\":\"debit\",\"amount\":1000},"
                + "{\"account_id\":\"" + B + "\",\"direction\":\"credit\",\"amount\":1000}]}");
    }

    @Test
    void amountsOutside128BitsUnsignedAreRefusedBeforeSending() {
        assertThatThrownBy(() -> CreateTransfer.of(Fixtures.ACCOUNT_ID, Fixtures.OTHER_ACCOUNT_ID, -1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-1");
        assertThatThrownBy(() -> TransactionEntry.debit(Fixtures.ACCOUNT_ID, BigInteger.TWO.pow(128)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
