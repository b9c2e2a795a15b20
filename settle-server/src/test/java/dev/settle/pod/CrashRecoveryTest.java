package dev.settle.pod;

import static org.assertj.core.api.Assertions.assertThat;

import dev.settle.ledger.TransferRecord;
import dev.settle.store.LedgerStore;
import dev.settle.store.StoreOptions;
import dev.settle.store.StoreReader;
import dev.settle.verify.StoreVerifier;
import dev.settle.verify.VerifyReport;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acknowledged means durable: a child JVM takes transfers under load and is killed with SIGKILL
 * at random moments, many times over. After each kill, every transfer it acknowledged is present
 * exactly once with its amount, re-sent transfers answered EXISTS instead of applying twice, and
 * every invariant holds.
 */
class CrashRecoveryTest {
    static final int KILLS = 8;
    /**
     * A run re-sends what earlier runs sent (answered EXISTS), then goes further; the kill comes a
     * random number of acknowledged batches beyond the previous run, while more are in flight.
     */
    static final int NEW_ACKS_BEFORE_KILL_MAX = 20;

    @TempDir
    Path directory;

    @Test
    void everyAcknowledgedTransferSurvivesSigkillExactlyOnce() throws Exception {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        long acknowledgedMax = 0;
        int previousAcks = 0;
        for (int kill = 0; kill < KILLS; kill++) {
            int acks = previousAcks + 1 + random.nextInt(NEW_ACKS_BEFORE_KILL_MAX);
            List<long[]> acknowledged = runAndKill(acks, "seed " + seed + ", kill " + kill);
            System.out.printf("kill %d after %d acknowledged batches: %d acknowledged in this run%n", kill, acks,
                    acknowledged.size());
            previousAcks = acknowledged.size();
            acknowledgedMax = Math.max(acknowledgedMax, acknowledged.stream().mapToLong(r -> r[1]).max().orElse(0));
            checkStore(acknowledged, "seed " + seed + ", kill " + kill);
        }
        assertThat(acknowledgedMax).as("the load made progress across restarts").isGreaterThan(0);
    }

    private List<long[]> runAndKill(int acksBeforeKill, String context) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process child = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-Xmx512m", "-cp",
                System.getProperty("java.class.path"), CrashLoadMain.class.getName(), directory.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        List<long[]> acknowledged = new ArrayList<>();
        CompletableFuture<Void> reader = CompletableFuture.runAsync(() -> readAcks(child, acknowledged));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        synchronized (acknowledged) {
            while ((!ready || acknowledged.size() < acksBeforeKill) && System.nanoTime() < deadline && child.isAlive()) {
                acknowledged.wait(100);
            }
        }
        assertThat(ready).as("child started (%s)", context).isTrue();
        ready = false;
        child.destroyForcibly(); // SIGKILL on Linux: no shutdown hook, no flush; other batches are in flight
        child.waitFor(30, TimeUnit.SECONDS);
        reader.get(30, TimeUnit.SECONDS);
        synchronized (acknowledged) {
            assertThat(bad).as("child reported a result other than ok/exists (%s)", context).isNull();
            return new ArrayList<>(acknowledged);
        }
    }

    private volatile boolean ready;
    private volatile String bad;

    private void readAcks(Process child, List<long[]> acknowledged) {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(child.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                synchronized (acknowledged) {
                    if (line.equals("READY")) {
                        ready = true;
                    } else if (line.startsWith("ACK ")) {
                        String[] parts = line.split(" ");
                        acknowledged.add(new long[] {Long.parseLong(parts[1]), Long.parseLong(parts[2])});
                    } else if (line.startsWith("BAD ")) {
                        bad = line;
                    }
                    acknowledged.notifyAll();
                }
            }
        } catch (java.io.IOException e) {
            // The pipe closes when the child dies; everything read so far counts.
        }
    }

    private void checkStore(List<long[]> acknowledged, String context) {
        try (LedgerStore store = LedgerStore.open(directory, StoreOptions.defaults())) {
            for (long[] range : acknowledged) {
                for (long seq = range[0]; seq < range[1]; seq++) {
                    TransferRecord t = StoreReader.transfer(store, CrashLoadMain.LEDGER, CrashLoadMain.transferId(seq));
                    assertThat(t).as("acknowledged transfer %d after the kill (%s)", seq, context).isNotNull();
                    assertThat(t.amount()).isEqualTo(CrashLoadMain.transfer(seq).amount());
                }
            }
            VerifyReport report = StoreVerifier.verify(store);
            assertThat(report.passed()).as("verify after the kill (%s):%n%s", context, report.render()).isTrue();
        }
    }
}
