package dev.settle.ledger;

/**
 * A request to create one transfer, as a value (for edges and tests; the engine reads
 * {@link TransferBatch}).
 *
 * @param amount for posting, {@link UInt128#MAX} posts the full pending amount; for voiding,
 *     zero voids the full pending amount; for balancing transfers, the most that may move
 * @param timeoutSeconds for pending transfers, seconds until expiry (0 = never); unsigned 32-bit
 * @param metadata opaque bytes stored with the transfer and compared for idempotency; may be null
 */
public record NewTransfer(
        UInt128 id,
        UInt128 debitAccountId,
        UInt128 creditAccountId,
        UInt128 amount,
        UInt128 pendingId,
        UInt128 userData128,
        long userData64,
        int userData32,
        long timeoutSeconds,
        long ledger,
        int code,
        int flags,
        byte[] metadata) {

    /** A transfer of {@code amount} from {@code debit} to {@code credit}, with nothing else set. */
    public static NewTransfer of(UInt128 id, UInt128 debit, UInt128 credit, UInt128 amount, long ledger) {
        return builder(id).debit(debit).credit(credit).amount(amount).ledger(ledger).build();
    }

    /** A post or void of {@code pendingId}: accounts, ledger and code are taken from the pending transfer. */
    public static NewTransfer resolving(UInt128 id, UInt128 pendingId, int flag, UInt128 amount) {
        return builder(id).pendingId(pendingId).flags(flag).amount(amount).build();
    }

    /** A transfer with this id; every other field is zero (or null metadata) until set. */
    public static Builder builder(UInt128 id) {
        return new Builder(id);
    }

    /** A builder holding this transfer's fields, to change some of them. */
    public Builder toBuilder() {
        return new Builder(id).debit(debitAccountId).credit(creditAccountId).amount(amount).pendingId(pendingId)
                .userData(userData128, userData64, userData32).timeoutSeconds(timeoutSeconds).ledger(ledger)
                .code(code).flags(flags).metadata(metadata);
    }

    public NewTransfer withFlags(int newFlags) {
        return toBuilder().flags(newFlags).build();
    }

    public NewTransfer withTimeout(long seconds) {
        return toBuilder().timeoutSeconds(seconds).build();
    }

    public NewTransfer withCode(int newCode) {
        return toBuilder().code(newCode).build();
    }

    public NewTransfer withUserData(UInt128 data128, long data64, int data32) {
        return toBuilder().userData(data128, data64, data32).build();
    }

    public NewTransfer withMetadata(byte[] bytes) {
        return toBuilder().metadata(bytes).build();
    }

    /** Names each field of a transfer as it is set, instead of thirteen positional arguments. */
    public static final class Builder {
        private final UInt128 id;
        private UInt128 debitAccountId = UInt128.ZERO;
        private UInt128 creditAccountId = UInt128.ZERO;
        private UInt128 amount = UInt128.ZERO;
        private UInt128 pendingId = UInt128.ZERO;
        private UInt128 userData128 = UInt128.ZERO;
        private long userData64;
        private int userData32;
        private long timeoutSeconds;
        private long ledger;
        private int code;
        private int flags;
        private byte[] metadata;

        private Builder(UInt128 id) {
            this.id = id;
        }

        public Builder debit(UInt128 accountId) {
            this.debitAccountId = accountId;
            return this;
        }

        public Builder credit(UInt128 accountId) {
            this.creditAccountId = accountId;
            return this;
        }

        public Builder amount(UInt128 value) {
            this.amount = value;
            return this;
        }

        public Builder pendingId(UInt128 value) {
            this.pendingId = value;
            return this;
        }

        public Builder userData(UInt128 data128, long data64, int data32) {
            this.userData128 = data128;
            this.userData64 = data64;
            this.userData32 = data32;
            return this;
        }

        public Builder timeoutSeconds(long seconds) {
            this.timeoutSeconds = seconds;
            return this;
        }

        public Builder ledger(long value) {
            this.ledger = value;
            return this;
        }

        public Builder code(int value) {
            this.code = value;
            return this;
        }

        public Builder flags(int value) {
            this.flags = value;
            return this;
        }

        public Builder metadata(byte[] bytes) {
            this.metadata = bytes;
            return this;
        }

        public NewTransfer build() {
            return new NewTransfer(id, debitAccountId, creditAccountId, amount, pendingId, userData128, userData64,
                    userData32, timeoutSeconds, ledger, code, flags, metadata);
        }
    }
}
