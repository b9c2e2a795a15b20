package dev.settle.pod;

/**
 * Fault injection: runs on a pod's committer before each commit, as a slow or stalled disk
 * would (tests hold commits on a latch; {@code settle bench --scenario pod-overload} sleeps).
 */
@FunctionalInterface
public interface CommitHook {
    void beforeCommit() throws InterruptedException;
}
