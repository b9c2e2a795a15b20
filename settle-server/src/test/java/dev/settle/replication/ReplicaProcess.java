package dev.settle.replication;

import java.nio.file.Path;
import java.time.Duration;

/**
 * One member in a process of its own, for measurements that need a real crash (SIGKILL): starts
 * a node with one {@link ChainStateMachine} for {@link TestCluster#POD}, prints {@link #READY}, and
 * runs until its standard input closes (then it closes gracefully) or it is killed.
 *
 * <p>Arguments: cluster name, node id, peers, Raft storage dir, state dir, election timeout min
 * and max (ms), submit timeout (ms).
 */
final class ReplicaProcess {
    static final String READY = "READY";

    private ReplicaProcess() {
    }

    public static void main(String[] args) throws Exception {
        ReplicationConfig config = ReplicationConfig.builder().clusterName(args[0]).nodeId(args[1]).peers(args[2])
                .storageDir(Path.of(args[3]))
                .electionTimeout(Duration.ofMillis(Long.parseLong(args[5])), Duration.ofMillis(Long.parseLong(args[6])))
                .submitTimeout(Duration.ofMillis(Long.parseLong(args[7])))
                .build();
        try (RaftNode node = new RaftNode(config)) {
            node.group(TestCluster.POD, new ChainStateMachine(Path.of(args[4])));
            node.start();
            System.out.println(READY);
            System.out.flush();
            while (System.in.read() != -1) {
                // Runs until the parent closes our input, or kills us.
            }
        }
    }
}
