package dev.settle.pod;

/** What a pod loaded at start, over all its ledgers. */
public record PodRecovery(int ledgers, long accounts, long openPendingTransfers, long millis) {}
