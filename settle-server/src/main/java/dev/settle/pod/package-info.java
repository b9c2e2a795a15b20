/**
 * Pods: shards of tenants' ledgers, each one deterministic state machine with one writer.
 *
 * <p>The seam is {@link dev.settle.pod.PodStateMachine} (modelled on Apache Ratis' state
 * machine): an ordered, timestamped {@link dev.settle.pod.PodBatch} of {@link dev.settle.pod.PodCommand}s
 * goes in, an {@link dev.settle.pod.AppliedBatch} (one write set, one outcome per command) comes
 * out. {@link dev.settle.pod.LedgerStateMachine} implements it over the pod's ledgers
 * ({@code PodMembership}, {@code PodLedger}, {@code CommandRunner}); the store's encoder and
 * the outbox turn each batch's changes into records.
 *
 * <p>The local driver is {@code PodWriter}: request threads submit commands and get a future;
 * the writer thread drains everything queued (up to {@link dev.settle.pod.PodConfig#eventsPerBatchMax()}),
 * fixes the batch's time and number, and applies it; its committer thread ({@code CommitPipeline})
 * writes the write set as ONE synced RocksDB batch and only then completes the futures. Applying
 * batch N+1 overlaps with committing batch N. There are no locks per account: one thread owns
 * the state. {@link dev.settle.pod.Pod} puts the two together; {@link dev.settle.pod.Pods} routes
 * each ledger to its pod and moves ledgers between pods. docs/architecture.md draws it.
 *
 * <p>{@link dev.settle.pod.PodBatchCodec} turns a batch into bytes and back: what a replicated
 * pod logs as one Raft entry (the format is in docs/storage.md).
 */
package dev.settle.pod;
