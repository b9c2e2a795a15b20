package dev.settle.pod;

import static org.assertj.core.api.Assertions.assertThat;

import dev.settle.ledger.AccountBatch;
import dev.settle.ledger.NewAccount;
import dev.settle.ledger.NewTransfer;
import dev.settle.ledger.TransferBatch;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Pod batches for the codec's tests: responses (fixed, and rendered by a renderer only tests
 * know), batches built from values, and the
 * assertion that two batches hold the same things (arrays compared by content).
 */
final class PodBatches {

    private PodBatches() {}

    /** A renderer that only tests know of: it stores its data followed by a marker. */
    static final DurableResponse.Renderer TEST_RENDERER = new DurableResponse.Renderer() {
        @Override
        public int id() {
            return 7;
        }

        @Override
        public byte[] render(byte[] data, PodCommand<?> command, Object outcome, long batchTimeNanos) {
            byte[] stored = java.util.Arrays.copyOf(data, data.length + 1);
            stored[data.length] = 7;
            return stored;
        }
    };

    static final PodBatchCodec CODEC = new PodBatchCodec(new DurableResponseCodec(id -> switch (id) {
        case 0 -> DurableResponse.AS_IS;
        case 7 -> TEST_RENDERER;
        default -> throw new IllegalArgumentException("no renderer " + id);
    }));

    /** A response that stores {@code answer} whatever the outcome. */
    static DurableResponse fixed(byte[] key, byte[] answer) {
        return DurableResponse.asIs(key, answer);
    }

    /** A response that the test renderer renders from {@code data}. */
    static DurableResponse rendered(byte[] key, byte[] data) {
        return new DurableResponse(key, TEST_RENDERER, data);
    }

    static AccountBatch accountBatch(List<NewAccount> accounts) {
        AccountBatch batch = new AccountBatch(Math.max(1, accounts.size()));
        accounts.forEach(batch::add);
        return batch;
    }

    static TransferBatch transferBatch(List<NewTransfer> transfers) {
        TransferBatch batch = new TransferBatch(Math.max(1, transfers.size()));
        transfers.forEach(batch::add);
        return batch;
    }

    static PodBatch.Entry entry(PodCommand<?> command) {
        return new PodBatch.Entry(command, null, null);
    }

    static PodBatch batch(PodBatch.Entry... entries) {
        return new PodBatch(1, 1_700_000_000_000_000_000L, List.of(entries));
    }

    /** Encodes and decodes, checks the decoded batch is the same, and returns it. */
    static PodBatch roundTrip(PodBatch batch) {
        byte[] bytes = CODEC.encode(batch);
        PodBatch decoded = CODEC.decode(bytes);
        assertSameBatch(decoded, batch);
        assertThat(CODEC.encode(decoded)).as("the decoded batch encodes to the same bytes").isEqualTo(bytes);
        return decoded;
    }

    /** Field by field, batches of accounts and transfers by their values, arrays by content. */
    static void assertSameBatch(PodBatch actual, PodBatch expected) {
        assertThat(actual.sequence()).isEqualTo(expected.sequence());
        assertThat(actual.timeNanos()).isEqualTo(expected.timeNanos());
        assertThat(actual.entries()).hasSameSizeAs(expected.entries());
        for (int k = 0; k < expected.entries().size(); k++) {
            assertThat(plain(actual.entries().get(k))).as("entry %d", k).isEqualTo(plain(expected.entries().get(k)));
        }
    }

    /**
     * A value whose equals compares content: records become lists of their components, byte
     * arrays hex strings, batches of accounts and transfers lists of their values.
     */
    private static Object plain(Object value) {
        return switch (value) {
            case null -> null;
            case byte[] bytes -> "bytes " + HexFormat.of().formatHex(bytes);
            case AccountBatch batch -> plain(accounts(batch));
            case TransferBatch batch -> plain(transfers(batch));
            case List<?> list -> list.stream().map(PodBatches::plain).toList();
            case Record record -> components(record);
            default -> value;
        };
    }

    private static List<Object> components(Record record) {
        List<Object> plain = new ArrayList<>();
        plain.add(record.getClass().getSimpleName());
        for (RecordComponent component : record.getClass().getRecordComponents()) {
            try {
                plain.add(plain(component.getAccessor().invoke(record)));
            } catch (ReflectiveOperationException e) {
                throw new AssertionError(e);
            }
        }
        return plain;
    }

    static List<NewAccount> accounts(AccountBatch batch) {
        List<NewAccount> accounts = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            accounts.add(batch.get(i));
        }
        return accounts;
    }

    static List<NewTransfer> transfers(TransferBatch batch) {
        List<NewTransfer> transfers = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            transfers.add(batch.get(i));
        }
        return transfers;
    }
}
