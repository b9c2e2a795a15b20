package dev.settle.store;

import static dev.settle.store.StoreContent.all;
import static dev.settle.store.StoreContent.bytes;
import static dev.settle.store.StoreContent.delete;
import static dev.settle.store.StoreContent.get;
import static dev.settle.store.StoreContent.put;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.settle.secrets.MasterKeys;
import dev.settle.store.StoreLayout.ColumnFamily;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.DBOptions;
import org.rocksdb.RocksDB;

class StoreSnapshotTest {
    @TempDir
    Path temporary;

    private Path data() {
        return temporary.resolve("data");
    }

    @Test
    void replacingByACheckpointShowsExactlyItsStateAndKeepsWorking() {
        Path checkpoint = temporary.resolve("snapshots/1");
        List<String> atCheckpoint;
        try (LedgerStore store = LedgerStore.open(data(), StoreOptions.defaults())) {
            put(store, ColumnFamily.ACCOUNTS, "a", "1");
            put(store, ColumnFamily.TRANSFERS, "b", "1");
            store.flush();
            put(store, ColumnFamily.TRANSFERS, "c", "1"); // still in the memtable: the checkpoint flushes it
            store.checkpoint(checkpoint);
            atCheckpoint = all(store);

            put(store, ColumnFamily.ACCOUNTS, "a", "2");
            delete(store, ColumnFamily.TRANSFERS, "b");
            put(store, ColumnFamily.EVENTS, "d", "2");
            store.flush();
            put(store, ColumnFamily.EVENTS, "e", "2");
            int[] ids = store.columnFamilyIds();

            store.replaceWith(checkpoint);

            assertThat(all(store)).isEqualTo(atCheckpoint);
            assertThat(get(store, ColumnFamily.ACCOUNTS, "a")).isEqualTo("1");
            assertThat(get(store, ColumnFamily.EVENTS, "d")).isNull();
            assertThat(store.columnFamilyIds()).isEqualTo(ids);
            assertThat(store.directory()).isEqualTo(data());
            put(store, ColumnFamily.ACCOUNTS, "f", "3");
            assertThat(store.multiGet(ColumnFamily.ACCOUNTS, List.of(bytes("a"), bytes("f"), bytes("z"))))
                    .extracting(value -> value == null ? null : new String(value, StandardCharsets.US_ASCII))
                    .containsExactly("1", "3", null);
            store.flush();
            store.compact(ColumnFamily.ACCOUNTS);
            assertThat(store.longProperty("rocksdb.estimate-num-keys", LedgerStore.PropertyScope.SUM_OF_COLUMN_FAMILIES))
                    .isPositive();
        }
        try (LedgerStore reopened = LedgerStore.open(data(), StoreOptions.defaults())) {
            assertThat(get(reopened, ColumnFamily.ACCOUNTS, "f")).isEqualTo("3");
            assertThat(get(reopened, ColumnFamily.TRANSFERS, "b")).isEqualTo("1");
        }
    }

    @Test
    void aCheckpointIsAnOwnerOnlyStoreOfTheSameContent() throws Exception {
        Path checkpoint = temporary.resolve("new/parents/checkpoint");
        List<String> content;
        try (LedgerStore store = LedgerStore.open(data(), StoreOptions.defaults())) {
            put(store, ColumnFamily.TENANTS, "t", "1");
            store.checkpoint(checkpoint);
            content = all(store);
        }
        assertThat(OwnerOnly.offenders(checkpoint)).isEmpty();
        assertThat(checkpoint.resolve(DirectoryLock.FILE_NAME)).doesNotExist();
        try (LedgerStore copy = LedgerStore.openReadOnly(checkpoint)) {
            assertThat(all(copy)).isEqualTo(content);
        }
    }

    @Test
    void aCheckpointGoesIntoANewOrEmptyDirectoryOutsideTheStore() throws Exception {
        Path empty = Files.createDirectory(temporary.resolve("empty"));
        Path full = Files.createDirectory(temporary.resolve("full"));
        Files.writeString(full.resolve("notes.txt"), "mine");
        Path file = Files.writeString(temporary.resolve("file"), "mine");
        try (LedgerStore store = LedgerStore.open(data(), StoreOptions.defaults())) {
            store.checkpoint(empty);
            assertThat(empty.resolve("CURRENT")).isRegularFile();
            assertThatThrownBy(() -> store.checkpoint(full)).isInstanceOf(StoreException.class)
                    .hasMessageContaining("is not empty");
            assertThatThrownBy(() -> store.checkpoint(file)).isInstanceOf(StoreException.class)
                    .hasMessageContaining("is not a directory");
            assertThatThrownBy(() -> store.checkpoint(data().resolve("inside"))).isInstanceOf(StoreException.class)
                    .hasMessageContaining("inside the data directory");
        }
        assertThat(Files.readString(full.resolve("notes.txt"))).isEqualTo("mine");
    }

