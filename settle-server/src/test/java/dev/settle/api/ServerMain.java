package dev.settle.api;

import dev.settle.server.SettleServer;
import java.nio.file.Path;

/** A Settle server in a child JVM for crash tests: prints "PORT <port>" and, on a fresh directory, "KEY <key>". */
public final class ServerMain {
    private ServerMain() {}

    public static void main(String[] args) throws Exception {
        SettleServer server = SettleServer.start(SettleServer.Config.defaults(Path.of(args[0]), "127.0.0.1", 0, null),
                key -> System.out.println("KEY " + key));
        System.out.println("PORT " + server.port());
        System.out.flush();
        Thread.currentThread().join();
    }
}
