package dev.settle.api.tls;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The server's certificate chain and private key, read from PEM files, checked, and held in an
 * in-memory key store for Jetty. Checked when loaded, so that a bad pair stops the server at once
 * with the reason instead of failing every handshake later: the certificate file holds the
 * server's certificate first, then any intermediates, each issued by the next; every certificate
 * is in date; the key is the certificate's (it signs what the certificate's key verifies).
 * Nothing of the key ever goes into a message or a log. The files are read once: a renewed
 * certificate takes a restart.
 */
public final class TlsIdentity {
    /** A server certificate and its intermediates; a longer chain in one file is a mistake. */
    static final int CHAIN_LENGTH_MAX = 10;
    static final String KEY_ALIAS = "settle";
    /** The key algorithms a TLS server key may have here, and how each is checked against its certificate. */
    private static final String SIGNATURE_RSA = "SHA256withRSA";
    private static final String SIGNATURE_EC = "SHA256withECDSA";
    private static final String SIGNATURE_EDDSA = "EdDSA";
    private static final int PASSWORD_BYTES = 24;
    private static final int CHALLENGE_BYTES = 32;

    private final List<X509Certificate> chain;
    private final KeyStore keyStore;
    private final String keyStorePassword;

    private TlsIdentity(List<X509Certificate> chain, KeyStore keyStore, String keyStorePassword) {
        this.chain = chain;
        this.keyStore = keyStore;
        this.keyStorePassword = keyStorePassword;
    }

    /**
     * Reads {@code certificateFile} (PEM, the server's certificate then its intermediates) and
     * {@code keyFile} (PEM, unencrypted PKCS#8, PKCS#1 RSA or SEC1 EC), checked against the time
     * {@code now}.
     */
    public static TlsIdentity load(Path certificateFile, Path keyFile, Instant now) throws TlsIdentityException {
        List<X509Certificate> chain = certificates(certificateFile);
        checkChain(certificateFile, chain, now);
        X509Certificate leaf = chain.getFirst();
        PrivateKey key = PrivateKeys.read(keyFile, leaf.getPublicKey());
        checkPair(certificateFile, keyFile, leaf, key);
        try {
            String password = randomPassword();
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry(KEY_ALIAS, key, password.toCharArray(), chain.toArray(X509Certificate[]::new));
            return new TlsIdentity(List.copyOf(chain), store, password);
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("the JDK cannot hold a " + key.getAlgorithm() + " key in a key store", e);
        }
    }

    /** The key store Jetty serves from: one entry, {@link #KEY_ALIAS}, in memory only. */
    public KeyStore keyStore() {
        return keyStore;
    }

    /** The in-memory key store's password (random per process; it protects nothing on disk). */
    public String keyStorePassword() {
        return keyStorePassword;
    }

    /** The server's certificate. */
    public X509Certificate certificate() {
        return chain.getFirst();
    }

    /** The server's certificate, then its intermediates. */
    public List<X509Certificate> chain() {
        return chain;
    }

    /** For the start log: whose certificate and until when (public facts, no key material). */
    public String describe() {
        X509Certificate leaf = certificate();
        return leaf.getSubjectX500Principal().getName() + ", valid until " + leaf.getNotAfter().toInstant();
    }

    private static List<X509Certificate> certificates(Path file) throws TlsIdentityException {
        List<X509Certificate> chain = new ArrayList<>();
        for (PemFile.Block block : PemFile.read(file, "certificate")) {
            if (!block.label().equals("CERTIFICATE")) {
                throw new TlsIdentityException("the certificate file " + file + " holds a " + block.label()
                        + "; it must hold CERTIFICATE blocks only (the key goes in its own file)");
            }
            if (chain.size() == CHAIN_LENGTH_MAX) {
                throw new TlsIdentityException("the certificate file " + file + " holds more than " + CHAIN_LENGTH_MAX
                        + " certificates");
            }
            try {
                chain.add((X509Certificate) CertificateFactory.getInstance("X.509")
                        .generateCertificate(new ByteArrayInputStream(block.der())));
            } catch (CertificateException e) {
                throw new TlsIdentityException("the certificate file " + file + ": certificate " + (chain.size() + 1)
                        + " is not a valid X.509 certificate");
            }
        }
        return chain;
    }

    /** Every certificate in date; each issued by the next (the order clients expect). */
    private static void checkChain(Path file, List<X509Certificate> chain, Instant now) throws TlsIdentityException {
        for (int i = 0; i < chain.size(); i++) {
            X509Certificate certificate = chain.get(i);
            String which = (i == 0 ? "the certificate " : "the chain's certificate " + (i + 1) + " ")
                    + certificate.getSubjectX500Principal().getName() + " in " + file;
            if (now.isAfter(certificate.getNotAfter().toInstant())) {
                throw new TlsIdentityException(which + " expired on " + certificate.getNotAfter().toInstant()
                        + "; renew it and restart");
            }
            if (now.isBefore(certificate.getNotBefore().toInstant())) {
                throw new TlsIdentityException(which + " is not valid before " + certificate.getNotBefore().toInstant()
                        + " (is this machine's clock right?)");
            }
            if (i + 1 < chain.size() && !certificate.getIssuerX500Principal()
                    .equals(chain.get(i + 1).getSubjectX500Principal())) {
                throw new TlsIdentityException(which + " is not issued by the next certificate in the file ("
                        + chain.get(i + 1).getSubjectX500Principal().getName()
                        + "): put the server's certificate first, then each issuer in order");
            }
        }
    }

    /** The key signs a random challenge that the certificate's public key verifies. */
    private static void checkPair(Path certificateFile, Path keyFile, X509Certificate leaf, PrivateKey key)
            throws TlsIdentityException {
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> SIGNATURE_RSA;
            case "EC" -> SIGNATURE_EC;
            case "EdDSA", "Ed25519", "Ed448" -> SIGNATURE_EDDSA;
            default -> throw new TlsIdentityException("the key in " + keyFile + " is a " + key.getAlgorithm()
                    + " key; a TLS server key here must be RSA, EC or Ed25519");
        };
        byte[] challenge = new byte[CHALLENGE_BYTES];
        new SecureRandom().nextBytes(challenge);
        boolean matches;
        try {
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(challenge);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(leaf.getPublicKey());
            verifier.update(challenge);
            matches = verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            matches = false;
        }
        if (!matches) {
            throw new TlsIdentityException("the key in " + keyFile + " does not belong to the certificate in "
                    + certificateFile + " (" + leaf.getSubjectX500Principal().getName() + ")");
        }
    }

    private static String randomPassword() {
        byte[] bytes = new byte[PASSWORD_BYTES];
        new SecureRandom().nextBytes(bytes);
        return new String(Base64.getEncoder().encode(bytes), StandardCharsets.US_ASCII);
    }
}
