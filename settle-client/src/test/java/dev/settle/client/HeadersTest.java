package dev.settle.client;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HeadersTest {
    private final StubServer server = StubServer.start();
    private final RecordingSleeper sleeper = new RecordingSleeper();

    @AfterEach
    void close() {
        server.close();
    }

    @Test
    void everyRequestSendsTheKeyAndTheClientsApiVersion() {
        server.reply(200, Fixtures.ACCOUNT);

        try (SettleClient client = server.client(sleeper).build()) {
            client.accounts().retrieve(Fixtures.ACCOUNT_ID);
        }

        StubServer.Recorded request = server.onlyRequest();
        assertThat(request.header("Authorization")).isEqualTo("Bearer sk_test");
        assertThat(request.header("Settle-Version")).isEqualTo(SettleClient.API_VERSION);
        assertThat(request.header("Accept")).isEqualTo("application/json");
        assertThat(request.header("Idempotency-Key")).isNull();
    }

    @Test
    void chosenVersionIsSentAndNullSendsNone() {
        server.reply(200, Fixtures.ACCOUNT).reply(200, Fixtures.ACCOUNT);

        try (SettleClient pinned = server.client(sleeper).settleVersion("2026-06-01").build();
                SettleClient unpinned = server.client(sleeper).settleVersion(null).build()) {
            pinned.accounts().retrieve(Fixtures.ACCOUNT_ID);
            unpinned.accounts().retrieve(Fixtures.ACCOUNT_ID);
        }

        assertThat(server.requests()).extracting(request -> request.header("Settle-Version"))
                .containsExactly("2026-06-01", null);
    }

    @Test
    void postSendsJsonWithAnIdempotencyKey() {
        server.reply(201, Fixtures.ACCOUNT);

        try (SettleClient client = server.client(sleeper).build()) {
            client.accounts().create(CreateAccount.of("USD"));
        }

        StubServer.Recorded request = server.onlyRequest();
        assertThat(request.header("Content-Type")).isEqualTo("application/json");
        assertThat(request.header("Idempotency-Key")).matches("[0-9a-f-]{36}");
        assertThat(request.header("Authorization")).isEqualTo("Bearer sk_test");
    }

    @Test
    void baseUriWithAPathPrefixAndTrailingSlashIsKept() {
        server.reply(200, Fixtures.ACCOUNT);

        try (SettleClient client = server.client(sleeper).baseUri(server.uri() + "/settle/").build()) {
            client.accounts().retrieve(Fixtures.ACCOUNT_ID);
        }

        assertThat(server.onlyRequest().pathAndQuery()).isEqualTo("/settle/v1/accounts/" + Fixtures.ACCOUNT_ID);
    }
}
