package dev.settle.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.settle.secrets.MasterKey;
import dev.settle.secrets.MasterKeyException;
import dev.settle.secrets.MasterKeys;
import dev.settle.store.LedgerStore;
import dev.settle.store.OwnerOnly;
import dev.settle.store.StoreLayout;
import dev.settle.store.WriteBatchRep;
import dev.settle.verify.StoreVerifier;
import dev.settle.verify.VerifyReport;
import dev.settle.webhooks.WebhookConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Secrets at rest: owner-only modes, no webhook secret readable in any byte of any data file
 * after endpoints are created and rotated (with idempotency keys, so their answers are stored),
 * a wrong master key refused at start, rotation keeping the secrets readable, and verify
 * reporting a planted plaintext secret and a wrong mode.
 */
class SecretsAtRestTest {
    @TempDir
    Path root;

    private static UnaryOperator<dev.settle.server.ServerConfig.Builder> with(MasterKeys keys) {
        return c -> (keys == null ? c : c.masterKeys(keys))
                .webhooks(WebhookConfig.defaults().toBuilder().allowPrivateTargets(true).build());
    }

    private static MasterKeys keys(MasterKey... keys) {
        return MasterKeys.given("test keys", List.of(keys));
    }

    @Test
    void dataDirectoryAndFilesAreOwnerOnlyAfterStartAndStop() throws Exception {
        Path data = root.resolve("data");
        TestServer server = TestServer.start(data, with(null));
        try {
            createAndRotate(server);
            assertThat(modeOf(data)).isEqualTo("rwx------");
            assertThat(OwnerOnly.offenders(data)).as("after start (files created at open)").isEmpty();
            assertThat(data.resolve(MasterKeys.FILE_NAME)).exists();
        } finally {
            server.close();
        }
        assertThat(OwnerOnly.offenders(data)).as("after stop").isEmpty();
    }

    @Test
    void anOlderDirectoryWithLooseModesIsMadeOwnerOnlyAtStart() throws Exception {
        Path data = root.resolve("data");
        TestServer.start(data, with(null)).close();
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-xr-x"));
        try (Stream<Path> files = Files.list(data)) {
            for (Path file : files.toList()) {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
            }
        }
        assertThat(StoreVerifier.verify(data).render()).contains("FAILED  data directory is owner-only");
        TestServer server = TestServer.start(data, with(null));
        try {
            assertThat(OwnerOnly.offenders(data)).isEmpty();
        } finally {
            server.close();
        }
    }

    @Test
    void noWebhookSecretIsReadableInAnyByteOfTheDataFiles() throws Exception {
        Path data = root.resolve("data");
        MasterKey key = MasterKey.generate(new SecureRandom());
        TestServer server = TestServer.start(data, with(keys(key)));
        List<String> secrets;
        try {
            secrets = createAndRotate(server);
        } finally {
            server.close();
        }
        assertNoSecretInFiles(data, secrets);
        VerifyReport report = StoreVerifier.verify(data);
        assertThat(report.passed()).as(report.render()).isTrue();
        VerifyReport again = StoreVerifier.verify(data);
        assertThat(again.passed()).as("verify leaves no file readable by others: " + again.render()).isTrue();
    }

    @Test
    void aWrongMasterKeyIsRefusedAtStartWithItsId() throws Exception {
        Path data = root.resolve("data");
        MasterKey right = MasterKey.generate(new SecureRandom());
        MasterKey wrong = MasterKey.generate(new SecureRandom());
        TestServer server = TestServer.start(data, with(keys(right)));
        createAndRotate(server);
        server.close();
        assertThatThrownBy(() -> TestServer.start(data, with(keys(wrong))))
                .isInstanceOf(MasterKeyException.class)
                .hasMessageContaining("wrong master key").hasMessageContaining(right.idText())
                .hasMessageNotContaining(Base64.getEncoder().encodeToString(new byte[0]) + "x");
    }

