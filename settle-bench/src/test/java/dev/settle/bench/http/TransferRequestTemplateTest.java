package dev.settle.bench.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class TransferRequestTemplateTest {
    private static final Pattern ITEM = Pattern.compile("\\{\"id\":\"([0-9a-f-]{36})\",\"debit_account_id\":\"([0-9a-f-]{36})\","
            + "\"credit_account_id\":\"([0-9a-f-]{36})\",\"amount\":1}");
    private static final HttpTarget TARGET = HttpTarget.of(URI.create("http://localhost:8080/"), "sk_key");
    /** 2026-11-23T10:15:30.123Z: the clock the tests hand to the templates. */
    private static final long NOW_MILLIS = 1_795_428_930_123L;

    private static AccountIds accounts(int count) {
        AccountIds accounts = new AccountIds(count);
        for (int i = 0; i < count; i++) {
            accounts.set(i, new UUID(0x0193_0000_0000_7000L, 0x8000_0000_0000_0000L + i).toString());
        }
        return accounts;
    }

    private static String text(TransferRequestTemplate template) {
        return new String(template.bytes(), StandardCharsets.US_ASCII);
    }

    /** The body after the blank line, checked against the Content-Length the head declares. */
    private static String body(String request) {
        int blank = request.indexOf("\r\n\r\n");
        Matcher length = Pattern.compile("\r\nContent-Length: (\\d+)\r\n").matcher(request.substring(0, blank + 2));
        assertThat(length.find()).isTrue();
        String body = request.substring(blank + 4);
        assertThat(body.length()).isEqualTo(Integer.parseInt(length.group(1)));
        return body;
    }

    @Test
    void aSingleTransferIsOneCompleteRequest() {
        TransferRequestTemplate template = TransferRequestTemplate.of(TARGET, TransferEndpoint.SINGLE, 1, UuidVersion.V4);
        AccountIds accounts = accounts(2);

        template.fill(new SplittableRandom(1), accounts, NOW_MILLIS);

        String request = text(template);
        assertThat(request).startsWith("POST /v1/transfers HTTP/1.1\r\nHost: localhost:8080\r\n"
                + "Authorization: Bearer sk_key\r\nContent-Type: application/json\r\n");
        Matcher item = ITEM.matcher(body(request));
        assertThat(item.matches()).isTrue();
        assertThat(Set.of(item.group(2), item.group(3))).containsExactlyInAnyOrder(accounts.get(0), accounts.get(1));
        assertThat(UUID.fromString(item.group(1)).version()).isEqualTo(4);
        assertThat(template.transfers()).isEqualTo(1);
    }

    @Test
    void everyFillGivesEveryItemAFreshIdAndTwoDifferentKnownAccounts() {
        int transfers = 50;
        TransferRequestTemplate template = TransferRequestTemplate.of(TARGET, TransferEndpoint.BATCH, transfers,
                UuidVersion.V4);
        AccountIds accounts = accounts(3);
        Set<String> known = Set.of(accounts.get(0), accounts.get(1), accounts.get(2));
        Set<String> ids = new HashSet<>();
        SplittableRandom random = new SplittableRandom(2);

        for (int fill = 0; fill < 20; fill++) {
            template.fill(random, accounts, NOW_MILLIS);

            String request = text(template);
            assertThat(request).startsWith("POST /v1/transfers/batch HTTP/1.1\r\n");
            String body = body(request);
            assertThat(body).startsWith("{\"transfers\":[{").endsWith("}]}");
            String[] items = body.substring("{\"transfers\":[".length(), body.length() - 2).split("(?<=}),(?=\\{)");
            assertThat(items).hasSize(transfers);
            for (String text : items) {
                Matcher item = ITEM.matcher(text);
                assertThat(item.matches()).as(text).isTrue();
                assertThat(ids.add(item.group(1))).as("fresh id %s", item.group(1)).isTrue();
                assertThat(known).contains(item.group(2), item.group(3));
                assertThat(item.group(2)).isNotEqualTo(item.group(3));
            }
        }
    }

    @Test
    void timeOrderedIdsCarryTheClockGivenToTheFill() {
        int transfers = 10;
        TransferRequestTemplate template = TransferRequestTemplate.of(TARGET, TransferEndpoint.BATCH, transfers,
                UuidVersion.V7);
        AccountIds accounts = accounts(5);
        SplittableRandom random = new SplittableRandom(3);
        Set<String> ids = new HashSet<>();

        for (long millis = NOW_MILLIS; millis < NOW_MILLIS + 3; millis++) {
            template.fill(random, accounts, millis);

            String body = body(text(template));
            Matcher item = ITEM.matcher(body);
            int items = 0;
            while (item.find()) {
                UUID id = UUID.fromString(item.group(1));
                assertThat(id.version()).isEqualTo(7);
                assertThat(id.variant()).isEqualTo(2);
                assertThat(id.getMostSignificantBits() >>> 16).as(item.group(1)).isEqualTo(millis);
                assertThat(ids.add(item.group(1))).as("fresh id %s", item.group(1)).isTrue();
                items++;
            }
            assertThat(items).isEqualTo(transfers);
        }
        assertThat(template.idVersion()).isEqualTo(UuidVersion.V7);
    }

    @Test
    void theBasePathPrefixesEveryPath() {
        HttpTarget prefixed = HttpTarget.of(URI.create("http://[::1]:9000/settle/"), "sk_key");

        TransferRequestTemplate template = TransferRequestTemplate.of(prefixed, TransferEndpoint.SINGLE, 1, UuidVersion.V7);

        assertThat(text(template)).startsWith("POST /settle/v1/transfers HTTP/1.1\r\nHost: [::1]:9000\r\n");
        assertThat(prefixed.address().getPort()).isEqualTo(9000);
        assertThat(prefixed.address().getAddress().getHostAddress()).isIn("0:0:0:0:0:0:0:1", "::1");
    }

    @Test
    void sizesOutsideTheEndpointsLimitsAreRefused() {
        assertThatThrownBy(() -> TransferRequestTemplate.of(TARGET, TransferEndpoint.SINGLE, 2, UuidVersion.V7))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TransferRequestTemplate.of(TARGET, TransferEndpoint.BATCH, 0, UuidVersion.V7))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TransferRequestTemplate.of(TARGET, TransferEndpoint.BATCH, 8191, UuidVersion.V7))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TransferRequestTemplate.of(TARGET, TransferEndpoint.BATCH, 1, null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theLargestBatchFitsTheServersBodyLimit() {
        TransferRequestTemplate template = TransferRequestTemplate.of(TARGET, TransferEndpoint.BATCH, 8190, UuidVersion.V7);

        assertThat(body(text(template)).length()).isEqualTo(TransferRequestTemplate.BATCH_BODY_BYTES_LARGEST)
                .isLessThanOrEqualTo(TransferRequestTemplate.BATCH_BODY_BYTES_MAX);
    }
}
