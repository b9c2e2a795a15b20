package dev.settle.replication;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small deterministic state machine for the replication tests: a count of applied entries and a
 * SHA-256 chain over every (index, entry) in order, persisted with the applied index in one file,
 * replaced atomically (write, then rename) after every entry. Two members with the same state file
 * applied the same entries at the same indexes in the same order.
 *
 * <pre>
 * state file: appliedIndex (8 bytes) | count (8 bytes) | chain (32 bytes, SHA-256)
 * </pre>
 *
 * <p>The file is not fsynced: these tests close nodes, they do not crash them, and Ratis' log (which
 * is synced) replays whatever a lost write would have held.
 */
final class ChainStateMachine implements ReplicatedStateMachine {
    static final String STATE_FILE = "chain.state";
    static final int STATE_BYTES = 8 + 8 + 32;
    /** Entries kept in memory for order checks: enough for the tests, bounded for the measurements. */
    static final int ENTRIES_KEPT_MAX = 1_000;

    private final Path dir;
    private long appliedIndex;
    private long count;
    private byte[] chain = new byte[32];
    /** The first {@link #ENTRIES_KEPT_MAX} entries applied since this object was made, in order (not persisted). */
    private final List<byte[]> appliedSinceStart = new ArrayList<>();
    private long firstIndexSinceStart = -1;
    private final AtomicInteger restores = new AtomicInteger();
    private final AtomicInteger leaderReadyCalls = new AtomicInteger();
    private final AtomicInteger notLeaderCalls = new AtomicInteger();
    private final AtomicInteger pairingViolations = new AtomicInteger();
    private boolean leading;

    /** Loads the state from {@code dir}, or starts empty. */
    ChainStateMachine(Path dir) {
        this.dir = dir;
        try {
            Files.createDirectories(dir);
            Path file = dir.resolve(STATE_FILE);
            if (Files.exists(file)) {
                load(Files.readAllBytes(file));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public synchronized byte[] apply(long index, byte[] entry) {
        if (index <= appliedIndex) {
            throw new IllegalStateException("entry " + index + " at or before applied index " + appliedIndex);
        }
        MessageDigest sha = sha256();
        sha.update(chain);
        sha.update(ByteBuffer.allocate(8).putLong(index).array());
        sha.update(entry);
        chain = sha.digest();
        count++;
        appliedIndex = index;
        if (appliedSinceStart.size() < ENTRIES_KEPT_MAX) {
            appliedSinceStart.add(entry.clone());
        }
        if (firstIndexSinceStart < 0) {
            firstIndexSinceStart = index;
        }
        persist();
        return ByteBuffer.allocate(8).putLong(count).array();
    }

    @Override
    public synchronized long appliedIndex() {
        return appliedIndex;
    }

    @Override
    public synchronized void snapshot(Path target) throws IOException {
        Files.write(target.resolve(STATE_FILE), stateBytes());
    }

    @Override
    public synchronized void restore(Path source, long index) throws IOException {
        load(Files.readAllBytes(source.resolve(STATE_FILE)));
        appliedIndex = index;
        persist();
        restores.incrementAndGet();
    }

    @Override
    public synchronized void leaderReady() {
        if (leading) {
            pairingViolations.incrementAndGet();
        }
        leading = true;
        leaderReadyCalls.incrementAndGet();
    }

    @Override
    public synchronized void notLeader() {
        if (!leading) {
            pairingViolations.incrementAndGet();
        }
        leading = false;
        notLeaderCalls.incrementAndGet();
    }

    /** The state as persisted: what every member must agree on once they applied the same entries. */
    synchronized byte[] stateBytes() {
        return ByteBuffer.allocate(STATE_BYTES).putLong(appliedIndex).putLong(count).put(chain).array();
    }

    synchronized long count() {
        return count;
    }

    synchronized List<byte[]> appliedSinceStart() {
        return List.copyOf(appliedSinceStart);
    }

    synchronized long firstIndexSinceStart() {
        return firstIndexSinceStart;
    }

    synchronized boolean leading() {
        return leading;
    }

    int restores() {
        return restores.get();
    }

    int leaderReadyCalls() {
        return leaderReadyCalls.get();
    }

    int notLeaderCalls() {
        return notLeaderCalls.get();
    }

    int pairingViolations() {
        return pairingViolations.get();
    }

    private void load(byte[] bytes) {
        if (bytes.length != STATE_BYTES) {
            throw new IllegalStateException("state file of " + bytes.length + " bytes, expected " + STATE_BYTES);
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        appliedIndex = buffer.getLong();
        count = buffer.getLong();
        chain = Arrays.copyOfRange(bytes, 16, STATE_BYTES);
    }

    private void persist() {
        try {
            Path temporary = dir.resolve(STATE_FILE + ".tmp");
            Files.write(temporary, stateBytes());
            Files.move(temporary, dir.resolve(STATE_FILE), StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