    @Test
    void rotationReSealsUnderTheNewKeyAndTheOldKeyIsThenNotNeeded() throws Exception {
        Path data = root.resolve("data");
        MasterKey old = MasterKey.generate(new SecureRandom());
        MasterKey next = MasterKey.generate(new SecureRandom());
        TestServer server = TestServer.start(data, with(keys(old)));
        List<String> secrets = createAndRotate(server);
        String id = (String) server.get("/v1/webhook_endpoints", server.defaultKey).data().get(0).get("id");
        server = server.restart(with(keys(next, old)));
        // The replayed answer (sealed under the old key, re-sealed under the new one) still shows the secret.
        TestServer.Answer replay = server.post("/v1/webhook_endpoints", server.defaultKey,
                "{\"url\":\"http://127.0.0.1:9/a\",\"enabled_events\":[\"*\"]}", "Idempotency-Key", "create-a");
        assertThat(replay.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(replay.field("secret")).isEqualTo(secrets.get(0));
        server = server.restart(with(keys(next)));
        assertThat(server.get("/v1/webhook_endpoints/" + id, server.defaultKey).status()).isEqualTo(200);
        TestServer.Answer again = server.post("/v1/webhook_endpoints/" + id + "/rotate_secret", server.defaultKey,
                "{}", "Idempotency-Key", "rotate-a");
        assertThat(again.field("secret")).isEqualTo(secrets.get(1));
        server.close();
        assertThatThrownBy(() -> TestServer.start(data, with(keys(old))))
                .isInstanceOf(MasterKeyException.class).hasMessageContaining(next.idText());
    }

    @Test
    void verifyReportsAPlantedPlaintextSecret() throws Exception {
        Path data = root.resolve("data");
        TestServer.start(data, with(null)).close();
        String planted = "whsec_" + Base64.getEncoder().encodeToString(new byte[24]);
        byte[] body = ("{\"object\":\"webhook_endpoint\",\"secret\":\"" + planted + "\"}")
                .getBytes(StandardCharsets.US_ASCII);
        byte[] record = new dev.settle.api.idempotency.IdempotencyRecord(1, new byte[32], 201, "2026-11-01", body)
                .encode();
        try (LedgerStore store = LedgerStore.open(data, dev.settle.store.StoreOptions.defaults())) {
            WriteBatchRep rep = new WriteBatchRep();
            rep.put(store.columnFamilyIds()[StoreLayout.ColumnFamily.IDEMPOTENCY.ordinal()], new byte[36], record);
            store.write(rep.toBytes());
        }
        VerifyReport report = StoreVerifier.verify(data);
        assertThat(report.passed()).isFalse();
        assertThat(report.render()).contains("FAILED  no webhook secret in plaintext").doesNotContain(planted);
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-x---"));
        assertThat(StoreVerifier.verify(data).render()).contains("FAILED  data directory is owner-only")
                .contains(data + " is rwxr-x---");
    }

    /** Creates an endpoint and rotates its secret, both with idempotency keys; answers both secrets. */
    private static List<String> createAndRotate(TestServer server) {
        TestServer.Answer created = server.post("/v1/webhook_endpoints", server.defaultKey,
                "{\"url\":\"http://127.0.0.1:9/a\",\"enabled_events\":[\"*\"]}", "Idempotency-Key", "create-a");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        Map<String, Object> endpoint = created.json();
        TestServer.Answer rotated = server.post("/v1/webhook_endpoints/" + endpoint.get("id") + "/rotate_secret",
                server.defaultKey, "{}", "Idempotency-Key", "rotate-a");
        assertThat(rotated.status()).as(rotated.body()).isEqualTo(200);
        return List.of((String) endpoint.get("secret"), (String) rotated.field("secret"));
    }

    /** Every byte of every file: neither the secret's text, nor its base64, nor its key bytes. */
    private static void assertNoSecretInFiles(Path data, List<String> secrets) throws Exception {
        List<byte[]> needles = new ArrayList<>();
        for (String secret : secrets) {
            String base64 = secret.substring("whsec_".length());
            needles.add(secret.getBytes(StandardCharsets.US_ASCII));
            needles.add(base64.getBytes(StandardCharsets.US_ASCII));
            needles.add(Base64.getDecoder().decode(base64));
        }
        needles.add("whsec_".getBytes(StandardCharsets.US_ASCII));
        try (Stream<Path> files = Files.walk(data)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                byte[] bytes = Files.readAllBytes(file);
                for (byte[] needle : needles) {
                    assertThat(indexOf(bytes, needle)).as(file + " holds a secret").isEqualTo(-1);
                }
            }
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static String modeOf(Path path) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS));
    }
}
