package dev.settle.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every refusal is the API's JSON error object with a Request-Id: requests Jetty refuses before
 * the API sees them (a control character in the path, raw or percent-encoded; an ambiguous path)
 * whatever the method (Jetty's own error handler writes a body only for GET, POST and HEAD); a
 * wrong method on a literal path (405 with Allow); the public probes' one 4xx.
 */
class RefusalAnswersTest {
    private static final long ANSWER_WAIT_MILLIS = 5_000;
    private static final List<String> METHODS = List.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");
    private static final List<String> PATHS = List.of("/v1/a\u0001b", "/v1/a%01b", "/v1/transfers/%7f", "/v1/a%2fb",
            "/v1/%2e%2e/accounts");

    @TempDir
    static Path data;
    private static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(data);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static Stream<Arguments> requests() {
        return METHODS.stream().flatMap(method -> PATHS.stream().map(path -> Arguments.of(method, path)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("requests")
    void refusedPathAnswersTheJsonErrorWithARequestId(String method, String path) throws Exception {
        try (RawConnection connection = new RawConnection(server.server.port())) {
            connection.send(method + " " + path + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                    + server.defaultKey + "\r\nContent-Length: 0\r\n\r\n");
            connection.awaitClose(ANSWER_WAIT_MILLIS);
            String answer = connection.received();
            assertThat(connection.status()).as(answer).isEqualTo(400);
            assertThat(answer).containsIgnoringCase("\r\nRequest-Id: req_")
                    .containsIgnoringCase("\r\nContent-Type: application/json");
            if (!method.equals("HEAD")) {
                String requestId = answer.replaceFirst("(?s).*\r\n[Rr]equest-[Ii]d: (req_[0-9a-f]+)\r\n.*", "$1");
                assertThat(answer).contains("\"error\":{\"type\":\"invalid_request_error\",\"code\":\"bad_request\"")
                        .contains("\"request_id\":\"" + requestId + "\"");
            }
        }
    }

    @Test
    void wrongMethodOnTheBatchPathIsMethodNotAllowedNotALookupOfATransfer() {
        TestServer.Answer answer = server.get("/v1/transfers/batch", server.defaultKey);
        assertThat(answer.status()).isEqualTo(405);
        assertThat(answer.header("Allow")).isEqualTo("POST");
        assertThat(answer.field("error.code")).isEqualTo("method_not_allowed");
        assertThat(answer.header("Request-Id")).isEqualTo(answer.field("error.request_id"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/health/live", "/health/ready", "/metrics"})
    void probesRefuseAnUnknownVersionWithTheDocumented400(String path) {
        TestServer.Answer answer = server.get(path, null, "Settle-Version", "1999-01-01");
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.field("error.code")).isEqualTo("api_version_unknown");
    }
}
