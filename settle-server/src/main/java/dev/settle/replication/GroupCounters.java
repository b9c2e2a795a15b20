package dev.settle.replication;

/**
 * What one member of a group counted since it started (monotonic, for metrics).
 *
 * @param leaderChanges leaders this member learned of: each election won by some member, seen here
 * @param snapshotsTaken snapshots this member wrote of its own state
 * @param snapshotsInstalled snapshots this member received from a leader and restored its state from
 */
public record GroupCounters(long leaderChanges, long snapshotsTaken, long snapshotsInstalled) {}
