package dev.settle.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A client of several nodes, each a stub server (or a port where nothing listens): where each
 * attempt goes, and that every attempt of a call carries the same request.
 */
class FailoverTest {
    private static final CreateTransfer TRANSFER =
            CreateTransfer.of(Fixtures.ACCOUNT_ID, Fixtures.OTHER_ACCOUNT_ID, 1500);
    private static final String UNAVAILABLE = Fixtures.error("api_error", "unavailable", null);
    private static final String LOAD_SHED = Fixtures.error("api_error", "load_shed", null);

    private final List<StubServer> servers = new ArrayList<>();
    private final RecordingSleeper sleeper = new RecordingSleeper();

    @AfterEach
    void close() {
        servers.forEach(StubServer::close);
    }

    private StubServer node() {
        StubServer server = StubServer.start();
        servers.add(server);
        return server;
    }

    @Test
    void refusedConnectionIsRetriedOnTheNextNode() {
        URI down = StubServer.unreachableUris(1).getFirst();
        StubServer up = node().reply(201, Fixtures.TRANSFER);

        try (SettleClient client = StubServer.client(List.of(down, up.uri()), sleeper).build()) {
            Transfer transfer = client.transfers().create(TRANSFER, RequestOptions.idempotencyKey("order-A-17"));

            assertThat(transfer.id()).isEqualTo(Fixtures.TRANSFER_ID);
        }
        assertThat(up.onlyRequest().header("Idempotency-Key")).isEqualTo("order-A-17");
        assertThat(sleeper.delays()).hasSize(1);
    }

    @Test
    void everyAttemptOfACallCarriesTheSameKeyAndBodyOnEveryNode() {
        URI down = StubServer.unreachableUris(1).getFirst();
        StubServer dropping = node().dropConnection();
        StubServer up = node().reply(201, Fixtures.TRANSFER);

        try (SettleClient client = StubServer.client(List.of(down, dropping.uri(), up.uri()), sleeper).build()) {
            client.transfers().create(TRANSFER);
        }

        StubServer.Recorded second = dropping.onlyRequest();
        StubServer.Recorded third = up.onlyRequest();
        assertThat(second.header("Idempotency-Key")).matches("[0-9a-f-]{36}")
                .isEqualTo(third.header("Idempotency-Key"));
        assertThat(second.body()).isEqualTo(third.body());
        assertThat(sleeper.delays()).hasSize(2);
    }

    @Test
    void unavailableNodeIsRetriedOnTheNextWithTheSameKey() {
        StubServer cutOff = node().reply(503, UNAVAILABLE);
        StubServer up = node().reply(201, Fixtures.TRANSFER);

        try (SettleClient client = StubServer.client(List.of(cutOff.uri(), up.uri()), sleeper).build()) {
            client.transfers().create(TRANSFER);
        }

        assertThat(cutOff.onlyRequest().header("Idempotency-Key")).isNotBlank()
                .isEqualTo(up.onlyRequest().header("Idempotency-Key"));
        assertThat(cutOff.onlyRequest().body()).isEqualTo(up.onlyRequest().body());
    }

    @Test
    void getAfterA503OrATimeoutMovesToTheNextNode() {
        StubServer shedding = node().reply(503, LOAD_SHED);
        StubServer stalling = node().stall();
        StubServer up = node().reply(200, Fixtures.ACCOUNT);
        List<URI> nodes = List.of(shedding.uri(), stalling.uri(), up.uri());

        try (SettleClient client = StubServer.client(nodes, sleeper).requestTimeout(Duration.ofMillis(200)).build()) {
            Account account = client.accounts().retrieve(Fixtures.ACCOUNT_ID);

            assertThat(account.id()).isEqualTo(Fixtures.ACCOUNT_ID);
        }
        assertThat(List.of(shedding.onlyRequest(), stalling.onlyRequest(), up.onlyRequest()))
                .allSatisfy(request -> assertThat(request.header("Idempotency-Key")).isNull())
                .extracting(StubServer.Recorded::pathAndQuery).containsOnly("/v1/accounts/" + Fixtures.ACCOUNT_ID);
    }

    @Test
    void invalidRequestIsNotRetriedOnAnyNode() {
        StubServer refusing = node().reply(400, Fixtures.error("invalid_request_error", "parameter_invalid", "amount"));
        StubServer other = node().reply(201, Fixtures.TRANSFER);

        try (SettleClient client = StubServer.client(List.of(refusing.uri(), other.uri()), sleeper).build()) {
            assertThatThrownBy(() -> client.transfers().create(TRANSFER)).isInstanceOf(InvalidRequestException.class);
        }

        assertThat(refusing.requests()).hasSize(1);
        assertThat(other.requests()).isEmpty();
        assertThat(sleeper.delays()).isEmpty();
    }

