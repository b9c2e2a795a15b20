package dev.settle.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The admin token must be long enough to resist guessing; the refusal says why, never the token. */
class AdminTokenConfigTest {
    private static ServerConfig.Builder withToken(String token) {
        return ServerConfig.builder(Path.of("unused")).adminToken(token);
    }

    @Test
    void aShortTokenIsRefusedWithTheReasonAndWithoutTheToken() {
        assertThatThrownBy(() -> withToken("a").build()).isInstanceOf(ServerConfig.ConfigException.class)
                .hasMessageContaining("SETTLE_ADMIN_TOKEN must be 32..1024 characters, got 1");
        String almost = "x".repeat(ServerConfig.ADMIN_TOKEN_CHARS_MIN - 1);
        assertThatThrownBy(() -> withToken(almost).build()).hasMessageNotContaining(almost);
        assertThatThrownBy(() -> withToken("y".repeat(ServerConfig.ADMIN_TOKEN_CHARS_MAX + 1)).build())
                .hasMessageContaining("got 1025");
        assertThatThrownBy(() -> withToken(" " + "z".repeat(40)).build()).hasMessageContaining("white space");
    }

    @Test
    void aLongTokenOrNoneIsAccepted() {
        assertThat(withToken("t".repeat(ServerConfig.ADMIN_TOKEN_CHARS_MIN)).build().adminToken()).hasSize(32);
        assertThat(withToken(null).build().adminToken()).isNull();
        assertThat(withToken("").build().adminToken()).isEmpty();
    }
}
