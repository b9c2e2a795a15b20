/**
 * Pods: one single-writer ledger engine each, with group commit.
 *
 * <p>Request threads submit commands and get a future. The pod's writer thread drains everything
 * queued (up to {@link dev.settle.pod.PodConfig#eventsPerBatchMax()}), prefetches the ids the batch
 * can ask about, applies the batch to its engine and encodes the changes; its committer thread
 * writes them as ONE synced RocksDB batch and only then completes the futures. Applying batch N+1
 * overlaps with committing batch N. There are no locks per account: one thread owns the state.
 */
package dev.settle.pod;
