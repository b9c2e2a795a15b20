package dev.settle.cluster;

import dev.settle.replication.ReplicationConfig;
import dev.settle.store.OwnerOnly;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Which cluster and node a data directory belongs to: {@code DATA/cluster-node}, written on the
 * first start ({@code node=ID} and {@code peers=ID=HOST:PORT,…}, peers sorted by id) and checked on
 * every start after it, before anything else is opened or written. A directory of another node or
 * another cluster, or a single node's store, is refused with what it belongs to.
 */
public final class ClusterIdentity {
    public static final String FILE_NAME = "cluster-node";

    private ClusterIdentity() {}

    /** Thrown when the data directory belongs to another node or cluster; nothing was written. */
    public static final class MismatchException extends RuntimeException {
        MismatchException(String message) {
            super(message);
        }
    }

    /** Checks (or, on a new directory, writes) that {@code data} is {@code config}'s node's. */
    public static void claim(Path data, ReplicationConfig config) {
        String expected = describe(config);
        Path file = data.resolve(FILE_NAME);
        try {
            if (Files.isRegularFile(file)) {
                String found = Files.readString(file, StandardCharsets.UTF_8);
                if (!found.equals(expected)) {
                    throw new MismatchException(data + " belongs to another node or cluster (" + oneLine(found)
                            + "); this start is " + oneLine(expected) + ": use that node's own data directory,"
                            + " or a new one");
                }
                return;
            }
            if (Files.isRegularFile(data.resolve("CURRENT"))) {
                throw new MismatchException(data + " holds a single node's store; a cluster node starts from an"
                        + " empty data directory (docs/replication.md: moving a single node into a cluster)");
            }
            if (Files.isDirectory(data)) {
                try (Stream<Path> entries = Files.list(data)) {
                    if (entries.findAny().isPresent()) {
                        throw new MismatchException(data + " is not empty and is not a Settle cluster node's data"
                                + " directory (no " + FILE_NAME + " file); use an empty or new directory");
                    }
                }
            } else {
                OwnerOnly.createDirectory(data);
            }
            Path written = data.resolve(FILE_NAME + ".new");
            Files.writeString(written, expected, StandardCharsets.UTF_8);
            Files.move(written, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot use data directory " + data + ": " + e.getMessage(), e);
        }
    }

    static String describe(ReplicationConfig config) {
        List<String> peers = config.peers().stream().sorted(java.util.Comparator.comparing(ReplicationConfig.Peer::id))
                .map(ReplicationConfig.Peer::toString).toList();
        return "node=" + config.nodeId() + "\npeers=" + String.join(",", peers) + "\n";
    }

    private static String oneLine(String text) {
        return text.strip().replace('\n', ' ');
    }
}
