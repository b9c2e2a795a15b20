package dev.settle.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.settle.server.ServerConfig;
import dev.settle.store.CorruptStoreException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sealing, key rings and where the keys come from. */
class SecretBoxTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final byte[] CONTEXT = SecretBox.context("webhook_endpoints", new byte[] {1, 2});

    @TempDir
    Path directory;

    @Test
    void aSealedValueOpensUnderItsKeyInItsContextOnly() {
        MasterKey old = MasterKey.generate(RANDOM);
        MasterKey next = MasterKey.generate(RANDOM);
        byte[] plain = "whsec_abc".getBytes(StandardCharsets.US_ASCII);
        byte[] sealed = SecretBox.of(List.of(old)).seal(plain, CONTEXT);
        assertThat(sealed).hasSize(plain.length + SecretBox.OVERHEAD_BYTES);
        assertThat(SecretBox.keyIdOf(sealed)).isEqualTo(old.id());
        SecretBox ring = SecretBox.of(List.of(next, old));
        assertThat(ring.open(sealed, CONTEXT)).isEqualTo(plain);
        assertThat(ring.isCurrent(sealed)).isFalse();
        assertThatThrownBy(() -> ring.open(sealed, SecretBox.context("webhook_endpoints", new byte[] {1, 3})))
                .isInstanceOf(CorruptStoreException.class).hasMessageContaining("does not authenticate");
        assertThatThrownBy(() -> SecretBox.of(List.of(next)).open(sealed, CONTEXT))
                .isInstanceOf(CorruptStoreException.class).hasMessageContaining(old.idText());
        assertThat(SecretBox.of(List.of(old)).seal(plain, CONTEXT)).isNotEqualTo(sealed); // a new nonce each time
    }

    @Test
    void aKeyFileHoldsTheCurrentKeyFirstAndRefusesBadLinesWithoutEchoingThem() throws Exception {
        MasterKey current = MasterKey.generate(RANDOM);
        MasterKey previous = MasterKey.generate(RANDOM);
        Path file = directory.resolve("keys");
        Files.writeString(file, "# rotated 2026-12-05\n" + current.encoded() + "\n\n" + previous.encoded() + "\n");
        MasterKeys keys = MasterKeys.fromFile(file);
        assertThat(keys.keys()).extracting(MasterKey::id).containsExactly(current.id(), previous.id());
        assertThat(keys.toString()).doesNotContain(current.encoded());
        Files.writeString(file, current.encoded() + "\nnotAKey-secret-text\n");
        assertThatThrownBy(() -> MasterKeys.fromFile(file)).hasMessageContaining("line 2")
                .hasMessageNotContaining("notAKey-secret-text");
        assertThatThrownBy(() -> MasterKeys.fromEnvironment("c2hvcnQ=", null)).hasMessageContaining("got 5 bytes");
    }

    @Test
    void theServerConfigTakesTheKeysOneWayOnly() throws Exception {
        MasterKey key = MasterKey.generate(RANDOM);
        Path file = directory.resolve("keys");
        Files.writeString(file, key.encoded() + "\n");
        assertThatThrownBy(() -> ServerConfig.builder(directory).masterKeyFile(file)
                .masterKeyEnvironment(key.encoded(), null).build())
                .hasMessageContaining("give the master keys one way");
        assertThat(ServerConfig.builder(directory).masterKeyEnvironment(key.encoded(), null).build().masterKeys()
                .keys()).extracting(MasterKey::id).containsExactly(key.id());
        assertThatThrownBy(() -> ServerConfig.builder(directory).masterKeyEnvironment(null, key.encoded()).build())
                .hasMessageContaining("SETTLE_MASTER_KEY_PREVIOUS is set without");
    }
}
