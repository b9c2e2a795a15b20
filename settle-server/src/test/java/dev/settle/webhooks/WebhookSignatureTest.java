package dev.settle.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.List;
import org.junit.jupiter.api.Test;

class WebhookSignatureTest {
    // The Standard Webhooks published test vector, from github.com/standard-webhooks/standard-webhooks:
    // libraries/java/src/test/java/com/standardwebhooks/WebhookTest.java (verifyWebhookSignWorks) and
    // libraries/go/webhook_test.go (TestWebhookSign), which use the same values.
    private static final String SPEC_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String SPEC_MSG_ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private static final long SPEC_TIMESTAMP_SECONDS = 1614265330;
    private static final byte[] SPEC_PAYLOAD = "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8);
    private static final String SPEC_SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";
    // Also from those test files: a well-formed v1 signature that matches nothing.
    private static final String SPEC_WRONG_SIGNATURE = "v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc=";

    private static final WebhookSecret SECRET = WebhookSecret.parse(SPEC_SECRET);
    private static final long TOLERANCE_SECONDS = WebhookSignature.TOLERANCE_SECONDS_DEFAULT;
    private static final String TIMESTAMP = Long.toString(SPEC_TIMESTAMP_SECONDS);

    @Test
    void theSpecTestVectorSignsExactly() {
        assertThat(WebhookSignature.sign(SPEC_MSG_ID, SPEC_TIMESTAMP_SECONDS, SPEC_PAYLOAD, List.of(SECRET)))
                .isEqualTo(SPEC_SIGNATURE);
    }

    @Test
    void theSpecTestVectorVerifies() {
        assertThat(verify(SPEC_PAYLOAD, SPEC_SIGNATURE, SECRET, SPEC_TIMESTAMP_SECONDS)).isTrue();
    }

    @Test
    void aTamperedBodyIsRejected() {
        byte[] tampered = "{\"test\": 2432232315}".getBytes(StandardCharsets.UTF_8);

        assertThat(verify(tampered, SPEC_SIGNATURE, SECRET, SPEC_TIMESTAMP_SECONDS)).isFalse();
    }

    @Test
    void aTamperedIdOrTimestampIsRejected() {
        assertThat(WebhookSignature.verify(
                        "msg_other", TIMESTAMP, SPEC_PAYLOAD, SPEC_SIGNATURE, SECRET, SPEC_TIMESTAMP_SECONDS, TOLERANCE_SECONDS))
                .isFalse();
        assertThat(WebhookSignature.verify(
                        SPEC_MSG_ID,
                        Long.toString(SPEC_TIMESTAMP_SECONDS + 1),
                        SPEC_PAYLOAD,
                        SPEC_SIGNATURE,
                        SECRET,
                        SPEC_TIMESTAMP_SECONDS,
                        TOLERANCE_SECONDS))
                .isFalse();
    }

    @Test
    void aWrongSecretIsRejected() {
        WebhookSecret other = WebhookSecret.generate(new SecureRandom());

        assertThat(verify(SPEC_PAYLOAD, SPEC_SIGNATURE, other, SPEC_TIMESTAMP_SECONDS)).isFalse();
        assertThat(verify(SPEC_PAYLOAD, SPEC_WRONG_SIGNATURE, SECRET, SPEC_TIMESTAMP_SECONDS)).isFalse();
    }

    @Test
    void timestampsOutsideTheToleranceAreRejectedEitherWay() {
        long now = SPEC_TIMESTAMP_SECONDS;

        assertThat(verify(SPEC_PAYLOAD, SPEC_SIGNATURE, SECRET, now + TOLERANCE_SECONDS)).isTrue();
        assertThat(verify(SPEC_PAYLOAD, SPEC_SIGNATURE, SECRET, now - TOLERANCE_SECONDS)).isTrue();
        assertThat(verify(SPEC_PAYLOAD, SPEC_SIGNATURE, SECRET, now + TOLERANCE_SECONDS + 1))
                .as("too old")
                .isFalse();
        assertThat(verify(SPEC_PAYLOAD, SPEC_SIGNATURE, SECRET, now - TOLERANCE_SECONDS - 1))
                .as("from the future")
                .isFalse();
    }

