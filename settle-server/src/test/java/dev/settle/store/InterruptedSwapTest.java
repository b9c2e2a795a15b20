package dev.settle.store;

import static dev.settle.store.StoreContent.all;
import static dev.settle.store.StoreContent.get;
import static dev.settle.store.StoreContent.put;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.settle.store.StoreLayout.ColumnFamily;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A crash in the middle of {@link LedgerStore#replaceWith}, simulated by leaving on disk what
 * each step leaves: the next open gives exactly the old store (before the commit point) or
 * exactly the snapshot (after it), and {@code verify}'s read-only open refuses the half-way state.
 */
class InterruptedSwapTest {
    @TempDir
    Path temporary;
    private Path data;
    private Path checkpoint;
    private List<String> snapshotState;
    private List<String> oldState;

    /** The checkpoint holds a=1; the store then moves on to a=2, b=2 (with files of its own) and is closed. */
    @BeforeEach
    void storeThatMovedOnFromItsCheckpoint() {
        data = temporary.resolve("data");
        checkpoint = temporary.resolve("checkpoint");
        try (LedgerStore store = LedgerStore.open(data, StoreOptions.defaults())) {
            put(store, ColumnFamily.ACCOUNTS, "a", "1");
            store.checkpoint(checkpoint);
            snapshotState = all(store);
            put(store, ColumnFamily.ACCOUNTS, "a", "2");
            put(store, ColumnFamily.TRANSFERS, "b", "2");
            store.flush();
            store.compact(ColumnFamily.ACCOUNTS);
            oldState = all(store);
        }
        assertThat(oldState).isNotEqualTo(snapshotState);
    }

    @Test
    void aCrashWhileStagingLeavesTheOldStoreAndTheStagingIsDeleted() {
        SnapshotSwap.stage(checkpoint, data);
        assertOpensAs(oldState);
    }

    @Test
    void aCrashWhileWritingTheSwapRecordLeavesTheOldStore() throws Exception {
        SnapshotSwap.stage(checkpoint, data);
        Files.writeString(data.resolve(SnapshotSwap.MARKER_TEMPORARY), "settle-snapshot-swap/1\nCURR");
        assertOpensAs(oldState);
        assertThat(data.resolve(SnapshotSwap.MARKER_TEMPORARY)).doesNotExist();
    }

    @Test
    void aCrashRightAfterTheCommitPointFinishesTheSwapAtOpen() throws Exception {
        List<String> names = SnapshotSwap.stage(checkpoint, data);
        SnapshotSwap.commit(data, names);
        assertThatThrownBy(() -> LedgerStore.openReadOnly(data)).isInstanceOf(StoreException.class)
                .hasMessageContaining("snapshot swap that was interrupted").hasMessageContaining("start Settle on it");
        assertOpensAs(snapshotState);
    }

    @Test
    void aCrashHalfWayThroughTheRenamesFinishesTheSwapAtOpen() throws Exception {
        List<String> names = SnapshotSwap.stage(checkpoint, data);
        SnapshotSwap.commit(data, names);
        interruptedFinish(names, 2);
        assertOpensAs(snapshotState);
    }

    @Test
    void aCrashAfterTheRenamesBeforeTheCleanUpFinishesTheSwapAtOpen() throws Exception {
        List<String> names = SnapshotSwap.stage(checkpoint, data);
        SnapshotSwap.commit(data, names);
        interruptedFinish(names, 1);
        assertOpensAs(snapshotState);
    }

    /** What finish() does, stopped after 1/part of the old files are deleted and 1/part of the staged ones renamed in. */
    private void interruptedFinish(List<String> names, int part) throws Exception {
        List<Path> oldOnly;
        try (Stream<Path> files = Files.list(data)) {
            oldOnly = files.filter(path -> SnapshotSwap.isStoreFile(path.getFileName().toString()))
                    .filter(path -> !names.contains(path.getFileName().toString())).toList();
        }
        assertThat(oldOnly).isNotEmpty();
        for (Path old : oldOnly.subList(0, oldOnly.size() / part)) {
            Files.delete(old);
        }
        for (String name : names.subList(0, names.size() / part)) {
            Files.move(data.resolve(SnapshotSwap.STAGING).resolve(name), data.resolve(name),
                    StandardCopyOption.ATOMIC_MOVE);
        }
    }

    @Test
    void aDamagedSwapRecordIsReportedNotGuessedAt() throws Exception {
        SnapshotSwap.stage(checkpoint, data);
        Files.writeString(data.resolve(SnapshotSwap.MARKER), "settle-snapshot-swap/1\nCURRENT\n");
        assertThatThrownBy(() -> LedgerStore.open(data, StoreOptions.defaults())).isInstanceOf(StoreException.class)
                .hasMessageContaining("snapshot swap record").hasMessageContaining("not a complete")
                .hasMessageContaining("restore it from a backup");
    }

    private void assertOpensAs(List<String> expected) {
        try (LedgerStore store = LedgerStore.open(data, StoreOptions.defaults())) {
            assertThat(all(store)).isEqualTo(expected);
            put(store, ColumnFamily.ACCOUNTS, "c", "3");
            assertThat(get(store, ColumnFamily.ACCOUNTS, "c")).isEqualTo("3");
        }
        assertThat(data.resolve(SnapshotSwap.STAGING)).doesNotExist();
        assertThat(data.resolve(SnapshotSwap.MARKER)).doesNotExist();
        try (LedgerStore verified = LedgerStore.openReadOnly(data)) {
            assertThat(get(verified, ColumnFamily.ACCOUNTS, "c")).isEqualTo("3");
        }
    }
}
