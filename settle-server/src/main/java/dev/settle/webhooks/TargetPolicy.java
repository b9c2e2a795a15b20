package dev.settle.webhooks;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;

/**
 * Decides whether a webhook URL may be used.
 *
 * <p>A webhook URL is chosen by a tenant but called by the server, from inside the server's
 * network. Unless the operator allows it, a URL that reaches a loopback, private, link-local
 * (cloud metadata at 169.254.169.254) or any other special-purpose address ({@link
 * SpecialPurposeAddresses}) is refused, so a tenant cannot use webhooks to probe or call services
 * that only the server can see (server-side request forgery).
 *
 * <p>{@link #checkUrl} is syntax only; {@link #checkAddresses} resolves the host and checks every
 * address. It runs when a URL is registered (an early, friendly refusal) and, through {@link
 * CheckedSocketAddressResolver}, for every connection a delivery opens: the addresses it returns
 * are the only ones the sender connects to, so a name that changes its answer between the check
 * and the connection (DNS rebinding) gains nothing. The sender never follows redirects.
 */
public final class TargetPolicy {
    /** Longer URLs are refused: no legitimate endpoint needs more, and the URL is stored and shown. */
    public static final int URL_CHARS_MAX = 2048;
    /** The setting that lets webhooks reach private addresses, named in every refusal. */
    public static final String ALLOW_PRIVATE_SETTING = "SETTLE_WEBHOOKS_ALLOW_PRIVATE_TARGETS";

    private static final int PORT_MAX = 65_535;

    private final boolean allowPrivateTargets;
    private final AddressResolver resolver;

    /**
     * @param allowPrivateTargets true to allow internal addresses: for development, tests and
     *     deployments whose receivers are on the same private network
     */
    public TargetPolicy(boolean allowPrivateTargets, AddressResolver resolver) {
        if (resolver == null) {
            throw new IllegalArgumentException("resolver is missing");
        }
        this.allowPrivateTargets = allowPrivateTargets;
        this.resolver = resolver;
    }

    /** A policy with the system resolver. */
    public TargetPolicy(boolean allowPrivateTargets) {
        this(allowPrivateTargets, AddressResolver.SYSTEM);
    }

    public boolean allowPrivateTargets() {
        return allowPrivateTargets;
    }

    /**
     * The URL parsed, when it is an absolute http or https URL with a host, no user-info and no
     * fragment, of at most {@link #URL_CHARS_MAX} chars. Messages never repeat the URL: it may hold
     * credentials.
     */
    public URI checkUrl(String url) {
        if (url == null || url.isEmpty()) {
            throw invalid("webhook URL is missing");
        }
        if (url.length() > URL_CHARS_MAX) {
            throw invalid("webhook URL has " + url.length() + " chars; at most " + URL_CHARS_MAX + " are allowed");
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw invalid("webhook URL is not a valid URI: " + e.getReason() + " at index " + e.getIndex());
        }
        if (!uri.isAbsolute()) {
            throw invalid("webhook URL must be absolute, such as https://example.com/webhooks");
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new TargetRefusedException(
                    TargetRefusedException.URL_SCHEME_NOT_ALLOWED,
                    "webhook URL scheme must be http or https, got " + scheme);
        }
        checkAuthority(uri);
        if (uri.getRawFragment() != null) {
            throw invalid("webhook URL must not have a fragment (#...): it is never sent to the receiver");
        }
        return uri;
    }

    private static void checkAuthority(URI uri) {
        if (uri.isOpaque() || uri.getRawAuthority() == null) {
            throw invalid("webhook URL must have the form http(s)://host/path");
        }
        // A registry-based authority has no parsed user-info, so look for '@' in the raw authority too.
        if (uri.getRawUserInfo() != null || uri.getRawAuthority().indexOf('@') >= 0) {
            throw invalid("webhook URL must not contain user-info (user:password@): credentials in a URL"
                    + " would be stored and shown; have the receiver check the webhook signature instead");
        }
        if (uri.getHost() == null) {
            throw invalid("webhook URL must name a valid host");
        }
        if (uri.getPort() == 0 || uri.getPort() > PORT_MAX) {
            throw invalid("webhook URL port must be 1.." + PORT_MAX + ", got " + uri.getPort());
        }
    }

    /**
     * Resolves the URL's host once and returns its addresses, all of them checked: refused when any
     * is special-purpose (see {@link SpecialPurposeAddresses}), unless private targets are allowed.
     * Any, not all: a client may connect to whichever address it likes. A caller that connects must
     * connect to one of the returned addresses and resolve nothing again (see {@link
     * CheckedSocketAddressResolver}), or a name that changes its answer in between (DNS rebinding)
     * reaches what the check refused.
     */
    public List<InetAddress> checkAddresses(URI uri) {
        String host = uri.getHost();
        if (host == null) {
            throw invalid("webhook URL must name a valid host");
        }
        return checkHost(host);
    }

    /**
     * The same for a bare host name or IP literal (an IPv6 literal with or without brackets). The
     * refusal never says which address the name resolves to, nor which block it falls in: a tenant
     * could otherwise map the server's internal DNS through it.
     */
    public List<InetAddress> checkHost(String host) {
        if (host == null || host.isEmpty()) {
            throw invalid("webhook URL must name a valid host");
        }
        // URI keeps the brackets of an IPv6 literal; resolvers want the bare address.
        String lookup = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        InetAddress[] addresses;
        try {
            addresses = resolver.resolve(lookup);
        } catch (UnknownHostException e) {
            throw unresolvable(host);
        }
        if (addresses == null || addresses.length == 0) {
            throw unresolvable(host);
        }
        List<InetAddress> checked = List.of(addresses);
        if (allowPrivateTargets) {
            return checked;
        }
        for (InetAddress address : checked) {
            if (SpecialPurposeAddresses.isSpecialPurpose(address)) {
                throw new TargetRefusedException(
                        TargetRefusedException.TARGET_NOT_ALLOWED,
                        "webhook host " + host + " resolves to a special-purpose address (loopback, private,"
                                + " link-local, reserved or otherwise not public); to allow such targets, set "
                                + ALLOW_PRIVATE_SETTING + "=true");
            }
        }
        return checked;
    }

    private static TargetRefusedException invalid(String message) {
        return new TargetRefusedException(TargetRefusedException.URL_INVALID, message);
    }

    private static TargetRefusedException unresolvable(String host) {
        return new TargetRefusedException(
                TargetRefusedException.TARGET_UNRESOLVABLE, "webhook host " + host + " does not resolve");
    }
}
