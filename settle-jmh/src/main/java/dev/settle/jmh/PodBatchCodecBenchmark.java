package dev.settle.jmh;

import dev.settle.ledger.LedgerLimits;
import dev.settle.ledger.TransferBatch;
import dev.settle.ledger.TransferFlags;
import dev.settle.pod.ByteReader;
import dev.settle.pod.DurableResponse;
import dev.settle.pod.PodBatch;
import dev.settle.pod.PodBatchCodec;
import dev.settle.pod.PodCommand;
import dev.settle.store.ByteSink;
import dev.settle.tracing.TraceParent;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What a replicated pod's leader pays to turn a full batch of transfers into a Raft log entry
 * ({@link #encode}), and every member to turn it back ({@link #decode}): one pod batch of one
 * create-transfers command of {@value LedgerLimits#TRANSFERS_PER_BATCH_MAX} transfers, traced,
 * without a stored response. {@code fields}: {@code plain} transfers (ids, accounts, amount,
 * ledger, code: 71 bytes each), or {@code every} optional field set too (a two-digit amount's high
 * half, pending id, timeout, user data, 32 bytes of metadata: 161 bytes each). One operation is
 * one batch.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 8, time = 2)
@State(Scope.Benchmark)
public class PodBatchCodecBenchmark {
    private static final int ACCOUNTS = 10_000;
    private static final int METADATA_BYTES = 32;

    @Param({"plain", "every"})
    public String fields;

    private PodBatchCodec codec;
    private PodBatch batch;
    private byte[] encoded;

    @Setup
    public void setUp() {
        codec = new PodBatchCodec(new NoResponses());
        TransferBatch transfers = new TransferBatch(LedgerLimits.TRANSFERS_PER_BATCH_MAX);
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < transfers.capacity(); i++) {
            int t = transfers.add();
            transfers.setId(t, 0x0190_0000_0000_0000L | i, random.nextLong());
            transfers.setDebitAccountId(t, 0, 1 + random.nextInt(ACCOUNTS));
            transfers.setCreditAccountId(t, 0, 1 + random.nextInt(ACCOUNTS));
            transfers.setAmount(t, 0, 1 + random.nextInt(1_000_000));
            transfers.setLedger(t, 840);
            transfers.setCode(t, 1);
            if (fields.equals("every")) {
                transfers.setAmount(t, 1, random.nextLong());
                transfers.setPendingId(t, 0x0190_0000_0000_0000L, random.nextLong());
                transfers.setTimeoutSeconds(t, 3_600);
                transfers.setFlags(t, TransferFlags.PENDING);
                transfers.setUserData(t, random.nextLong(), random.nextLong(), random.nextLong(), random.nextInt());
                transfers.setMetadata(t, new byte[METADATA_BYTES]);
            }
        }
        TraceParent trace = new TraceParent(random.nextLong(), random.nextLong(), random.nextLong(),
                TraceParent.FLAG_SAMPLED);
        batch = new PodBatch(1, 1_700_000_000_000_000_000L,
                List.of(new PodBatch.Entry(PodCommand.transfers(1, transfers), null, trace)));
        encoded = codec.encode(batch);
        if (codec.decode(encoded).entries().size() != 1) {
            throw new IllegalStateException("the batch does not decode");
        }
    }

    @Benchmark
    public byte[] encode() {
        return codec.encode(batch);
    }

    @Benchmark
    public PodBatch decode() {
        return codec.decode(encoded);
    }

    /** The benchmark's batch stores no response. */
    private static final class NoResponses implements PodBatchCodec.ResponseCodec {
        @Override
        public void write(DurableResponse response, ByteSink out) {
            throw new IllegalStateException("no responses in this benchmark");
        }

        @Override
        public DurableResponse read(ByteReader in) {
            throw in.malformed("no responses in this benchmark");
        }
    }
}
