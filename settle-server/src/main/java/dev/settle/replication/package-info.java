/**
 * Replication: one Raft group per pod, on Apache Ratis (docs/decisions/0013). Self-contained: it
 * knows nothing of pods, ledgers or stores, only entries and replies as bytes.
 *
 * <ul>
 *   <li>{@link dev.settle.replication.ReplicatedStateMachine}: what a pod implements — apply one
 *       committed entry, report its applied index, snapshot and restore its state, start and stop
 *       its leader-only jobs.</li>
 *   <li>{@link dev.settle.replication.RaftNode}: one per process; one Ratis server (one gRPC port)
 *       hosting every pod's group, whose id it derives from the cluster name and the pod number.</li>
 *   <li>{@link dev.settle.replication.ReplicatedGroup}: submit an entry from any member (acknowledged
 *       once committed on a majority and applied on the leader), wait for a linearizable read
 *       barrier, read the group's status.</li>
 *   <li>{@link dev.settle.replication.ReplicationConfig}: the node, its peers, storage, timeouts and
 *       limits, checked together; {@code RatisProperties} turns it into Ratis settings in one place.</li>
 *   <li>{@code RatisStateMachine} adapts Ratis' state machine to the pod's; {@code SnapshotStore}
 *       keeps snapshots as directories with a manifest, which Ratis sends to members that need them.</li>
 * </ul>
 *
 * <p>Depends on Ratis and the JDK only; nothing of Settle depends on it yet (the pods are wired to
 * it in a later change).
 */
package dev.settle.replication;
