package dev.settle.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code settle cluster}: a local cluster for development and tests. Starts {@code --nodes}
 * {@code settle serve} processes on this machine (node {@code nI} with data in {@code DIR/nI},
 * HTTP on {@code --port-base + I - 1}, Raft on {@code --raft-port-base + I - 1}), prints each node's
 * address, passes their output on with the node's name in front, and stops them all on Ctrl-C or
 * SIGTERM (each finishes its in-flight requests). A node that exits on its own is reported; the
 * others keep running. The nodes share one master key, {@code DIR/master.key} (generated on the
 * first start, owner-only): webhook secrets travel sealed between them.
 */
@Command(name = "cluster", mixinStandardHelpOptions = true, description = {
    "Start a local cluster of settle serve processes (development and tests), print each node's",
    "HTTP address, and stop them all on Ctrl-C. See docs/replication.md."})
final class ClusterCommand implements Callable<Integer> {
    static final int NODES_MAX = 9;
    static final String MASTER_KEY_FILE = "master.key";
    private static final int MASTER_KEY_BYTES = 32;
    private static final long STOP_WAIT_SECONDS = 60;

    @Option(names = "--nodes", paramLabel = "N", defaultValue = "3",
            description = "Nodes, an odd number 1..9 (default: ${DEFAULT-VALUE}).")
    int nodes;

    @Option(names = "--data", paramLabel = "DIR", required = true,
            description = "Directory of the nodes' data directories (DIR/n1, DIR/n2, ...).")
    Path data;

    @Option(names = "--port-base", paramLabel = "PORT", defaultValue = "8081",
            description = "HTTP port of n1; n2 takes the next, and so on (default: ${DEFAULT-VALUE}).")
    int portBase;

    @Option(names = "--raft-port-base", paramLabel = "PORT", defaultValue = "7101",
            description = "Raft port of n1; n2 takes the next, and so on (default: ${DEFAULT-VALUE}).")
    int raftPortBase;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (nodes < 1 || nodes > NODES_MAX || nodes % 2 == 0) {
            err.println("settle cluster: --nodes must be odd, 1.." + NODES_MAX + " (a majority of an even number"
                    + " tolerates no more failures than one node fewer), got " + nodes);
            return Main.EXIT_USAGE;
        }
        if (portBase < 1 || portBase + nodes - 1 > 65_535 || raftPortBase < 1 || raftPortBase + nodes - 1 > 65_535) {
            err.println("settle cluster: --port-base and --raft-port-base leave room for " + nodes + " ports below 65536");
            return Main.EXIT_USAGE;
        }
        List<String> peers = new ArrayList<>();
        for (int i = 1; i <= nodes; i++) {
            peers.add("n" + i + "=127.0.0.1:" + (raftPortBase + i - 1));
        }
        Path masterKey = sharedMasterKey();
        List<Process> started = new ArrayList<>();
        CountDownLatch stop = new CountDownLatch(1);
        Termination.onSignal(stop::countDown);
        try {
            for (int i = 1; i <= nodes; i++) {
                Process node = new ProcessBuilder(command("n" + i, portBase + i - 1, String.join(",", peers), masterKey))
                        .redirectErrorStream(true).start();
                started.add(node);
                relay("n" + i, node, out);
                out.printf("settle cluster: n%d on http://127.0.0.1:%d (data %s)%n", i, portBase + i - 1,
                        data.resolve("n" + i));
            }
            out.println("settle cluster: " + nodes + " nodes started; Ctrl-C stops them all");
            out.flush();
            while (!stop.await(1, TimeUnit.SECONDS)) {
                if (started.stream().noneMatch(Process::isAlive)) {
                    err.println("settle cluster: every node has exited");
                    return Main.EXIT_FAILED;
                }
            }
            return Main.EXIT_OK;
        } finally {
            for (Process node : started) {
                node.destroy(); // SIGTERM: each node stops accepting and finishes its requests
            }
            for (Process node : started) {
                if (!node.waitFor(STOP_WAIT_SECONDS, TimeUnit.SECONDS)) {
                    node.destroyForcibly();
                }
            }
            out.println("settle cluster: stopped");
            out.flush();
        }
    }

    /** This same Settle, run as {@code serve} for one node. */
    private List<String> command(String node, int port, String peers, Path masterKey) throws URISyntaxException {
        String java = ProcessHandle.current().info().command().orElse("java");
        Path jar = Path.of(ClusterCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<String> command = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED"));
        String options = System.getenv("SETTLE_JAVA_OPTS");
        if (options != null && !options.isBlank()) {
            command.addAll(List.of(options.trim().split("\\s+")));
        }
        command.addAll(List.of("-jar", jar.toString(), "serve", "--data", data.resolve(node).toString(),
                "--port", Integer.toString(port), "--node-id", node, "--peers", peers,
                "--master-key-file", masterKey.toString()));
        return command;
    }

    /** {@code DIR/master.key}, made (owner-only) with a new random key when it is not there yet. */
    private Path sharedMasterKey() throws java.io.IOException {
        Path file = data.resolve(MASTER_KEY_FILE);
        if (java.nio.file.Files.exists(file)) {
            return file;
        }
        java.nio.file.Files.createDirectories(data);
        byte[] key = new byte[MASTER_KEY_BYTES];
        new java.security.SecureRandom().nextBytes(key);
        java.nio.file.Files.createFile(file, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
        java.nio.file.Files.writeString(file, java.util.Base64.getEncoder().encodeToString(key) + "\n");
        return file;
    }

    /** Passes a node's output on, each line with the node's name in front. */
    private static void relay(String node, Process process, PrintWriter out) {
        Thread thread = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    synchronized (out) {
                        out.println("[" + node + "] " + line);
                        out.flush();
                    }
                }
            } catch (IOException e) {
                // The node exited; its exit is reported by the waiting loop.
            }
        }, "cluster-" + node + "-output");
        thread.setDaemon(true);
        thread.start();
    }
}
