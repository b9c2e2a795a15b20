/**
 * Replicated pods (decision 0014): each pod a Raft group of the cluster's nodes. {@link
 * dev.settle.cluster.ReplicatedPod} joins a pod ({@code dev.settle.pod}, driven by its replicated
 * driver) to its group ({@code dev.settle.replication}, Apache Ratis): the pod proposes its batches
 * to the group's log, and the group applies every committed entry to the pod.
 */
package dev.settle.cluster;
