package dev.settle.cli;

import dev.settle.bench.reconcile.ReconcileBench;
import dev.settle.cli.logs.LogFile;
import dev.settle.server.ServerConfig;
import dev.settle.server.SettleServer;
import java.net.URI;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * {@code settle bench --reconcile}: a statement import against a running server (--url and
 * --api-key), or against a server this command starts on a temporary directory, in this
 * process, over loopback (synced durability, as users run it).
 */
final class ReconcileBenchRun {
    private ReconcileBenchRun() {}

    static ReconcileBench.Result run(URI url, String apiKey, int lines, Path directory, Consumer<String> progress)
            throws Exception {
        if (url != null) {
            return ReconcileBench.run(new ReconcileBench.Config(url, apiKey, lines, directory, progress));
        }
        String adminToken = BenchTenantLimits.newAdminToken();
        ServerConfig config = ServerConfig.builder(directory.resolve("settle")).host(HttpBenchRun.LOOPBACK)
                .adminToken(adminToken).build();
        String[] key = new String[1];
        try (SettleServer server = SettleServer.start(config, created -> key[0] = created)) {
            URI local = URI.create("http://" + HttpBenchRun.LOOPBACK + ":" + server.port());
            progress.accept("settle bench: started a server on " + local + " over " + directory);
            BenchTenantLimits.raise(local, adminToken);
            LogFile.redirectTo(directory, progress);
            return ReconcileBench.run(new ReconcileBench.Config(local, key[0], lines, directory, progress));
        }
    }
}
