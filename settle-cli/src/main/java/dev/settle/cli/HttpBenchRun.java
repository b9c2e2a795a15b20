package dev.settle.cli;

import dev.settle.bench.http.HttpBench;
import dev.settle.bench.http.HttpBenchConfig;
import dev.settle.bench.http.HttpBenchResult;
import dev.settle.server.SettleServer;
import java.net.URI;
import java.nio.file.Path;
import java.util.function.BiFunction;
import java.util.function.Consumer;

/**
 * {@code settle bench --http}: the HTTP load generator against a running server (--url and
 * --api-key), or against a server this command starts on a temporary directory over loopback —
 * in the same process, sharing its cores, as a server and its clients would on one machine.
 */
final class HttpBenchRun {
    static final String LOOPBACK = "127.0.0.1";

    private HttpBenchRun() {}

    /** Runs the bench; {@code directory} is used when no URL is given. */
    static HttpBenchResult run(URI url, String apiKey, Path directory,
            BiFunction<URI, String, HttpBenchConfig> settings, Consumer<String> progress) throws Exception {
        if (url != null) {
            return HttpBench.run(settings.apply(url, apiKey));
        }
        SettleServer.Config config = SettleServer.Config.defaults(directory, LOOPBACK, 0, null);
        String[] key = new String[1];
        try (SettleServer server = SettleServer.start(config, created -> key[0] = created)) {
            URI local = URI.create("http://" + LOOPBACK + ":" + server.port());
            progress.accept("settle bench: started a server on " + local + " over " + directory);
            return HttpBench.run(settings.apply(local, key[0]));
        }
    }
}
