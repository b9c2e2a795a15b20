package dev.settle.webhooks;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * Decides whether a webhook URL may be used.
 *
 * <p>A webhook URL is chosen by a tenant but called by the server, from inside the server's
 * network. Unless the operator allows it, a URL that reaches a loopback, private, link-local
 * (cloud metadata at 169.254.169.254) or otherwise internal address is refused, so a tenant cannot
 * use webhooks to probe or call services that only the server can see (server-side request forgery).
 *
 * <p>{@link #checkUrl} is syntax only and runs when a URL is registered; {@link #checkAddresses}
 * resolves the host and should run before every attempt, because DNS answers change. A host that
 * resolves differently between the check and the connection (DNS rebinding) is not caught here; the
 * sender never follows redirects, so a redirect at least cannot reach a refused address.
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
     * Resolves the URL's host and refuses it when any of its addresses is internal (see {@link
     * #isPrivate}), unless private targets are allowed. Any, not all: the client may connect to
     * whichever address it likes.
     */
    public void checkAddresses(URI uri) {
        String host = uri.getHost();
        if (host == null) {
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
        if (allowPrivateTargets) {
            return;
        }
        for (InetAddress address : addresses) {
            if (isPrivate(address)) {
                throw new TargetRefusedException(
                        TargetRefusedException.TARGET_NOT_ALLOWED,
                        "webhook host " + host + " resolves to " + address.getHostAddress()
                                + ", a loopback, private or internal address; to allow private targets, set "
                                + ALLOW_PRIVATE_SETTING + "=true");
            }
        }
    }

    /**
     * True for addresses a webhook must not reach from the public internet: loopback, any-local,
     * link-local, private (10/8, 172.16/12, 192.168/16, fc00::/7, deprecated fec0::/10),
     * carrier-grade NAT (100.64/10), multicast, 0/8 and 240/4 (reserved, with broadcast), and IPv6
     * forms that embed such an IPv4 address (mapped ::ffff:a.b.c.d, compatible ::a.b.c.d and the
     * NAT64 prefix 64:ff9b::/96), since a dual-stack host routes those to the IPv4 address.
     */
    public static boolean isPrivate(InetAddress address) {
        if (address.isLoopbackAddress()
                || address.isAnyLocalAddress()
                || address.isLinkLocalAddress()
                || address.isSiteLocalAddress()
                || address.isMulticastAddress()) {
            return true;
        }
        byte[] bytes = address.getAddress();
        return bytes.length == 4 ? isPrivateIpv4(bytes) : isPrivateIpv6(bytes);
    }

    private static boolean isPrivateIpv4(byte[] bytes) {
        int first = bytes[0] & 0xFF;
        int second = bytes[1] & 0xFF;
        return first == 0 // "this network"; 0.0.0.0 reaches the local host on Linux
                || first == 10
                || first == 127
                || (first == 100 && (second & 0xC0) == 64) // carrier-grade NAT 100.64/10
                || (first == 169 && second == 254)
                || (first == 172 && (second & 0xF0) == 16)
                || (first == 192 && second == 168)
                || first >= 224; // multicast 224/4, reserved 240/4, broadcast 255.255.255.255
    }

    private static boolean isPrivateIpv6(byte[] bytes) {
        int first = bytes[0] & 0xFF;
        int second = bytes[1] & 0xFF;
        if ((first & 0xFE) == 0xFC // unique local fc00::/7
                || (first == 0xFE && (second & 0x80) == 0x80) // link-local fe80::/10 and site-local fec0::/10
                || first == 0xFF) { // multicast
            return true;
        }
        byte[] embedded = embeddedIpv4(bytes);
        return embedded != null && isPrivateIpv4(embedded);
    }

    /** The IPv4 address inside a mapped, compatible or NAT64 IPv6 address, else null. */
    private static byte[] embeddedIpv4(byte[] bytes) {
        boolean zeroTo10 = true;
        for (int i = 0; i < 10; i++) {
            zeroTo10 &= bytes[i] == 0;
        }
        boolean mapped = zeroTo10 && bytes[10] == (byte) 0xFF && bytes[11] == (byte) 0xFF;
        // Compatible includes :: and ::1, whose embedded 0.0.0.0 and 0.0.0.1 are refused as 0/8.
        boolean compatible = zeroTo10 && bytes[10] == 0 && bytes[11] == 0;
        boolean nat64 = bytes[0] == 0 && bytes[1] == 0x64 && bytes[2] == (byte) 0xFF && bytes[3] == (byte) 0x9B;
        for (int i = 4; nat64 && i < 12; i++) {
            nat64 = bytes[i] == 0;
        }
        if (!mapped && !compatible && !nat64) {
            return null;
        }
        return new byte[] {bytes[12], bytes[13], bytes[14], bytes[15]};
    }

    private static TargetRefusedException invalid(String message) {
        return new TargetRefusedException(TargetRefusedException.URL_INVALID, message);
    }

    private static TargetRefusedException unresolvable(String host) {
        return new TargetRefusedException(
                TargetRefusedException.TARGET_UNRESOLVABLE, "webhook host " + host + " does not resolve");
    }
}
