package dev.settle.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
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
    void configNeverShowsTheApiKey() {
        ClientConfig config = new ClientConfig(ClientConfig.BASE_URI_DEFAULT, "sk_secret", null,
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
