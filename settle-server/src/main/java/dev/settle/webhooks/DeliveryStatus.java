package dev.settle.webhooks;

/** Where one event's delivery to one endpoint stands. The code is stored; never reuse one. */
public enum DeliveryStatus {
    /** Not yet acknowledged; an attempt is due at its next attempt time. */
    PENDING(0, "pending"),
    /** The endpoint answered 2xx. */
    SUCCEEDED(1, "succeeded"),
    /** Every retry failed, or the endpoint was disabled: a dead letter, until replayed. */
    FAILED(2, "failed");

    private final int code;
    private final String apiName;

    DeliveryStatus(int code, String apiName) {
        this.code = code;
        this.apiName = apiName;
    }

    public int code() {
        return code;
    }

    public String apiName() {
        return apiName;
    }

    public static DeliveryStatus ofCode(int code) {
        for (DeliveryStatus s : values()) {
            if (s.code == code) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown delivery status " + code);
    }
}
