package dev.settle.api;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A Settle server in a child JVM ({@link ServerMain}), for crash tests that kill it with SIGKILL;
 * its key is printed only on a fresh directory, its stderr kept in a file under {@code logs}.
 */
record ChildServer(Process process, int port, String key) {
    static ChildServer start(Path data, Path logs) throws IOException {
        return start(data, logs, List.of());
    }

    /** The same with more JVM options (system properties) and arguments for {@link ServerMain} after the data directory. */
    static ChildServer start(Path data, Path logs, List<String> jvmOptions, String... mainArgs) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        Path log = Files.createTempFile(logs, "server-", ".log");
        List<String> command = new java.util.ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED", "-Xmx512m"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), ServerMain.class.getName(), data.toString()));
        command.addAll(List.of(mainArgs));
        Process process = new ProcessBuilder(command).redirectError(log.toFile()).start();
        BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8));
        String key = null;
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
            if (line.startsWith("KEY ")) {
                key = line.substring(4);
            } else if (line.startsWith("PORT ")) {
                // Keep reading what the server prints, so a full pipe never blocks it.
                Thread.ofVirtual().start(() -> {
                    try {
                        while (lines.readLine() != null) {
                            // Discard.
                        }
                    } catch (IOException ended) {
                        // The process is gone.
                    }
                });
                return new ChildServer(process, Integer.parseInt(line.substring(5)), key);
            }
        }
        process.destroyForcibly();
        List<String> stderr = Files.readAllLines(log, StandardCharsets.UTF_8);
        throw new IllegalStateException("the child server did not start; its stderr ends with:\n"
                + String.join("\n", stderr.subList(Math.max(0, stderr.size() - 60), stderr.size())));
    }
}
