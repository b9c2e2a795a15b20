package dev.settle.client;

/** Where a transfer stands. Pending transfers become posted, voided or expired, exactly one. */
public enum TransferStatus {
    POSTED("posted"),
    PENDING("pending"),
    VOIDED("voided"),
    EXPIRED("expired");

    private final String wireName;

    TransferStatus(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    static TransferStatus fromWire(String wireName) {
        for (TransferStatus status : values()) {
            if (status.wireName.equals(wireName)) {
                return status;
            }
        }
        throw new MalformedAnswerException("status is not a transfer status: " + wireName);
    }
}