    @Test
    void theSnapshotsFilesAreNeverChangedAndTheStoreIsOwnerOnlyAfterASwap() throws Exception {
        Path checkpoint = temporary.resolve("checkpoint");
        try (LedgerStore store = LedgerStore.open(data(), StoreOptions.defaults())) {
            put(store, ColumnFamily.ACCOUNTS, "a", "1");
            store.checkpoint(checkpoint);
            // A snapshot received from another member may carry looser modes: its tables are then
            // copied (a hard link would share, and change, their mode).
            try (Stream<Path> files = Files.list(checkpoint)) {
                for (Path file : files.toList()) {
                    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
                }
            }
            List<String> before = fingerprint(checkpoint);

            store.replaceWith(checkpoint);
            assertSnapshotFilesAreOwnerOnlyIn(checkpoint, data());
            for (int i = 0; i < 50; i++) {
                put(store, ColumnFamily.ACCOUNTS, "a", "write " + i);
            }
            store.flush();
            store.compact(ColumnFamily.ACCOUNTS);
            store.replaceWith(checkpoint); // installing the same snapshot twice works
            assertThat(get(store, ColumnFamily.ACCOUNTS, "a")).isEqualTo("1");
            assertSnapshotFilesAreOwnerOnlyIn(checkpoint, data());
            put(store, ColumnFamily.ACCOUNTS, "a", "2");
            store.flush();
            assertThat(fingerprint(checkpoint)).isEqualTo(before);
        }
        // RocksDB creates files in the background after a swap, as after an open, with the
        // process's umask (here 022): the directory's 0700 covers them, and the close fixes them.
        assertThat(OwnerOnly.offenders(data())).isEmpty();
    }

