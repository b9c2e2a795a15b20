package dev.settle.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RetryTest {
    private static final CreateTransfer TRANSFER =
            CreateTransfer.of(Fixtures.ACCOUNT_ID, Fixtures.OTHER_ACCOUNT_ID, 1500);
    private static final String OVERLOADED = Fixtures.error("api_error", "overloaded", null);

    private final StubServer server = StubServer.start();
    private final RecordingSleeper sleeper = new RecordingSleeper();
    private final SettleClient client = server.client(sleeper).build();

    @AfterEach
    void close() {
        client.close();
        server.close();
    }

    @Test
    void unavailableThenSuccessResendsTheSameIdempotencyKeyAndBody() {
        server.reply(503, OVERLOADED).reply(201, Fixtures.TRANSFER);

        Transfer transfer = client.transfers().create(TRANSFER);

        assertThat(transfer.id()).isEqualTo(Fixtures.TRANSFER_ID);
        assertThat(server.requests()).hasSize(2);
        StubServer.Recorded first = server.requests().get(0);
        StubServer.Recorded second = server.requests().get(1);
        assertThat(first.header("Idempotency-Key")).isNotBlank().isEqualTo(second.header("Idempotency-Key"));
        assertThat(first.body()).isEqualTo(second.body());
        assertThat(sleeper.delays()).hasSize(1);
    }

    @Test
    void eachCallMakesItsOwnIdempotencyKey() {
        server.reply(201, Fixtures.TRANSFER).reply(201, Fixtures.TRANSFER);

        client.transfers().create(TRANSFER);
        client.transfers().create(TRANSFER);

        assertThat(server.requests().get(0).header("Idempotency-Key"))
                .isNotEqualTo(server.requests().get(1).header("Idempotency-Key"));
    }

    @Test
    void callersIdempotencyKeyIsSentOnEveryAttempt() {
        server.reply(503, OVERLOADED).reply(201, Fixtures.TRANSFER);

        client.transfers().create(TRANSFER, RequestOptions.idempotencyKey("order-A-17"));

        assertThat(server.requests()).extracting(request -> request.header("Idempotency-Key"))
                .containsExactly("order-A-17", "order-A-17");
    }

    @Test
    void retryAfterInSecondsIsTheDelayAskedOfTheSleeper() {
        server.reply(503, OVERLOADED, Map.of("Retry-After", "2")).reply(201, Fixtures.TRANSFER);

        client.transfers().create(TRANSFER);

        assertThat(sleeper.delays()).containsExactly(Duration.ofSeconds(2));
    }

    @Test
    void retryAfterIsCappedSoThatAServerCannotHangTheCaller() {
        server.reply(429, Fixtures.error("rate_limit_error", "rate_limited", null), Map.of("Retry-After", "86400"))
                .reply(201, Fixtures.TRANSFER);

        client.transfers().create(TRANSFER);

        assertThat(sleeper.delays()).containsExactly(ClientConfig.BACKOFF_DELAY_LIMIT);
    }

    @Test
    void rateLimitedAndKeyInUseAreRetried() {
        server.reply(429, Fixtures.error("rate_limit_error", "rate_limited", null))
                .reply(409, Fixtures.error("idempotency_error", "idempotency_key_in_use", null))
                .reply(201, Fixtures.TRANSFER);

        client.transfers().create(TRANSFER);

        assertThat(server.requests()).hasSize(3);
        assertThat(sleeper.delays()).hasSize(2);
    }

    @Test
    void ledgerRefusalIsNeverRetried() {
        server.reply(422, Fixtures.error("ledger_error", "exceeds_credits", null)).reply(201, Fixtures.TRANSFER);

        assertThatThrownBy(() -> client.transfers().create(TRANSFER)).isInstanceOf(LedgerException.class);

        assertThat(server.requests()).hasSize(1);
        assertThat(sleeper.delays()).isEmpty();
    }

    @Test
    void invalidRequestIsNeverRetried() {
        server.reply(400, Fixtures.error("invalid_request_error", "parameter_invalid", "amount"))
                .reply(201, Fixtures.TRANSFER);

        assertThatThrownBy(() -> client.transfers().create(TRANSFER)).isInstanceOf(InvalidRequestException.class);

        assertThat(server.requests()).hasSize(1);
    }

    @Test
    void conflictOfLedgerTypeIsNeverRetried() {
        server.reply(409, Fixtures.error("ledger_error", "exists_with_different_amount", null));

        assertThatThrownBy(() -> client.transfers().create(TRANSFER)).isInstanceOf(LedgerException.class);

        assertThat(server.requests()).hasSize(1);
    }

    @Test
    void unavailableOnEveryAttemptEndsWithTheLastAnswersException() {
        server.reply(503, OVERLOADED).reply(503, OVERLOADED).reply(503, OVERLOADED).reply(503, OVERLOADED);

        ApiException e = catchThrowableOfType(ApiException.class, () -> client.transfers().create(TRANSFER));

        assertThat(e.code()).isEqualTo("overloaded");
        assertThat(server.requests()).hasSize(1 + ClientConfig.MAX_RETRIES_DEFAULT);
        assertThat(sleeper.delays()).hasSize(ClientConfig.MAX_RETRIES_DEFAULT);
    }

    @Test
    void droppedConnectionIsRetriedWithTheSameKey() {
        server.dropConnection().reply(201, Fixtures.TRANSFER);

        client.transfers().create(TRANSFER);

        assertThat(server.requests()).hasSize(2);
        assertThat(server.requests().get(0).header("Idempotency-Key"))
                .isEqualTo(server.requests().get(1).header("Idempotency-Key"));
    }

    @Test
    void unreachableServerIsRetriedThenAConnectionException() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        RecordingSleeper unreachableSleeper = new RecordingSleeper();
        try (SettleClient unreachable = SettleClient.builder().baseUri("http://127.0.0.1:" + closedPort)
                .apiKey("sk_test").sleeper(unreachableSleeper).random(() -> 0L).maxRetries(2).build()) {
            ConnectionException e = catchThrowableOfType(ConnectionException.class,
                    () -> unreachable.accounts().create(CreateAccount.of("USD")));

            assertThat(e.status()).isZero();
            assertThat(e).hasMessageContaining("after 3 attempts").hasCauseInstanceOf(IOException.class);
            assertThat(unreachableSleeper.delays()).hasSize(2);
        }
    }

    @Test
    void attemptWithoutAnAnswerWithinTheTimeoutIsAConnectionException() {
        server.stall();

        try (SettleClient impatient = server.client(sleeper).maxRetries(0)
                .requestTimeout(Duration.ofMillis(100)).build()) {
            ConnectionException e = catchThrowableOfType(ConnectionException.class,
                    () -> impatient.transfers().retrieve(Fixtures.TRANSFER_ID));

            assertThat(e).hasCauseInstanceOf(HttpTimeoutException.class);
        }
    }
}
