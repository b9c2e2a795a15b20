package dev.settle.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/** What the cluster tests share: a peer list on free loopback ports, and bounded waiting. */
public final class LocalCluster {
    private LocalCluster() {}

    /**
     * {@code n0=127.0.0.1:P0,n1=…}: distinct free ports (every socket stays open until all are
     * chosen, so none is handed out twice).
     */
    public static String peers(int nodes) {
        List<String> items = new ArrayList<>();
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < nodes; i++) {
                ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"));
                sockets.add(socket);
                items.add("n" + i + "=127.0.0.1:" + socket.getLocalPort());
            }
            for (ServerSocket socket : sockets) {
                socket.close();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return String.join(",", items);
    }

    /** A master key file under {@code root} for every node of a cluster to share (they must). */
    public static java.nio.file.Path sharedMasterKey(java.nio.file.Path root) throws IOException {
        java.nio.file.Path keyFile = root.resolve("master.key");
        byte[] masterKey = new byte[dev.settle.secrets.MasterKey.KEY_BYTES];
        new java.security.SecureRandom().nextBytes(masterKey);
        java.nio.file.Files.writeString(keyFile, java.util.Base64.getEncoder().encodeToString(masterKey) + "\n");
        return keyFile;
    }

    /** Polls {@code condition} until it holds; AssertionError after {@code max}. Never asserts timing. */
    public static void await(Duration max, BooleanSupplier condition) {
        long deadline = System.nanoTime() + max.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + max);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
