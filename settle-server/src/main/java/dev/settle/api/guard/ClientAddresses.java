package dev.settle.api.guard;

import dev.settle.common.AddressRange;
import java.net.InetAddress;
import java.util.List;

/**
 * Who a request comes from: the connection's peer, or, when the peer is a trusted proxy, the
 * address the proxy says it forwarded for ({@code X-Forwarded-For}, read from the right: the
 * first address that is not itself a trusted proxy). A header from an untrusted peer is ignored,
 * since anyone can send one. Parsing never asks DNS: an entry that is not an IP literal ends the
 * walk.
 */
public final class ClientAddresses {
    public static final String HEADER_FORWARDED_FOR = "X-Forwarded-For";
    /** Entries read from one X-Forwarded-For header at most: a longer chain is not a proxy's doing. */
    static final int FORWARDED_ENTRIES_MAX = 16;

    private final List<AddressRange> trustedProxies;

    /** Where a request comes from. {@code forwardedFor} is null unless a trusted proxy named a client. */
    public record Client(InetAddress peer, InetAddress forwardedFor) {
        /** The address limits and throttles apply to. */
        public InetAddress effective() {
            return forwardedFor != null ? forwardedFor : peer;
        }
    }

    public ClientAddresses(List<AddressRange> trustedProxies) {
        this.trustedProxies = List.copyOf(trustedProxies);
    }

    public static ClientAddresses none() {
        return new ClientAddresses(List.of());
    }

    public List<AddressRange> trustedProxies() {
        return trustedProxies;
    }

    /** The client of a request from {@code peer} (null: unknown) with {@code forwardedHeader} (or null). */
    public Client of(InetAddress peer, String forwardedHeader) {
        if (peer == null || forwardedHeader == null || trustedProxies.isEmpty() || !trusted(peer)) {
            return new Client(peer, null);
        }
        String[] entries = forwardedHeader.split(",", FORWARDED_ENTRIES_MAX + 1);
        InetAddress client = null;
        for (int i = Math.min(entries.length, FORWARDED_ENTRIES_MAX) - 1; i >= 0; i--) {
            InetAddress entry = AddressRange.literal(entries[i].trim());
            if (entry == null) {
                break;
            }
            client = entry;
            if (!trusted(entry)) {
                break;
            }
        }
        return new Client(peer, client);
    }

    public boolean trusted(InetAddress address) {
        for (AddressRange range : trustedProxies) {
            if (range.contains(address)) {
                return true;
            }
        }
        return false;
    }
}
