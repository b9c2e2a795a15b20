package dev.settle.webhooks;

/**
 * A webhook URL that may not be used, with a stable {@link #code()} for API errors and delivery
 * records, and a message for people.
 */
public final class TargetRefusedException extends RuntimeException {
    /** Not a parseable absolute URL with a host, too long, or carrying user-info or a fragment. */
    public static final String URL_INVALID = "url_invalid";
    /** A scheme other than http and https. */
    public static final String URL_SCHEME_NOT_ALLOWED = "url_scheme_not_allowed";
    /** The host resolves to a loopback, private, link-local or otherwise internal address. */
    public static final String TARGET_NOT_ALLOWED = "target_not_allowed";
    /** The host does not resolve. */
    public static final String TARGET_UNRESOLVABLE = "target_unresolvable";

    private final String code;

    public TargetRefusedException(String code, String message) {
        super(message);
        if (code == null || code.isEmpty()) {
            throw new IllegalArgumentException("code is missing");
        }
        this.code = code;
    }

    /** The stable, machine-readable reason, one of the constants of this class. */
    public String code() {
        return code;
    }
}
