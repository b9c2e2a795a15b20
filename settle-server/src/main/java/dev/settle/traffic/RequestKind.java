package dev.settle.traffic;

/** Which of a tenant's two rate quotas a request spends. */
public enum RequestKind {
    READ("reads"),
    WRITE("writes");

    private final String wireName;

    RequestKind(String wireName) {
        this.wireName = wireName;
    }

    /** The quota's name in the RateLimit-Policy and RateLimit headers. */
    public String wireName() {
        return wireName;
    }
}
