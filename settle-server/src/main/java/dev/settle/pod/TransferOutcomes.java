package dev.settle.pod;

import dev.settle.ledger.TransferRecord;
import dev.settle.ledger.TransferResults;

/**
 * The results of a transfer submission and, when asked for, the stored transfer of each OK or
 * EXISTS result (null otherwise): for posts and voids its accounts come from the pending transfer.
 */
public record TransferOutcomes(TransferResults results, TransferRecord[] records) {}
