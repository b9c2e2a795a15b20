package dev.settle.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.EOFException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
    /** A random source at the top of its range: every jittered delay is its ceiling. */
    private static final RandomGenerator HIGHEST = () -> -1L;
    private static final RandomGenerator LOWEST = () -> 0L;

    private static ClientConfig config(int maxRetries) {
        return new ClientConfig(List.of(URI.create("http://localhost:8080")), "sk_test", null, Duration.ofSeconds(1),
                maxRetries, Duration.ofMillis(100), Duration.ofMillis(1000));
    }

    private static Answer answer(int status, Map<String, String> headers) {
        Map<String, List<String>> values = new java.util.HashMap<>();
        headers.forEach((name, value) -> values.put(name, List.of(value)));
        return new Answer(status, HttpHeaders.of(values, (name, value) -> true), MissingNode.getInstance());
    }

    @Test
    void backoffCeilingDoublesPerRetryUpToTheMaximum() {
        RetryPolicy policy = new RetryPolicy(config(6), HIGHEST);

        assertThat(List.of(0, 1, 2, 3, 4, 5)).map(policy::backoffDelay).map(Duration::toMillis)
                .containsExactly(100L, 200L, 400L, 800L, 1000L, 1000L);
    }

    @Test
    void fullJitterReachesDownToZero() {
        RetryPolicy policy = new RetryPolicy(config(3), LOWEST);

        assertThat(policy.backoffDelay(2)).isEqualTo(Duration.ZERO);
    }

    @Test
    void retryBeyondTheMaximumIsABug() {
        RetryPolicy policy = new RetryPolicy(config(3), LOWEST);

        assertThatThrownBy(() -> policy.backoffDelay(3)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void retryAfterInSecondsWinsOverBackoff() {
        RetryPolicy policy = new RetryPolicy(config(3), HIGHEST);

        assertThat(policy.delayAfter(answer(503, Map.of("Retry-After", " 3 ")), 0)).isEqualTo(Duration.ofSeconds(3));
        assertThat(policy.delayAfter(answer(503, Map.of("Retry-After", "0")), 0)).isEqualTo(Duration.ZERO);
    }

    @Test
    void retryAfterThatIsNotSecondsFallsBackToBackoff() {
        RetryPolicy policy = new RetryPolicy(config(3), HIGHEST);

        assertThat(policy.delayAfter(answer(503, Map.of("Retry-After", "Wed, 21 Oct 2026 07:28:00 GMT")), 1))
                .isEqualTo(Duration.ofMillis(200));
        assertThat(policy.delayAfter(answer(503, Map.of("Retry-After", "-5")), 0)).isEqualTo(Duration.ofMillis(100));
        assertThat(policy.delayAfter(answer(503, Map.of()), 0)).isEqualTo(Duration.ofMillis(100));
    }

    @Test
    void only503MovesTheRetryToAnotherNode() {
        assertThat(RetryPolicy.movesToAnotherNode(answer(503, Map.of()))).isTrue();
        assertThat(List.of(409, 429)).noneMatch(status -> RetryPolicy.movesToAnotherNode(answer(status, Map.of())));
    }

    @Test
    void nodeIsSuspectAfterNoConnectionOrUnavailableButNotAfterATimeoutOrOverload() {
        assertThat(RetryPolicy.suspectsNode(new ConnectException("Connection refused"))).isTrue();
        assertThat(RetryPolicy.suspectsNode(new EOFException("dropped"))).isTrue();
        assertThat(RetryPolicy.suspectsNode(new HttpConnectTimeoutException("connect"))).isTrue();
        assertThat(RetryPolicy.suspectsNode(new HttpTimeoutException("slow"))).isFalse();
        assertThat(RetryPolicy.suspectsNode(error(503, "unavailable"))).isTrue();
        assertThat(List.of("load_shed", "server_busy", "overloaded"))
                .noneMatch(code -> RetryPolicy.suspectsNode(error(503, code)));
        assertThat(RetryPolicy.suspectsNode(error(429, "rate_limited"))).isFalse();
    }

    private static Answer error(int status, String code) {
        String body = Fixtures.error("api_error", code, null);
        return new Answer(status, HttpHeaders.of(Map.of(), (name, value) -> true), Json.parseOrMissing(
                body.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void onlyOverloadRateLimitAndKeyInUseAreRetryable() {
        RetryPolicy policy = new RetryPolicy(config(3), LOWEST);

        assertThat(policy.isRetryable(answer(503, Map.of()))).isTrue();
        assertThat(policy.isRetryable(answer(429, Map.of()))).isTrue();
        assertThat(List.of(400, 401, 404, 409, 413, 415, 422, 500, 502))
                .noneMatch(status -> policy.isRetryable(answer(status, Map.of())));
    }
}
