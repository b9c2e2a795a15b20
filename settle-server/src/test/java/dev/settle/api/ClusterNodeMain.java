package dev.settle.api;

import dev.settle.server.ServerConfig;
import dev.settle.server.SettleServer;
import java.nio.file.Path;

/**
 * One cluster node in a child JVM, for the fault tests that kill it with SIGKILL: arguments are
 * the data directory, the node id, the peers, the HTTP port (0: any) and optionally the HTTP
 * address (default loopback); prints "PORT <port>" once serving, and "KEY <key>" if this node
 * creates tenant default.
 */
public final class ClusterNodeMain {
    private ClusterNodeMain() {}

    public static void main(String[] args) throws Exception {
        ServerConfig.Builder builder = ServerConfig.builder(Path.of(args[0])).port(Integer.parseInt(args[3]))
                .adminToken(TestServer.ADMIN_TOKEN).cluster(args[1], args[2]);
        if (args.length > 4) {
            builder.host(args[4]);
        }
        ServerConfig config = builder.build();
        SettleServer server = SettleServer.start(config, key -> {
            System.out.println("KEY " + key);
            System.out.flush();
        });
        System.out.println("PORT " + server.port());
        System.out.flush();
        Thread.currentThread().join();
    }
}
