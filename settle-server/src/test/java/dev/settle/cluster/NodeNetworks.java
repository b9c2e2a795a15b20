package dev.settle.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A network namespace per cluster node, for fault tests that cut a node off the others: each
 * node has a Raft interface on one bridge ({@link #raftAddress}) and an HTTP interface on another
 * ({@link #httpAddress}, which the test reaches from the root namespace). {@link #cut} takes a
 * node's Raft link down, so it can neither reach nor be reached by its peers while its clients
 * still reach it; {@link #heal} brings it back. Needs root and iproute2 ({@code ip netns}); a
 * machine without them fails with what is missing. Everything made is removed by {@link #close}.
 */
public final class NodeNetworks implements AutoCloseable {
    private static final String RAFT_SUBNET = "10.201.1.";
    private static final String HTTP_SUBNET = "10.201.2.";
    /** The root namespace's address on the HTTP bridge. */
    private static final String HTTP_GATEWAY = HTTP_SUBNET + "254";
    private static final long COMMAND_WAIT_SECONDS = 30;

    private final String prefix;
    private final int nodes;
    private final List<String> created = new ArrayList<>();

    private NodeNetworks(String prefix, int nodes) {
        this.prefix = prefix;
        this.nodes = nodes;
    }

    /** Makes the bridges and one namespace per node. */
    public static NodeNetworks create(int nodes) {
        // Short (interface names have at most 15 characters) and distinct per run.
        String prefix = String.format("stl%04x", ThreadLocalRandom.current().nextInt(0x10000));
        NodeNetworks networks = new NodeNetworks(prefix, nodes);
        try {
            networks.build();
        } catch (RuntimeException e) {
            networks.close();
            throw new AssertionError("the partition test makes network namespaces and needs root and iproute2"
                    + " (ip netns): " + e.getMessage(), e);
        }
        return networks;
    }

    private void build() {
        ip("link", "add", raftBridge(), "type", "bridge");
        created.add("link:" + raftBridge());
        ip("link", "set", raftBridge(), "up");
        ip("link", "add", httpBridge(), "type", "bridge");
        created.add("link:" + httpBridge());
        ip("addr", "add", HTTP_GATEWAY + "/24", "dev", httpBridge());
        ip("link", "set", httpBridge(), "up");
        for (int node = 0; node < nodes; node++) {
            String ns = namespace(node);
            ip("netns", "add", ns);
            created.add("netns:" + ns);
            ip("netns", "exec", ns, "ip", "link", "set", "lo", "up");
            link(node, raftLink(node), "r0", raftBridge(), raftAddress(node));
            link(node, prefix + "h" + node, "h0", httpBridge(), httpAddress(node));
        }
    }

    /** A veth pair: {@code host} on {@code bridge}, {@code inside} in the node's namespace with {@code address}. */
    private void link(int node, String host, String inside, String bridge, String address) {
        String ns = namespace(node);
        ip("link", "add", host, "type", "veth", "peer", "name", inside, "netns", ns);
        created.add("link:" + host);
        ip("link", "set", host, "master", bridge, "up");
        ip("netns", "exec", ns, "ip", "addr", "add", address + "/24", "dev", inside);
        ip("netns", "exec", ns, "ip", "link", "set", inside, "up");
    }

    public String raftAddress(int node) {
        return RAFT_SUBNET + (node + 1);
    }

    public String httpAddress(int node) {
        return HTTP_SUBNET + (node + 1);
    }

    /** {@code command} run inside the node's namespace. */
    public List<String> inside(int node, List<String> command) {
        List<String> wrapped = new ArrayList<>(List.of("ip", "netns", "exec", namespace(node)));
        wrapped.addAll(command);
        return wrapped;
    }

    /** Cuts the node off its peers (its Raft link goes down); its HTTP link stays up. */
    public void cut(int node) {
        ip("link", "set", raftLink(node), "down");
    }

    public void heal(int node) {
        ip("link", "set", raftLink(node), "up");
    }

    @Override
    public void close() {
        for (int i = created.size() - 1; i >= 0; i--) {
            String[] made = created.get(i).split(":", 2);
            try {
                if (made[0].equals("netns")) {
                    ip("netns", "del", made[1]);
                } else {
                    ip("link", "del", made[1]);
                }
            } catch (RuntimeException alreadyGone) {
                // A veth goes with its namespace.
            }
        }
        created.clear();
    }

    private String namespace(int node) {
        return prefix + "-n" + node;
    }

    private String raftLink(int node) {
        return prefix + "r" + node;
    }

    private String raftBridge() {
        return prefix + "br";
    }

    private String httpBridge() {
        return prefix + "bh";
    }

    private static void ip(String... arguments) {
        List<String> command = new ArrayList<>(List.of("ip"));
        command.addAll(List.of(arguments));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(COMMAND_WAIT_SECONDS, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: "
                        + new String(output, StandardCharsets.UTF_8).strip());
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + String.join(" ", command) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running " + String.join(" ", command), e);
        }
    }
}