    /** The directory is 0700 and every file of the snapshot in it 0600, whatever the snapshot's modes. */
    private static void assertSnapshotFilesAreOwnerOnlyIn(Path snapshot, Path directory) throws Exception {
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(directory))).isEqualTo("rwx------");
        try (Stream<Path> files = Files.list(snapshot)) {
            for (Path file : files.toList()) {
                Path installed = directory.resolve(file.getFileName());
                if (Files.exists(installed)) { // RocksDB may have compacted a table away already
                    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(installed)))
                            .as(installed.toString()).isEqualTo("rw-------");
                }
            }
        }
    }

    @Test
    void anOwnerOnlySnapshotOnTheSameFileSystemIsHardLinkedNotCopied() throws Exception {
        Path checkpoint = temporary.resolve("checkpoint");
        try (LedgerStore store = LedgerStore.open(data(), StoreOptions.defaults())) {
            put(store, ColumnFamily.ACCOUNTS, "a", "1");
            store.checkpoint(checkpoint);
            List<String> before = fingerprint(checkpoint);
            store.replaceWith(checkpoint);
            Path table;
            try (Stream<Path> files = Files.list(checkpoint)) {
                table = files.filter(path -> path.toString().endsWith(".sst")).findFirst().orElseThrow();
            }
            Object inSnapshot = Files.getAttribute(table, "unix:ino");
            Object inStore = Files.getAttribute(data().resolve(table.getFileName()), "unix:ino");
            assertThat(inStore).isEqualTo(inSnapshot);
            assertThat(fingerprint(checkpoint)).isEqualTo(before);
        }
    }

    @Test
    void filesOfTheDataDirectoryThatAreNotRocksDbsSurviveASwap() throws Exception {
        Path checkpoint = temporary.resolve("checkpoint");
        try (LedgerStore store = LedgerStore.open(data(), StoreOptions.defaults())) {
            store.checkpoint(checkpoint);
            OwnerOnly.createFile(data().resolve(MasterKeys.FILE_NAME), bytes("key material"));
            store.replaceWith(checkpoint);
        }
        assertThat(Files.readString(data().resolve(MasterKeys.FILE_NAME))).isEqualTo("key material");
    }

    @Test
    void aSnapshotOfAnotherFormatIsRefusedAndTheStoreStaysUsable() {
        Path other = temporary.resolve("other");
        Path checkpoint = temporary.resolve("checkpoint");
        try (LedgerStore store = LedgerStore.open(other, StoreOptions.defaults())) {
            WriteBatchRep rep = new WriteBatchRep();
            rep.put(0, StoreLayout.FORMAT_KEY, bytes("settle-store/99"));
            store.write(rep.toBytes());
            store.checkpoint(checkpoint);
        }
        assertRefusedAndStoreUnchanged(checkpoint, "has format 'settle-store/99'");
    }

    @Test
    void aSnapshotWithOtherColumnFamiliesIsRefused() throws Exception {
        Path checkpoint = temporary.resolve("checkpoint");
        List<String> families = new ArrayList<>(StoreLayout.COLUMN_FAMILIES);
        families.add("ledger_v2_extra");
        rocksDbWithFamilies(checkpoint, families);
        assertRefusedAndStoreUnchanged(checkpoint, "its column families");
    }

    @Test
    void aSnapshotWhoseColumnFamilyIdsDifferIsRefused() throws Exception {
        Path checkpoint = temporary.resolve("checkpoint");
        rocksDbWithFamilies(checkpoint, StoreLayout.COLUMN_FAMILIES.reversed());
        assertRefusedAndStoreUnchanged(checkpoint, "column family ids");
    }

    @Test
    void aDirectoryThatIsNotACheckpointIsRefused() throws Exception {
        Path notes = Files.createDirectory(temporary.resolve("notes"));
        Files.writeString(notes.resolve("notes.txt"), "mine");
        assertRefusedAndStoreUnchanged(notes, "no CURRENT file");
        assertRefusedAndStoreUnchanged(temporary.resolve("missing"), "is not a directory");
    }

    /** A RocksDB database (with Settle's format marker) whose families were created in this order. */
    private static void rocksDbWithFamilies(Path directory, List<String> families) throws Exception {
        List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
        descriptors.add(new ColumnFamilyDescriptor(bytes("default")));
        families.stream().filter(name -> !name.equals("default"))
                .forEach(name -> descriptors.add(new ColumnFamilyDescriptor(bytes(name))));
        List<ColumnFamilyHandle> handles = new ArrayList<>();
        try (DBOptions options = new DBOptions().setCreateIfMissing(true).setCreateMissingColumnFamilies(true);
                RocksDB db = RocksDB.open(options, directory.toString(), descriptors, handles)) {
            db.put(StoreLayout.FORMAT_KEY, bytes(StoreLayout.FORMAT));
            handles.forEach(ColumnFamilyHandle::close);
        }
    }

    private void assertRefusedAndStoreUnchanged(Path snapshot, String reason) {
        try (LedgerStore store = LedgerStore.open(data(), StoreOptions.defaults())) {
            put(store, ColumnFamily.ACCOUNTS, "a", "kept");
            List<String> before = all(store);
            assertThatThrownBy(() -> store.replaceWith(snapshot)).isInstanceOf(StoreException.class)
                    .hasMessageContaining("refused").hasMessageContaining(reason);
            assertThat(all(store)).isEqualTo(before);
            put(store, ColumnFamily.ACCOUNTS, "b", "after");
            assertThat(get(store, ColumnFamily.ACCOUNTS, "b")).isEqualTo("after");
            assertThat(data().resolve(SnapshotSwap.STAGING)).doesNotExist();
            assertThat(data().resolve(SnapshotSwap.MARKER)).doesNotExist();
        }
    }

    /** Name, mode, size, modification time and SHA-256 of every file: what "never changed" means. */
    private static List<String> fingerprint(Path directory) throws Exception {
        List<String> files = new ArrayList<>();
        try (Stream<Path> entries = Files.list(directory)) {
            for (Path file : entries.sorted().toList()) {
                byte[] digest = MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file));
                files.add(file.getFileName() + " "
                        + PosixFilePermissions.toString(Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS))
                        + " " + Files.size(file) + " " + Files.getLastModifiedTime(file) + " "
                        + HexFormat.of().formatHex(digest));
            }
        }
        return files;
    }
}
