package dev.settle.api.tls;

import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;
import java.util.List;

/**
 * Reads the private key of a PEM key file: PKCS#8 ({@code PRIVATE KEY}, what {@code openssl
 * genpkey} writes), PKCS#1 RSA ({@code RSA PRIVATE KEY}) or SEC1 EC ({@code EC PRIVATE KEY}), the
 * last two wrapped into PKCS#8 with the algorithm identifier of the certificate's public key.
 * Encrypted keys are refused with the command that decrypts them: the server would need the
 * passphrase on its command line or in its environment, which protects nothing.
 */
final class PrivateKeys {
    static final String PKCS8 = "PRIVATE KEY";
    static final String PKCS1_RSA = "RSA PRIVATE KEY";
    static final String SEC1_EC = "EC PRIVATE KEY";
    static final String PKCS8_ENCRYPTED = "ENCRYPTED PRIVATE KEY";
    /** {@code openssl ecparam -genkey} writes the curve's parameters before the key: skipped. */
    static final String EC_PARAMETERS = "EC PARAMETERS";
    private static final byte[] PKCS8_VERSION = Der.element(Der.TAG_INTEGER, new byte[] {0});

    private PrivateKeys() {}

    /** The one private key in {@code file}, of the algorithm of {@code certified} (the certificate's key). */
    static PrivateKey read(Path file, PublicKey certified) throws TlsIdentityException {
        List<PemFile.Block> blocks = PemFile.read(file, "key").stream()
                .filter(b -> !b.label().equals(EC_PARAMETERS)).toList();
        if (blocks.size() != 1) {
            throw new TlsIdentityException("the key file " + file + " must hold exactly one private key, it holds "
                    + blocks.size() + " PEM blocks");
        }
        PemFile.Block block = blocks.getFirst();
        byte[] pkcs8 = null;
        try {
            pkcs8 = pkcs8(file, block, certified);
            return KeyFactory.getInstance(certified.getAlgorithm()).generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            // Not the cause's text: a parser's message may quote the bytes it choked on.
            throw new TlsIdentityException("the key file " + file + " does not hold a valid " + block.label()
                    + " for the certificate's " + certified.getAlgorithm() + " key");
        } finally {
            Arrays.fill(block.der(), (byte) 0);
            if (pkcs8 != null) {
                Arrays.fill(pkcs8, (byte) 0);
            }
        }
    }

    private static byte[] pkcs8(Path file, PemFile.Block block, PublicKey certified) throws TlsIdentityException {
        String algorithm = certified.getAlgorithm();
        return switch (block.label()) {
            case PKCS8 -> block.der().clone();
            case PKCS1_RSA -> wrap(file, block, certified, "RSA");
            case SEC1_EC -> wrap(file, block, certified, "EC");
            case PKCS8_ENCRYPTED -> throw new TlsIdentityException("the key file " + file + " is encrypted; give the"
                    + " server a decrypted copy readable by it alone: openssl pkey -in encrypted.pem -out key.pem");
            default -> throw new TlsIdentityException("the key file " + file + " holds a " + block.label()
                    + ", not a private key (PRIVATE KEY, RSA PRIVATE KEY or EC PRIVATE KEY) for a " + algorithm
                    + " certificate");
        };
    }

    /** A PKCS#1 or SEC1 key as PKCS#8: version 0, the certificate's algorithm identifier, the key. */
    private static byte[] wrap(Path file, PemFile.Block block, PublicKey certified, String expected)
            throws TlsIdentityException {
        if (!certified.getAlgorithm().equals(expected)) {
            throw new TlsIdentityException("the key file " + file + " holds an " + block.label()
                    + " but the certificate's key is " + certified.getAlgorithm());
        }
        byte[] algorithmIdentifier = Der.firstInSequence(certified.getEncoded());
        return Der.sequence(PKCS8_VERSION, algorithmIdentifier, Der.element(Der.TAG_OCTET_STRING, block.der()));
    }
}