    @Test
    void malformedTimestampsAreRejected() {
        for (String timestamp : new String[] {"", " 1614265330", "+1614265330", "-1", "1614265330.0", "abc"}) {
            assertThat(WebhookSignature.verify(
                            SPEC_MSG_ID, timestamp, SPEC_PAYLOAD, SPEC_SIGNATURE, SECRET, SPEC_TIMESTAMP_SECONDS, TOLERANCE_SECONDS))
                    .as(timestamp)
                    .isFalse();
        }
    }

    @Test
    void entriesWithoutTheV1PrefixAreRejected() {
        String bare = SPEC_SIGNATURE.substring("v1,".length());

        assertThat(verify(SPEC_PAYLOAD, bare, SECRET, SPEC_TIMESTAMP_SECONDS)).isFalse();
        assertThat(verify(SPEC_PAYLOAD, "v2," + bare, SECRET, SPEC_TIMESTAMP_SECONDS)).isFalse();
        assertThat(verify(SPEC_PAYLOAD, "v1," + bare + "!", SECRET, SPEC_TIMESTAMP_SECONDS)).isFalse();
        assertThat(verify(SPEC_PAYLOAD, "", SECRET, SPEC_TIMESTAMP_SECONDS)).isFalse();
        assertThat(verify(SPEC_PAYLOAD, null, SECRET, SPEC_TIMESTAMP_SECONDS)).isFalse();
    }

    @Test
    void anyMatchingEntryAmongSeveralVerifies() {
        // The shape of the multi-signature cases in the spec's test files.
        String header = String.join(
                " ", SPEC_WRONG_SIGNATURE, "v2," + SPEC_WRONG_SIGNATURE.substring(3), SPEC_SIGNATURE, SPEC_WRONG_SIGNATURE);

        assertThat(verify(SPEC_PAYLOAD, header, SECRET, SPEC_TIMESTAMP_SECONDS)).isTrue();
    }

    @Test
    void severalSecretsGiveSpaceSeparatedEntriesInOrderAndEitherVerifies() {
        WebhookSecret next = WebhookSecret.generate(new SecureRandom());

        String header = WebhookSignature.sign(SPEC_MSG_ID, SPEC_TIMESTAMP_SECONDS, SPEC_PAYLOAD, List.of(SECRET, next));

        String[] entries = header.split(" ");
        assertThat(entries).hasSize(2);
        assertThat(entries[0]).isEqualTo(SPEC_SIGNATURE);
        assertThat(entries[1])
                .startsWith("v1,")
                .isEqualTo(WebhookSignature.sign(SPEC_MSG_ID, SPEC_TIMESTAMP_SECONDS, SPEC_PAYLOAD, List.of(next)));
        assertThat(verify(SPEC_PAYLOAD, header, SECRET, SPEC_TIMESTAMP_SECONDS)).isTrue();
        assertThat(verify(SPEC_PAYLOAD, header, next, SPEC_TIMESTAMP_SECONDS)).isTrue();
        assertThat(verify(SPEC_PAYLOAD, header, WebhookSecret.generate(new SecureRandom()), SPEC_TIMESTAMP_SECONDS))
                .isFalse();
    }

    @Test
    void headerNamesAreTheSpecs() {
        assertThat(WebhookSignature.HEADER_ID).isEqualTo("webhook-id");
        assertThat(WebhookSignature.HEADER_TIMESTAMP).isEqualTo("webhook-timestamp");
        assertThat(WebhookSignature.HEADER_SIGNATURE).isEqualTo("webhook-signature");
    }

    private static boolean verify(byte[] body, String header, WebhookSecret secret, long nowSeconds) {
        return WebhookSignature.verify(SPEC_MSG_ID, TIMESTAMP, body, header, secret, nowSeconds, TOLERANCE_SECONDS);
    }
}
