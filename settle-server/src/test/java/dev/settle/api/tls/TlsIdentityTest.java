package dev.settle.api.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Loading the PEM certificate and key (test files in src/test/resources/tls, see its README): the
 * supported key forms load, and every bad pair is refused with a message that names the file and
 * the reason and holds no byte of any key.
 */
class TlsIdentityTest {
    /** The tests' wall clock: inside every test certificate's validity except the expired one's. */
    private static final Instant NOW = Instant.parse("2026-12-01T00:00:00Z");

    @TempDir
    Path temporary;

    static Path file(String name) {
        try {
            return Path.of(TlsIdentityTest.class.getResource("/tls/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static TlsIdentity load(String certificate, String key) throws TlsIdentityException {
        return TlsIdentity.load(file(certificate), file(key), NOW);
    }

    @Test
    void everySupportedKeyFormLoadsIntoAKeyStoreWithTheChain() throws Exception {
        for (List<String> pair : List.of(List.of("ec-cert.pem", "ec-key.pem"), List.of("ec-cert.pem", "ec-key-sec1.pem"),
                List.of("rsa-cert.pem", "rsa-key.pem"), List.of("rsa-cert.pem", "rsa-key-pkcs1.pem"))) {
            TlsIdentity identity = load(pair.get(0), pair.get(1));
            KeyStore store = identity.keyStore();
            assertThat(store.isKeyEntry(TlsIdentity.KEY_ALIAS)).as(pair.toString()).isTrue();
            assertThat(store.getKey(TlsIdentity.KEY_ALIAS, identity.keyStorePassword().toCharArray())).isNotNull();
            assertThat(identity.chain()).hasSize(1);
            assertThat(identity.describe()).contains("CN=localhost").contains("2119");
        }
    }

    @Test
    void aChainInOrderLoadsWithItsIntermediate() throws Exception {
        TlsIdentity identity = load("chain-cert.pem", "chain-key.pem");
        assertThat(identity.chain()).hasSize(2);
        assertThat(identity.certificate().getIssuerX500Principal().getName()).isEqualTo("CN=Settle test CA");
        assertThat(identity.keyStore().getCertificateChain(TlsIdentity.KEY_ALIAS)).hasSize(2);
    }

    @Test
    void aKeyThatIsNotTheCertificatesIsRefused() {
        refused("ec-cert.pem", "other-key.pem", "does not belong to the certificate", "other-key.pem");
        refused("chain-cert.pem", "ec-key.pem", "does not belong to the certificate");
    }

    @Test
    void aKeyOfAnotherAlgorithmIsRefused() {
        refused("ec-cert.pem", "rsa-key-pkcs1.pem", "holds an RSA PRIVATE KEY but the certificate's key is EC");
        refused("ec-cert.pem", "rsa-key.pem", "does not hold a valid PRIVATE KEY for the certificate's EC key");
        refused("rsa-cert.pem", "ec-key-sec1.pem", "holds an EC PRIVATE KEY but the certificate's key is RSA");
    }

    @Test
    void anExpiredCertificateIsRefusedWithItsDate() {
        refused("expired-cert.pem", "expired-key.pem", "expired on 2020-01-31", "renew it");
    }

    @Test
    void aCertificateNotYetValidIsRefused() {
        assertThatThrownBy(() -> TlsIdentity.load(file("ec-cert.pem"), file("ec-key.pem"),
                Instant.parse("2019-06-01T00:00:00Z")))
                .isInstanceOf(TlsIdentityException.class).hasMessageContaining("is not valid before 2020-01-01");
    }

    @Test
    void aChainOutOfOrderIsRefused() {
        refused("chain-reversed-cert.pem", "chain-key.pem", "is not issued by the next certificate");
    }

    @Test
    void anEncryptedKeyIsRefusedWithTheCommandThatDecryptsIt() {
        refused("ec-cert.pem", "ec-key-encrypted.pem", "is encrypted", "openssl pkey");
    }

    @Test
    void filesSwappedOrMissingAreRefused() {
        refused("ec-key.pem", "ec-cert.pem", "holds a PRIVATE KEY; it must hold CERTIFICATE blocks only");
        refused("ec-cert.pem", "ec-cert.pem", "holds a CERTIFICATE, not a private key");
        assertThatThrownBy(() -> TlsIdentity.load(temporary.resolve("none.pem"), file("ec-key.pem"), NOW))
                .isInstanceOf(TlsIdentityException.class).hasMessageContaining("does not exist");
        assertThatThrownBy(() -> TlsIdentity.load(file("ec-cert.pem"), temporary, NOW))
                .isInstanceOf(TlsIdentityException.class).hasMessageContaining("is not a file");
    }

    @Test
    void aFileWithoutPemOrTooLargeIsRefused() throws Exception {
        Path der = Files.write(temporary.resolve("cert.der"), new byte[] {0x30, (byte) 0x82, 0x01, 0x00, 0x02});
        assertThatThrownBy(() -> TlsIdentity.load(der, file("ec-key.pem"), NOW))
                .isInstanceOf(TlsIdentityException.class).hasMessageContaining("holds no PEM block");
        Path large = Files.write(temporary.resolve("large.pem"), new byte[(int) PemFile.FILE_BYTES_MAX + 1]);
        assertThatThrownBy(() -> TlsIdentity.load(large, file("ec-key.pem"), NOW))
                .isInstanceOf(TlsIdentityException.class).hasMessageContaining("is larger than");
    }

    @Test
    void aKeyFileWithTwoKeysIsRefused() throws Exception {
        Path two = temporary.resolve("two.pem");
        Files.writeString(two, Files.readString(file("ec-key.pem")) + Files.readString(file("other-key.pem")));
        assertThatThrownBy(() -> TlsIdentity.load(file("ec-cert.pem"), two, NOW))
                .isInstanceOf(TlsIdentityException.class).hasMessageContaining("exactly one private key");
    }

    /**
     * Refused with a message holding each of {@code expected} and no fragment of any key: every
     * 16-character run of a key file's base64 is looked for.
     */
    private static void refused(String certificate, String key, String... expected) {
        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> load(certificate, key));
        assertThat(thrown).as(certificate + " + " + key).isInstanceOf(TlsIdentityException.class);
        for (String part : expected) {
            assertThat(thrown.getMessage()).contains(part);
        }
        assertThat(thrown.getCause()).as("no cause whose text could quote the key").isNull();
        for (String keyFile : List.of(key, "ec-key.pem", "rsa-key.pem", "other-key.pem")) {
            for (String fragment : base64Fragments(keyFile)) {
                assertThat(thrown.getMessage()).doesNotContain(fragment);
            }
        }
    }

    private static List<String> base64Fragments(String keyFile) {
        try {
            String body = Arrays.stream(Files.readString(file(keyFile), StandardCharsets.US_ASCII).split("\n"))
                    .filter(line -> !line.startsWith("-----")).reduce("", String::concat);
            int fragment = 16;
            return java.util.stream.IntStream.range(0, body.length() / fragment)
                    .mapToObj(i -> body.substring(i * fragment, i * fragment + fragment)).toList();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
