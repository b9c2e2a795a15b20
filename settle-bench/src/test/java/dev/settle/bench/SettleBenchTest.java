package dev.settle.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.settle.pod.PodConfig;
import dev.settle.store.LedgerStore;
import dev.settle.verify.StoreVerifier;
import dev.settle.verify.VerifyReport;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettleBenchTest {
    @TempDir
    Path directory;

    @Test
    void aMixedWorkloadRunsWithoutFailuresAndLeavesAVerifiedStore() throws Exception {
        // Enough operations per client for posts to follow their pending transfers (TransferWorkload.POST_DELAY_OPERATIONS).
        WorkloadSpec spec = new WorkloadSpec(50, 30, 40_000, 1_000, 40, 7);
        AtomicLong progress = new AtomicLong();
        SettleBenchResult result = SettleBench.run(new SettleBench.Config(directory, spec, 2, PodConfig.defaults()),
                progress::addAndGet);
        assertThat(result.failures()).isZero();
        assertThat(result.transfers()).isEqualTo(40_000);
        assertThat(progress.get()).isEqualTo(40_000);
        assertThat(result.recoveredAccounts()).isEqualTo(50);
        assertThat(result.transferIds()).isEqualTo(40_000);
        try (LedgerStore store = LedgerStore.openReadOnly(directory)) {
            VerifyReport report = StoreVerifier.verify(store);
            assertThat(report.passed()).as(report.render()).isTrue();
            assertThat(report.counts().get("open pending transfers")).isPositive();
        }
    }
}
