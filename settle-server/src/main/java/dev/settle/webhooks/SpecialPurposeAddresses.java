package dev.settle.webhooks;

import dev.settle.common.AddressRange;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * The address blocks a webhook may not reach: every block of the IANA IPv4 and IPv6
 * Special-Purpose Address Registries (RFC 6890 and its updates), plus any IPv6 address outside
 * global unicast {@code 2000::/3}.
 *
 * <p>Blocks that IANA marks "globally reachable" are refused too (the AS112 and anycast blocks,
 * {@code 192.0.0.0/24} as a whole, {@code 2001::/23} as a whole): no webhook receiver lives there, and
 * a shorter list is easier to trust than a finer one. Two blocks carry another address inside:
 *
 * <ul>
 *   <li>IPv4-mapped {@code ::ffff:0:0/96} is the IPv4 address in its last 32 bits, so it is judged
 *       as that IPv4 address (the JDK usually hands back an {@code Inet4Address} for it anyway).
 *   <li>NAT64 ({@code 64:ff9b::/96}, {@code 64:ff9b:1::/48}), 6to4 ({@code 2002::/16}) and Teredo
 *       ({@code 2001::/32}) reach an IPv4 address through a translator or a tunnel whose behaviour
 *       Settle cannot see, so they are refused whatever they embed.
 * </ul>
 *
 * <p>The table is data, checked once at class load: a typo in a block fails every test at once.
 */
public final class SpecialPurposeAddresses {
    /** One special-purpose block and what it is for, as the registries name it. */
    public record Block(AddressRange range, String name) {}

    /** The IANA IPv4 Special-Purpose Address Registry, with multicast and reserved space. */
    public static final List<Block> IPV4 = List.of(
            block("0.0.0.0/8", "this network"),
            block("10.0.0.0/8", "private use"),
            block("100.64.0.0/10", "shared address space (carrier-grade NAT)"),
            block("127.0.0.0/8", "loopback"),
            block("169.254.0.0/16", "link local (cloud metadata)"),
            block("172.16.0.0/12", "private use"),
            block("192.0.0.0/24", "IETF protocol assignments"),
            block("192.0.2.0/24", "documentation (TEST-NET-1)"),
            block("192.31.196.0/24", "AS112-v4"),
            block("192.52.193.0/24", "AMT"),
            block("192.88.99.0/24", "deprecated 6to4 relay anycast"),
            block("192.168.0.0/16", "private use"),
            block("192.175.48.0/24", "direct delegation AS112 service"),
            block("198.18.0.0/15", "benchmarking"),
            block("198.51.100.0/24", "documentation (TEST-NET-2)"),
            block("203.0.113.0/24", "documentation (TEST-NET-3)"),
            block("224.0.0.0/4", "multicast"),
            block("240.0.0.0/4", "reserved"),
            block("255.255.255.255/32", "limited broadcast"));

    /**
     * IPv4-mapped addresses, judged by the IPv4 address they carry. Built from bytes: the JDK
     * parses the literal {@code ::ffff:0:0} as the IPv4 address 0.0.0.0.
     */
    static final Block IPV4_MAPPED = new Block(new AddressRange(mappedPrefix(), 96), "IPv4-mapped");

    /** The IANA IPv6 Special-Purpose Address Registry, with multicast and deprecated site-local. */
    public static final List<Block> IPV6 = List.of(
            block("::/128", "unspecified"),
            block("::1/128", "loopback"),
            IPV4_MAPPED,
            block("64:ff9b::/96", "IPv4/IPv6 translation (NAT64)"),
            block("64:ff9b:1::/48", "local-use IPv4/IPv6 translation (NAT64)"),
            block("100::/64", "discard-only"),
            block("2001::/23", "IETF protocol assignments (Teredo 2001::/32 included)"),
            block("2001:db8::/32", "documentation"),
            block("2002::/16", "6to4"),
            block("3fff::/20", "documentation"),
            block("5f00::/16", "segment routing (SRv6) SIDs"),
            block("fc00::/7", "unique local"),
            block("fe80::/10", "link-local unicast"),
            block("fec0::/10", "deprecated site-local"),
            block("ff00::/8", "multicast"));

