package dev.settle.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class WebhookSecretTest {
    /** The Standard Webhooks test secret (see WebhookSignatureTest for its source). */
    private static final String SPEC_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    @Test
    void generatedSecretsHaveThePrefixAnd32Base64CharsOf24Bytes() {
        WebhookSecret secret = WebhookSecret.generate(new SecureRandom());

        assertThat(secret.reveal()).startsWith("whsec_").hasSize("whsec_".length() + 32);
        assertThat(secret.key()).hasSize(24);
        assertThat(Base64.getDecoder().decode(secret.reveal().substring(6))).isEqualTo(secret.key());
    }

    @Test
    void twoGeneratedSecretsDiffer() {
        SecureRandom random = new SecureRandom();

        assertThat(WebhookSecret.generate(random)).isNotEqualTo(WebhookSecret.generate(random));
    }

    @Test
    void parseRoundTripsThroughReveal() {
        WebhookSecret secret = WebhookSecret.parse(SPEC_SECRET);

        assertThat(secret.reveal()).isEqualTo(SPEC_SECRET);
        assertThat(WebhookSecret.parse(secret.reveal())).isEqualTo(secret).hasSameHashCodeAs(secret);
    }

    @Test
    void toStringNeverShowsTheSecret() {
        WebhookSecret secret = WebhookSecret.parse(SPEC_SECRET);

        assertThat(secret.toString()).isEqualTo("whsec_…(redacted)").doesNotContain("MfKQ9r8G");
        assertThat(String.valueOf(java.util.List.of(secret))).doesNotContain("MfKQ9r8G");
    }

    @Test
    void keyIsACopy() {
        WebhookSecret secret = WebhookSecret.parse(SPEC_SECRET);
        byte[] key = secret.key();
        key[0] ^= 1;

        assertThat(secret.key()).isNotEqualTo(key);
        assertThat(secret.reveal()).isEqualTo(SPEC_SECRET);
    }

    @Test
    void badValuesAreRefusedWithoutEchoingThem() {
        String[] bad = {
            null,
            "",
            "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", // no prefix
            "whsec_", // no key
            "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLa!!", // not base64
            "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2La", // 19 bytes: too short
            "whsec_" + "A".repeat(32) + "AB==", // 25 bytes, but unused bits set: not canonical
            "whsec_ MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
            "whsec_" + "A".repeat(120), // too long
        };
        for (String value : bad) {
            assertThatThrownBy(() -> WebhookSecret.parse(value))
                    .as("parse(%s)", value)
                    .isInstanceOf(IllegalArgumentException.class)
                    .satisfies(e -> {
                        if (value != null && value.length() > "whsec_".length()) {
                            assertThat(e.getMessage()).doesNotContain(value.substring("whsec_".length()));
                        }
                    });
        }
    }

    @Test
    void keysUpTo64BytesAreAccepted() {
        byte[] key = new byte[64];
        key[5] = 7;
        String value = "whsec_" + Base64.getEncoder().encodeToString(key);

        assertThat(WebhookSecret.parse(value).key()).isEqualTo(key);
        assertThatThrownBy(() -> WebhookSecret.parse("whsec_" + Base64.getEncoder().encodeToString(new byte[65])))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
