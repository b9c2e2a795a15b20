package dev.settle.secrets;

import dev.settle.store.LedgerStore;
import dev.settle.store.OwnerOnly;
import dev.settle.store.StoreException;
import dev.settle.store.StoreLayout.ColumnFamily;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The start-up step of secrets at rest, run once the store is open and before anything reads a
 * sealed value:
 *
 * <ol>
 * <li>{@link #open}: finds the master keys (given, else the data directory's {@value
 * MasterKeys#FILE_NAME}, generated on a first start), and refuses keys that do not open the key
 * check record. When the current key is new (a rotation), or plaintext from an older Settle may
 * remain, it first records every key that values may be under;</li>
 * <li>the owners of sealed records re-seal what is not under the current key (endpoints at
 * load, idempotency answers when {@link #resealNeeded()});</li>
 * <li>{@link #finish}: compacts the rewritten column families (so no old version stays in the
 * files), and records that only the current key is in use.</li>
 * </ol>
 *
 * A crash anywhere in between leaves the record listing every key in use: the next start with
 * the same keys does the rest.
 */
public final class SecretsAtRest {
    private static final Logger LOG = LoggerFactory.getLogger(SecretsAtRest.class);

    private final LedgerStore store;
    private final SecretBox box;
    private final KeyCheck found;
    private final boolean resealNeeded;

    private SecretsAtRest(LedgerStore store, SecretBox box, KeyCheck found, boolean resealNeeded) {
        this.store = store;
        this.box = box;
        this.found = found;
        this.resealNeeded = resealNeeded;
    }

    /** Checks the keys against the store (see the class comment); throws {@link MasterKeyException} when they do not fit. */
    public static SecretsAtRest open(LedgerStore store, MasterKeys configured) {
        KeyCheck found = KeyCheck.read(store);
        MasterKeys keys = configured.isGiven() ? configured : keysInDataDirectory(store.directory(), found);
        if (configured.isGiven() && Files.exists(keyFile(store.directory()))) {
            LOG.warn("the data directory holds {}, which is not used: the master keys come from {}; delete it once"
                    + " nothing needs it", MasterKeys.FILE_NAME, configured.source());
        }
        SecretBox box = SecretBox.of(keys.keys());
        if (found != null) {
            check(found, box, keys);
        }
        boolean rotating = found != null && !found.keyIds().equals(List.of(box.current().id()));
        boolean resealNeeded = found == null || found.plaintextMayRemain() || rotating;
        if (resealNeeded) {
            List<Integer> inUse = found == null ? List.of() : found.keyIds();
            KeyCheck.of(box, inUse, found == null || found.plaintextMayRemain()).write(store);
        }
        if (rotating) {
            LOG.info("master key rotation: re-sealing the secrets under key {} (from keys {})",
                    box.current().idText(), found.idsText());
        }
        return new SecretsAtRest(store, box, found, resealNeeded);
    }

    /**
     * The store's content was replaced by a snapshot from another cluster node, key check
     * included: writes this node's own check again. The check is the node's (each node may have
     * its own master key; it is left out of the state checksum), and nothing a pod replicates is
     * sealed.
     */
    public void storeReplaced() {
        KeyCheck.of(box, List.of(), false).write(store);
    }

    /** What seals and opens the secrets of this store. */
    public SecretBox box() {
        return box;
    }

    /** Whether stored values may be in plaintext or under another key than the current one. */
    public boolean resealNeeded() {
        return resealNeeded;
    }

    /**
     * Ends the start-up step once every owner has re-sealed its records ({@code resealed} of
     * them): compacts what was rewritten, then records that only the current key is in use.
     */
    public void finish(long resealed) {
        if (!resealNeeded) {
            return;
        }
        if (resealed > 0) {
            // Old versions (plaintext, or under an old key) stay in the files until compacted.
            store.flush();
            store.compact(ColumnFamily.WEBHOOK_ENDPOINTS);
            store.compact(ColumnFamily.IDEMPOTENCY);
        }
        KeyCheck.of(box, List.of(), false).write(store);
        if (found != null && !found.keyIds().equals(List.of(box.current().id()))) {
            List<String> old = new ArrayList<>();
            found.keyIds().stream().filter(id -> id != box.current().id()).forEach(id -> old.add(MasterKey.idText(id)));
            LOG.info("master key rotation done: {} records re-sealed under key {}; the previous keys ({}) are no"
                    + " longer needed", resealed, box.current().idText(), String.join(", ", old));
        } else if (resealed > 0) {
            LOG.info("{} records holding a secret in plaintext were sealed under master key {}", resealed,
                    box.current().idText());
        }
    }

    static Path keyFile(Path data) {
        return data.resolve(MasterKeys.FILE_NAME);
    }

    /** Refuses keys that miss one the record lists, or whose first listed key does not open the check value. */
    private static void check(KeyCheck found, SecretBox box, MasterKeys keys) {
        List<String> missing = new ArrayList<>();
        for (int id : found.keyIds()) {
            if (!box.has(id)) {
                missing.add(MasterKey.idText(id));
            }
        }
        if (!missing.isEmpty()) {
            List<String> given = keys.keys().stream().map(MasterKey::idText).toList();
            throw new MasterKeyException("wrong master key: this data directory's secrets are sealed under master"
                    + " key " + String.join(" and ", missing) + ", which " + (missing.size() == 1 ? "is" : "are")
                    + " not among the keys from " + keys.source() + " (" + String.join(", ", given) + "); start with"
                    + " the right key (--master-key-file or $" + MasterKeys.ENVIRONMENT + "), and when rotating"
                    + " give the old key as a previous one");
        }
        SecretBox first = SecretBox.of(List.of(keys.keys().stream()
                .filter(k -> k.id() == found.keyIds().get(0)).findFirst().orElseThrow()));
        if (!found.opensWith(first)) {
            throw new MasterKeyException("master key " + MasterKey.idText(found.keyIds().get(0))
                    + " does not open this data directory's key check record: the record or the key is damaged;"
                    + " restore the key or the directory from a backup");
        }
    }

    /**
     * No key given: the data directory's key file; generated (0600) when the directory has no
     * sealed value yet, refused when it has some (the key was moved away: give it).
     */
    private static MasterKeys keysInDataDirectory(Path data, KeyCheck found) {
        Path file = keyFile(data);
        String source = MasterKeys.FILE_NAME + " in the data directory";
        try {
            if (Files.exists(file)) {
                MasterKey key = MasterKey.parse(Files.readString(file, StandardCharsets.US_ASCII).strip());
                LOG.warn("master key {} is kept beside the data in {}; move it out (--master-key-file or $"
                        + MasterKeys.ENVIRONMENT + ", see docs/security.md)", key.idText(), file);
                return MasterKeys.given(source, List.of(key));
            }
            if (found != null) {
                throw new MasterKeyException("no master key: this data directory's secrets are sealed under master key "
                        + found.idsText() + " and it holds no " + MasterKeys.FILE_NAME + "; give the key with"
                        + " --master-key-file PATH or $" + MasterKeys.ENVIRONMENT);
            }
            MasterKey key = MasterKey.generate(new SecureRandom());
            OwnerOnly.createFile(file, (key.encoded() + "\n").getBytes(StandardCharsets.US_ASCII));
            LOG.warn("generated master key {} in {}: it is kept beside the data, so a copy of the data directory"
                    + " holds the key to its webhook secrets; move it out (--master-key-file or $"
                    + MasterKeys.ENVIRONMENT + ", see docs/security.md)", key.idText(), file);
            return MasterKeys.given(source, List.of(key));
        } catch (IllegalArgumentException e) {
            throw new MasterKeyException(file + ": " + e.getMessage());
        } catch (IOException e) {
            throw new StoreException("cannot use " + file + ": " + e.getMessage(), e);
        }
    }
}
