package dev.settle.api.tls;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The blocks of a PEM file (RFC 7468): {@code -----BEGIN LABEL-----}, base64, {@code -----END
 * LABEL-----}. Text between blocks (openssl's human-readable dump) is skipped. Nothing read from
 * the file ever goes into a message: a key file's bytes are secret, and so may be a typo'd path's.
 */
final class PemFile {
    /** A certificate chain or a key is a few KiB; a larger file is the wrong file. */
    static final long FILE_BYTES_MAX = 1024 * 1024;
    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]*?)-----END \\1-----");

    /** One block: its label ({@code CERTIFICATE}, {@code PRIVATE KEY}, ...) and its decoded bytes. */
    record Block(String label, byte[] der) {}

    private PemFile() {}

    /** Every block of {@code file}, in order; refuses a file that cannot be read or holds none. */
    static List<Block> read(Path file, String what) throws TlsIdentityException {
        String text;
        try {
            if (!Files.isRegularFile(file)) {
                throw new TlsIdentityException("the " + what + " file " + file + " does not exist or is not a file");
            }
            if (Files.size(file) > FILE_BYTES_MAX) {
                throw new TlsIdentityException("the " + what + " file " + file + " is larger than " + FILE_BYTES_MAX
                        + " bytes: not a PEM " + what);
            }
            // Latin-1 maps every byte: a binary (DER) file reads without error and holds no block.
            text = Files.readString(file, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            // The kind of failure only (access denied, ...): an exception's text is not ours to vouch for.
            throw new TlsIdentityException("cannot read the " + what + " file " + file + " ("
                    + e.getClass().getSimpleName() + ")");
        }
        List<Block> blocks = new ArrayList<>();
        Matcher matcher = BLOCK.matcher(text);
        while (matcher.find()) {
            try {
                blocks.add(new Block(matcher.group(1), Base64.getMimeDecoder().decode(matcher.group(2))));
            } catch (IllegalArgumentException e) {
                throw new TlsIdentityException("the " + what + " file " + file + " has a PEM block ("
                        + matcher.group(1) + ") that is not valid base64");
            }
        }
        if (blocks.isEmpty()) {
            throw new TlsIdentityException("the " + what + " file " + file + " holds no PEM block (-----BEGIN ...)");
        }
        return blocks;
    }
}
