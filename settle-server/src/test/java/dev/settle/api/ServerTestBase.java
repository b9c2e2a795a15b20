package dev.settle.api;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** A fresh server on a temporary directory for each test, with the default tenant's key. */
abstract class ServerTestBase {
    @TempDir
    Path data;
    TestServer server;
    String key;

    @BeforeEach
    void startServer() throws Exception {
        server = TestServer.start(data);
        key = server.defaultKey;
    }

    @AfterEach
    void stopServer() {
        server.close();
    }
}
