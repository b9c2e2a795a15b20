package dev.settle.pod;

/**
 * Sees each batch of a pod as it goes (the metrics' histograms). Called on the pod's own threads,
 * once per batch, so it must be quick and must not throw.
 */
public interface BatchObserver {
    /** Observes nothing. */
    BatchObserver NONE = new BatchObserver() {};

    /** The writer applied a batch of {@code events} commands (transfers, accounts, transaction legs). */
    default void applied(int events) {}

    /** The committer wrote a batch durably: {@code nanos} for the synced write, {@code bytes} written. */
    default void committed(long nanos, int bytes) {}
}
