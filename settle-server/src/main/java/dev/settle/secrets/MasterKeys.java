package dev.settle.secrets;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Where the master keys come from, as configured: given (a key file, or the environment), the
 * first key current and the others previous (still opening what they sealed until start-up has
 * re-sealed it under the current one); or none given, and then {@value #FILE_NAME} in the data
 * directory, generated on the first start. {@link #toString()} names the source, never a key.
 */
public final class MasterKeys {
    /** The current key, base64 of 32 bytes. */
    public static final String ENVIRONMENT = "SETTLE_MASTER_KEY";
    /** Previous keys, base64, separated by commas or white space. */
    public static final String ENVIRONMENT_PREVIOUS = "SETTLE_MASTER_KEY_PREVIOUS";
    /** The generated key's file in the data directory when no key is given. */
    public static final String FILE_NAME = "master.key";
    /** The current key and up to 7 previous ones: more is a ring nobody cleans up. */
    public static final int KEYS_MAX = 8;
    /** A key file is a few lines; anything larger is the wrong file. */
    public static final int KEY_FILE_BYTES_MAX = 64 * 1024;

    private final List<MasterKey> keys;
    private final String source;

    private MasterKeys(List<MasterKey> keys, String source) {
        this.keys = List.copyOf(keys);
        this.source = source;
    }

    /** No key given: {@value #FILE_NAME} in the data directory (generated on the first start). */
    public static MasterKeys inDataDirectory() {
        return new MasterKeys(List.of(), null);
    }

    /** Keys given by {@code source} (named in messages), the first current. */
    public static MasterKeys given(String source, List<MasterKey> keys) {
        if (keys.isEmpty()) {
            throw new IllegalArgumentException(source + " holds no master key");
        }
        if (keys.size() > KEYS_MAX) {
            throw new IllegalArgumentException(source + " holds " + keys.size() + " master keys; at most " + KEYS_MAX
                    + " (the current one first, then the previous ones)");
        }
        Set<Integer> ids = new HashSet<>();
        for (MasterKey key : keys) {
            if (!ids.add(key.id())) {
                throw new IllegalArgumentException(source + " holds master key " + key.idText() + " twice");
            }
        }
        return new MasterKeys(keys, source);
    }

    /**
     * {@code --master-key-file}: one base64 key per line, the current one first, then the previous
     * ones; blank lines and lines starting with {@code #} are skipped.
     */
    public static MasterKeys fromFile(Path file) {
        String source = "--master-key-file " + file;
        String text;
        try {
            if (Files.size(file) > KEY_FILE_BYTES_MAX) {
                throw new IllegalArgumentException(source + " is larger than " + KEY_FILE_BYTES_MAX + " bytes");
            }
            text = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new IllegalArgumentException(source + " cannot be read: " + e.getMessage());
        }
        List<MasterKey> keys = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            try {
                keys.add(MasterKey.parse(line));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(source + ", line " + (i + 1) + ": " + e.getMessage());
            }
        }
        return given(source, keys);
    }

    /** {@code $SETTLE_MASTER_KEY} and, when set, {@code $SETTLE_MASTER_KEY_PREVIOUS}. */
    public static MasterKeys fromEnvironment(String current, String previous) {
        String source = "$" + ENVIRONMENT;
        List<MasterKey> keys = new ArrayList<>();
        try {
            keys.add(MasterKey.parse(current));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(source + ": " + e.getMessage());
        }
        if (previous != null && !previous.isBlank()) {
            String[] texts = previous.strip().split("[,\\s]+");
            for (int i = 0; i < texts.length; i++) {
                try {
                    keys.add(MasterKey.parse(texts[i]));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("$" + ENVIRONMENT_PREVIOUS + ", key " + (i + 1) + ": "
                            + e.getMessage());
                }
            }
        }
        return given(source + (keys.size() > 1 ? " and $" + ENVIRONMENT_PREVIOUS : ""), keys);
    }

    /** Whether the keys were given (else the data directory's {@value #FILE_NAME} is used). */
    public boolean isGiven() {
        return !keys.isEmpty();
    }

    /** The given keys, the current one first; empty when none was given. */
    public List<MasterKey> keys() {
        return keys;
    }

    /** Where the keys come from, for messages ("--master-key-file /etc/settle/master.key"). */
    public String source() {
        return source == null ? FILE_NAME + " in the data directory" : source;
    }

    @Override
    public String toString() {
        return "MasterKeys[" + source() + ", " + keys.size() + " given]";
    }
}