    /**
     * Global unicast: IANA has allocated no other IPv6 space for public hosts, so an address
     * outside it (the deprecated IPv4-compatible {@code ::a.b.c.d}, for one) is refused.
     */
    static final AddressRange IPV6_GLOBAL_UNICAST = AddressRange.parse("2000::/3");
    static final Block IPV6_NOT_GLOBAL_UNICAST = new Block(IPV6_GLOBAL_UNICAST, "outside IPv6 global unicast");

    private static final int IPV4_BYTES = 4;
    private static final int IPV6_BYTES = 16;
    private static final int MAPPED_IPV4_OFFSET = 12;

    static {
        for (Block b : IPV4) {
            check(b.range().prefix().length == IPV4_BYTES, b);
        }
        for (Block b : IPV6) {
            check(b.range().prefix().length == IPV6_BYTES, b);
        }
    }

    private SpecialPurposeAddresses() {}

    /** True when a webhook must not connect to {@code address}. */
    public static boolean isSpecialPurpose(InetAddress address) {
        return blockOf(address) != null;
    }

    /**
     * The block that makes {@code address} special-purpose, or null for an address a webhook may
     * reach. Never logged or shown to tenants next to the address: which block a name resolves
     * into is what an attacker probing the internal network wants to learn.
     */
    public static Block blockOf(InetAddress address) {
        byte[] bytes = address.getAddress();
        if (bytes.length == IPV4_BYTES) {
            return first(IPV4, address);
        }
        if (isMapped(bytes)) {
            return first(IPV4, ipv4(bytes));
        }
        Block special = first(IPV6, address);
        if (special != null) {
            return special;
        }
        return IPV6_GLOBAL_UNICAST.contains(address) ? null : IPV6_NOT_GLOBAL_UNICAST;
    }

    private static Block first(List<Block> blocks, InetAddress address) {
        for (Block b : blocks) {
            if (b.range().contains(address)) {
                return b;
            }
        }
        return null;
    }

    private static byte[] mappedPrefix() {
        byte[] prefix = new byte[IPV6_BYTES];
        prefix[10] = (byte) 0xFF;
        prefix[11] = (byte) 0xFF;
        return prefix;
    }

    /** Whether {@code bytes} is an IPv6 address in {@code ::ffff:0:0/96}. */
    private static boolean isMapped(byte[] bytes) {
        if (bytes.length != IPV6_BYTES) {
            return false;
        }
        byte[] prefix = IPV4_MAPPED.range().prefix();
        for (int i = 0; i < MAPPED_IPV4_OFFSET; i++) {
            if (bytes[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static InetAddress ipv4(byte[] mapped) {
        byte[] v4 = new byte[IPV4_BYTES];
        System.arraycopy(mapped, MAPPED_IPV4_OFFSET, v4, 0, IPV4_BYTES);
        try {
            return InetAddress.getByAddress(v4);
        } catch (UnknownHostException impossible) {
            throw new IllegalStateException("four bytes are always an IPv4 address", impossible);
        }
    }

    private static Block block(String cidr, String name) {
        AddressRange range = AddressRange.parse(cidr);
        check(isNetworkAddress(range), new Block(range, name));
        return new Block(range, name);
    }

    /** No bits set past the prefix length: a typo such as {@code 10.1.0.0/8} would be caught here. */
    private static boolean isNetworkAddress(AddressRange range) {
        byte[] prefix = range.prefix();
        for (int bit = range.bits(); bit < prefix.length * Byte.SIZE; bit++) {
            if ((prefix[bit / Byte.SIZE] & (0x80 >>> (bit % Byte.SIZE))) != 0) {
                return false;
            }
        }
        return true;
    }

    private static void check(boolean condition, Block b) {
        if (!condition) {
            throw new IllegalStateException("malformed special-purpose block " + b.range() + " (" + b.name() + ")");
        }
    }
}
