package dev.settle.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ClientConfigTest {
    private static SettleClient.Builder valid() {
        return SettleClient.builder().apiKey("sk_secret");
    }

    @Test
    void missingApiKeyIsRefused() {
        assertThatThrownBy(() -> SettleClient.builder().build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("apiKey");
    }

    @Test
    void badSettingsAreRefusedWithTheirValue() {
        assertThatThrownBy(() -> valid().settleVersion("2026-11").build()).hasMessageContaining("2026-11");
        assertThatThrownBy(() -> valid().maxRetries(ClientConfig.MAX_RETRIES_LIMIT + 1).build())
                .hasMessageContaining(String.valueOf(ClientConfig.MAX_RETRIES_LIMIT + 1));
        assertThatThrownBy(() -> valid().requestTimeout(Duration.ZERO).build()).hasMessageContaining("PT0S");
        assertThatThrownBy(() -> valid().baseUri("ftp://example.com").build()).hasMessageContaining("ftp://example.com");
        assertThatThrownBy(() -> valid().backoffInitialDelay(Duration.ofSeconds(2))
                        .backoffMaxDelay(Duration.ofSeconds(1)).build())
                .hasMessageContaining("backoffMaxDelay");
    }

    @Test
    void baseUrisAreKeptInOrderWithoutTrailingSlashes() {
        ClientConfig config = new ClientConfig(
                List.of(URI.create("http://n2:8080/"), URI.create("https://n1:8443/settle/")), "sk_secret", null,
                ClientConfig.REQUEST_TIMEOUT_DEFAULT, 0, ClientConfig.BACKOFF_INITIAL_DELAY_DEFAULT,
                ClientConfig.BACKOFF_MAX_DELAY_DEFAULT);

        assertThat(config.baseUris())
                .containsExactly(URI.create("http://n2:8080"), URI.create("https://n1:8443/settle"));
    }

    @Test
    void baseUrisOfOneToNineNodesBuild() {
        try (SettleClient one = valid().baseUris("http://n1:8080").build();
                SettleClient nine = valid().baseUris(nodes(ClientConfig.BASE_URIS_MAX)).build()) {
            assertThat(one.accounts()).isNotNull();
            assertThat(nine.accounts()).isNotNull();
        }
    }

    @Test
    void baseUrisOfNoNodeOrMoreThanNineAreRefused() {
        assertThatThrownBy(() -> valid().baseUris(List.of()).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one");
        assertThatThrownBy(() -> valid().baseUris(nodes(ClientConfig.BASE_URIS_MAX + 1)).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at most " + ClientConfig.BASE_URIS_MAX)
                .hasMessageContaining("got " + (ClientConfig.BASE_URIS_MAX + 1));
    }

    @Test
    void baseUriThatIsNotAnAbsoluteHttpUriIsRefusedWithItsValue() {
        assertThatThrownBy(() -> valid().baseUris("http://n1:8080", "/v1").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("absolute").hasMessageEndingWith("/v1");
        assertThatThrownBy(() -> valid().baseUris("http://n1:8080", "n2:8080").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageEndingWith("n2:8080");
        assertThatThrownBy(() -> valid().baseUris("ftp://n1:8080").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ftp://n1:8080");
        assertThatThrownBy(() -> valid().baseUris("http://n1:8080/?pod=2").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("query");
    }

    @Test
    void sameNodeTwiceIsRefused() {
        assertThatThrownBy(() -> valid().baseUris("http://n1:8080", "http://n2:8080", "http://N1:8080/").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("once").hasMessageContaining("http://N1:8080");
    }

    @Test
    void nullNodeIsRefused() {
        assertThatThrownBy(() -> valid().baseUris(Arrays.asList(URI.create("http://n1:8080"), null)).build())
                .isInstanceOf(NullPointerException.class).hasMessageContaining("null");
    }

    @Test
    void baseUriWithUserInfoIsRefusedWithoutShowingIt() {
        assertThatThrownBy(() -> valid().baseUri("http://admin:hunter2@n1:8080").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("user info")
                .hasMessageContaining("n1:8080").hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> valid().baseUri("http://admin:hunter2@bad_host:8080").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining("hunter2");
    }

    private static String[] nodes(int count) {
        return IntStream.rangeClosed(1, count).mapToObj(node -> "http://n" + node + ":8080").toArray(String[]::new);
    }

    @Test
    void configNeverShowsTheApiKey() {
        ClientConfig config = new ClientConfig(List.of(ClientConfig.BASE_URI_DEFAULT), "sk_secret", null,
                ClientConfig.REQUEST_TIMEOUT_DEFAULT, 0, ClientConfig.BACKOFF_INITIAL_DELAY_DEFAULT,
                ClientConfig.BACKOFF_MAX_DELAY_DEFAULT);

        assertThat(config.toString()).doesNotContain("sk_secret");
    }

    @Test
    void defaultsBuild() {
        try (SettleClient client = valid().build()) {
            assertThat(client.accounts()).isNotNull();
        }
    }

    @Test
    void idempotencyKeyOutsideTheApisRuleIsRefused() {
        assertThatThrownBy(() -> RequestOptions.idempotencyKey("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RequestOptions.idempotencyKey("a".repeat(RequestOptions.IDEMPOTENCY_KEY_CHARS_MAX + 1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RequestOptions.idempotencyKey("line\nbreak")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void listLimitOutsideTheApisRangeIsRefused() {
        assertThatThrownBy(() -> ListParams.limit(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ListParams.limit(ListParams.LIMIT_MAX + 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
