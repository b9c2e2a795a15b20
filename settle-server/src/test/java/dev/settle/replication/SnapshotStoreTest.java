package dev.settle.replication;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.server.storage.FileInfo;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.server.storage.RaftStorageDirectory;
import org.apache.ratis.server.storage.RaftStorageMetadataFile;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Snapshots as directories with a manifest: written whole or not at all, checked when read. */
class SnapshotStoreTest {
    @TempDir
    Path root;
    private SnapshotStore store;

    @BeforeEach
    void init() throws IOException {
        store = new SnapshotStore();
        store.init(storage(root));
    }

    @Test
    void aWrittenSnapshotListsItsManifestAndStateFilesForRatis() throws IOException {
        SnapshotStore.Snapshot snapshot = store.write(TermIndex.valueOf(2, 40), dir -> {
            Files.writeString(dir.resolve("CURRENT"), "MANIFEST-000005\n");
            Files.createDirectories(dir.resolve("sub"));
            Files.write(dir.resolve("sub").resolve("000007.sst"), new byte[1000]);
            Files.write(dir.resolve("empty"), new byte[0]);
        });
        assertThat(snapshot.index()).isEqualTo(40);
        assertThat(store.latest()).isEqualTo(snapshot);
        assertThat(store.getLatestSnapshot().getTermIndex()).isEqualTo(TermIndex.valueOf(2, 40));
        assertThat(store.getLatestSnapshot().getFiles()).extracting(FileInfo::getPath)
                .containsExactly(snapshot.dir().resolve("MANIFEST"), snapshot.stateDir().resolve("CURRENT"),
                        snapshot.stateDir().resolve("empty"), snapshot.stateDir().resolve("sub/000007.sst"));
        assertThat(store.getLatestSnapshot().getFiles()).extracting(FileInfo::getFileSize)
                .containsExactly(Files.size(snapshot.dir().resolve("MANIFEST")), 16L, 0L, 1000L);
        assertThat(Files.readAllLines(snapshot.dir().resolve("MANIFEST"))).containsExactly("settle-snapshot 1",
                "term 2", "index 40", "file 16 CURRENT", "file 0 empty", "file 1000 sub/000007.sst");
        assertThat(snapshot.dir().getFileName().toString()).isEqualTo("snapshot.2_40");
    }

    @Test
    void aDamagedSnapshotIsSkippedForTheOneBefore() throws IOException {
        SnapshotStore.Snapshot older = store.write(TermIndex.valueOf(1, 10), dir -> Files.write(dir.resolve("a"), new byte[3]));
        SnapshotStore.Snapshot newer = store.write(TermIndex.valueOf(1, 20), dir -> Files.write(dir.resolve("a"), new byte[5]));
        assertThat(store.latest().index()).isEqualTo(20);

        Files.write(newer.stateDir().resolve("a"), new byte[4]);
        assertThat(store.reload().index()).isEqualTo(10);
        Files.write(older.stateDir().resolve("stray"), new byte[1]);
        assertThat(store.reload()).isNull();
    }

    @Test
    void ratisInstallDigestsAreRemovedAndOtherStrayFilesRefused() throws IOException {
        SnapshotStore.Snapshot snapshot = store.write(TermIndex.valueOf(3, 7), dir -> Files.write(dir.resolve("a"), new byte[3]));
        Files.writeString(snapshot.dir().resolve("MANIFEST.md5"), "digest");
        Files.writeString(snapshot.stateDir().resolve("a.md5"), "digest");
        assertThat(store.reload().index()).isEqualTo(7);
        assertThat(snapshot.dir().resolve("MANIFEST.md5")).doesNotExist();
        assertThat(snapshot.stateDir().resolve("a.md5")).doesNotExist();
    }

    @Test
    void unfinishedSnapshotsAreDeletedAtStartAndOldOnesAfterNewOnes() throws IOException {
        for (int index = 1; index <= 4; index++) {
            store.write(TermIndex.valueOf(1, index), dir -> Files.write(dir.resolve("a"), new byte[1]));
        }
        Path unfinished = Files.createDirectories(root.resolve("sm").resolve("writing.1_5").resolve("state"));
        store.cleanupOldSnapshots(null);
        try (var entries = Files.list(root.resolve("sm"))) {
            assertThat(entries.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("snapshot.1_4", "snapshot.1_3", "writing.1_5");
        }
        SnapshotStore restarted = new SnapshotStore();
        restarted.init(storage(root));
        assertThat(unfinished.getParent()).doesNotExist();
        assertThat(restarted.latest().index()).isEqualTo(4);
    }

    /** Just enough of a Ratis storage for the snapshot store: its state machine directory. */
    static RaftStorage storage(Path root) {
        RaftStorageDirectory directory = new RaftStorageDirectory() {
            @Override
            public File getRoot() {
                return root.toFile();
            }

            @Override
            public boolean isHealthy() {
                return true;
            }
        };
        return new RaftStorage() {
            @Override
            public void initialize() {
            }

            @Override
            public RaftStorageDirectory getStorageDir() {
                return directory;
            }

            @Override
            public RaftStorageMetadataFile getMetadataFile() {
                throw new UnsupportedOperationException();
            }

            @Override
            public RaftServerConfigKeys.Log.CorruptionPolicy getLogCorruptionPolicy() {
                return RaftServerConfigKeys.Log.CorruptionPolicy.getDefault();
            }

            @Override
            public void close() {
            }
        };
    }
}