    @Test
    void rateLimitedAndKeyInUseAreRetriedOnTheSameNode() {
        StubServer busy = node().reply(429, Fixtures.error("rate_limit_error", "rate_limited", null))
                .reply(409, Fixtures.error("idempotency_error", "idempotency_key_in_use", null))
                .reply(201, Fixtures.TRANSFER);
        StubServer other = node();

        try (SettleClient client = StubServer.client(List.of(busy.uri(), other.uri()), sleeper).build()) {
            client.transfers().create(TRANSFER);
        }

        assertThat(busy.requests()).hasSize(3);
        assertThat(other.requests()).isEmpty();
    }

    @Test
    void everyNodeDownEndsWithAConnectionExceptionNamingTheNodesTried() {
        List<URI> down = StubServer.unreachableUris(3);

        try (SettleClient client = StubServer.client(down, sleeper).build()) {
            ConnectionException e = catchThrowableOfType(ConnectionException.class,
                    () -> client.transfers().create(TRANSFER, RequestOptions.idempotencyKey("order-A-17")));

            assertThat(e.status()).isZero();
            assertThat(e).hasMessageContaining("POST").hasMessageContaining("/v1/transfers")
                    .hasMessageContaining("after " + (1 + ClientConfig.MAX_RETRIES_DEFAULT) + " attempts on 3 of 3 nodes")
                    .hasCauseInstanceOf(IOException.class);
            assertThat(e.getMessage()).doesNotContain("sk_test").doesNotContain("order-A-17");
        }
        assertThat(sleeper.delays()).hasSize(ClientConfig.MAX_RETRIES_DEFAULT);
    }

    @Test
    void nodeThatDroppedTheConnectionIsSkippedByTheNextCalls() {
        // POSTs: the JDK's HttpClient itself resends a GET once on a dropped connection.
        StubServer dropping = node().dropConnection().reply(201, Fixtures.TRANSFER);
        StubServer up = node().reply(201, Fixtures.TRANSFER).reply(201, Fixtures.TRANSFER).reply(201, Fixtures.TRANSFER);

        try (SettleClient client = StubServer.client(List.of(dropping.uri(), up.uri()), sleeper).build()) {
            for (int call = 0; call < 3; call++) {
                // The rotation gives the first node, then the second, then the first again.
                client.transfers().create(TRANSFER);
            }
        }

        assertThat(dropping.requests()).hasSize(1);
        assertThat(up.requests()).hasSize(3);
    }

    @Test
    void nodeWithoutAMajorityIsSkippedByTheNextCalls() {
        StubServer cutOff = node().reply(503, UNAVAILABLE).reply(200, Fixtures.ACCOUNT);
        StubServer up = node().reply(200, Fixtures.ACCOUNT).reply(200, Fixtures.ACCOUNT).reply(200, Fixtures.ACCOUNT);

        try (SettleClient client = StubServer.client(List.of(cutOff.uri(), up.uri()), sleeper).build()) {
            for (int call = 0; call < 3; call++) {
                client.accounts().retrieve(Fixtures.ACCOUNT_ID);
            }
        }

        assertThat(cutOff.requests()).hasSize(1);
        assertThat(up.requests()).hasSize(3);
    }

    @Test
    void sheddingNodeOrTimeoutIsNotSuspect() {
        StubServer shedding = node().reply(503, LOAD_SHED).reply(200, Fixtures.ACCOUNT);
        StubServer stalling = node().stall().reply(200, Fixtures.ACCOUNT);
        StubServer up = node().reply(200, Fixtures.ACCOUNT).reply(200, Fixtures.ACCOUNT);
        List<URI> nodes = List.of(shedding.uri(), stalling.uri(), up.uri());

        try (SettleClient client = StubServer.client(nodes, sleeper).requestTimeout(Duration.ofMillis(200)).build()) {
            // The first call goes 1 (503), 2 (timeout), 3; the next three start on 2, 3, then 1.
            for (int call = 0; call < 4; call++) {
                client.accounts().retrieve(Fixtures.ACCOUNT_ID);
            }
        }

        assertThat(shedding.requests()).hasSize(2);
        assertThat(stalling.requests()).hasSize(2);
        assertThat(up.requests()).hasSize(2);
    }

    @Test
    void callsTakeTheNodesInTurn() {
        List<StubServer> cluster = List.of(node(), node(), node());
        cluster.forEach(server -> server.reply(200, Fixtures.ACCOUNT).reply(200, Fixtures.ACCOUNT));

        try (SettleClient client = StubServer.client(cluster.stream().map(StubServer::uri).toList(), sleeper).build()) {
            for (int call = 0; call < 6; call++) {
                client.accounts().retrieve(Fixtures.ACCOUNT_ID);
            }
        }

        assertThat(cluster).allSatisfy(server -> assertThat(server.requests()).hasSize(2));
        assertThat(sleeper.delays()).isEmpty();
    }
}
