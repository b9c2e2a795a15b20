package dev.settle.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.settle.common.AddressRange;
import java.math.BigInteger;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class SpecialPurposeAddressesTest {
    /**
     * Every block of the IANA special-purpose registries with the address just below its first one
     * and just above its last one, and whether those neighbours are refused too (by an adjacent
     * block, or because IPv6 outside 2000::/3 is never a public host). Null: no such address.
     */
    private record Edge(String cidr, String below, boolean belowRefused, String above, boolean aboveRefused) {}

    private static final List<Edge> IPV4_EDGES = List.of(
            new Edge("0.0.0.0/8", null, false, "1.0.0.0", false),
            new Edge("10.0.0.0/8", "9.255.255.255", false, "11.0.0.0", false),
            new Edge("100.64.0.0/10", "100.63.255.255", false, "100.128.0.0", false),
            new Edge("127.0.0.0/8", "126.255.255.255", false, "128.0.0.0", false),
            new Edge("169.254.0.0/16", "169.253.255.255", false, "169.255.0.0", false),
            new Edge("172.16.0.0/12", "172.15.255.255", false, "172.32.0.0", false),
            new Edge("192.0.0.0/24", "191.255.255.255", false, "192.0.1.0", false),
            new Edge("192.0.2.0/24", "192.0.1.255", false, "192.0.3.0", false),
            new Edge("192.31.196.0/24", "192.31.195.255", false, "192.31.197.0", false),
            new Edge("192.52.193.0/24", "192.52.192.255", false, "192.52.194.0", false),
            new Edge("192.88.99.0/24", "192.88.98.255", false, "192.88.100.0", false),
            new Edge("192.168.0.0/16", "192.167.255.255", false, "192.169.0.0", false),
            new Edge("192.175.48.0/24", "192.175.47.255", false, "192.175.49.0", false),
            new Edge("198.18.0.0/15", "198.17.255.255", false, "198.20.0.0", false),
            new Edge("198.51.100.0/24", "198.51.99.255", false, "198.51.101.0", false),
            new Edge("203.0.113.0/24", "203.0.112.255", false, "203.0.114.0", false),
            new Edge("224.0.0.0/4", "223.255.255.255", false, "240.0.0.0", true),
            new Edge("240.0.0.0/4", "239.255.255.255", true, null, false),
            new Edge("255.255.255.255/32", "255.255.255.254", true, null, false));

    private static final List<Edge> IPV6_EDGES = List.of(
            new Edge("::/128", null, false, "::1", true),
            new Edge("::1/128", "::", true, "::2", true),
            new Edge("::ffff:0:0/96", "::fffe:ffff:ffff", true, "::1:0:0:0", true),
            new Edge("64:ff9b::/96", "64:ff9a:ffff:ffff:ffff:ffff:ffff:ffff", true, "64:ff9b::1:0:0", true),
            new Edge("64:ff9b:1::/48", "64:ff9b:0:ffff:ffff:ffff:ffff:ffff", true, "64:ff9b:2::", true),
            new Edge("100::/64", "ff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", true, "100:0:0:1::", true),
            new Edge("2001::/23", "2000:ffff:ffff:ffff:ffff:ffff:ffff:ffff", false, "2001:200::", false),
            new Edge("2001:db8::/32", "2001:db7:ffff:ffff:ffff:ffff:ffff:ffff", false, "2001:db9::", false),
            new Edge("2002::/16", "2001:ffff:ffff:ffff:ffff:ffff:ffff:ffff", false, "2003::", false),
            new Edge("3fff::/20", "3ffe:ffff:ffff:ffff:ffff:ffff:ffff:ffff", false, "3fff:1000::", false),
            new Edge("5f00::/16", "5eff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", true, "5f01::", true),
            new Edge("fc00::/7", "fbff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", true, "fe00::", true),
            new Edge("fe80::/10", "fe7f:ffff:ffff:ffff:ffff:ffff:ffff:ffff", true, "fec0::", true),
            new Edge("fec0::/10", "febf:ffff:ffff:ffff:ffff:ffff:ffff:ffff", true, "ff00::", true),
            new Edge("ff00::/8", "feff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", true, null, false));

    @Test
    void theTablesHoldExactlyTheRegistriesBlocks() {
        assertThat(SpecialPurposeAddresses.IPV4).extracting(b -> b.range().toString())
                .containsExactlyElementsOf(IPV4_EDGES.stream().map(Edge::cidr).toList());
        assertThat(SpecialPurposeAddresses.IPV6).extracting(b -> cidr(b.range()))
                .containsExactlyElementsOf(IPV6_EDGES.stream().map(e -> cidr(range(e.cidr()))).toList());
        assertThat(SpecialPurposeAddresses.IPV4).allSatisfy(b -> assertThat(b.name()).isNotBlank());
        assertThat(SpecialPurposeAddresses.IPV6).allSatisfy(b -> assertThat(b.name()).isNotBlank());
    }

    @Test
    void theFirstAndLastAddressOfEveryBlockAreRefused() {
        for (Edge edge : concat()) {
            AddressRange range = range(edge.cidr());
            assertThat(SpecialPurposeAddresses.isSpecialPurpose(first(range))).as("first of " + edge.cidr()).isTrue();
            assertThat(SpecialPurposeAddresses.isSpecialPurpose(last(range))).as("last of " + edge.cidr()).isTrue();
        }
    }

    @Test
    void theAddressesEitherSideOfEveryBlockAreJudgedOnTheirOwn() {
        for (Edge edge : concat()) {
            AddressRange range = range(edge.cidr());
            if (edge.below() != null) {
                assertThat(neighbour(first(range), -1)).as("below " + edge.cidr()).isEqualTo(address(edge.below()));
                assertThat(SpecialPurposeAddresses.isSpecialPurpose(address(edge.below())))
                        .as(edge.below() + " below " + edge.cidr()).isEqualTo(edge.belowRefused());
            }
            if (edge.above() != null) {
                assertThat(neighbour(last(range), 1)).as("above " + edge.cidr()).isEqualTo(address(edge.above()));
                assertThat(SpecialPurposeAddresses.isSpecialPurpose(address(edge.above())))
                        .as(edge.above() + " above " + edge.cidr()).isEqualTo(edge.aboveRefused());
            }
        }
    }

    @Test
    void addressesTheIssueNamedAreRefused() {
        for (String literal : List.of("2002:7f00:1::", "2002:a00:1::1", "2001:0:4136:e378:8000:63bf:3fff:fdd2",
                "198.18.0.1", "198.19.255.255", "192.0.0.8", "192.0.0.170", "169.254.169.254", "fd00:ec2::254",
                "64:ff9b::7f00:1", "64:ff9b::5db8:d822", "64:ff9b:1::a00:1", "::7f00:1", "100::1")) {
            assertThat(SpecialPurposeAddresses.isSpecialPurpose(address(literal))).as(literal).isTrue();
        }
    }

    @Test
    void publicAddressesAreAllowed() {
        for (String literal : List.of("93.184.216.34", "8.8.8.8", "1.1.1.1", "223.255.255.254", "2606:4700::1111",
                "2001:4860:4860::8888", "2a00:1450:4001:80b::200e", "2001:200::1", "3fff:1000::1")) {
            assertThat(SpecialPurposeAddresses.isSpecialPurpose(address(literal))).as(literal).isFalse();
        }
    }

    @Test
    void anIpv4MappedAddressIsJudgedByTheIpv4AddressItCarries() {
        assertThat(SpecialPurposeAddresses.isSpecialPurpose(mapped("127.0.0.1"))).isTrue();
        assertThat(SpecialPurposeAddresses.isSpecialPurpose(mapped("10.0.0.1"))).isTrue();
        assertThat(SpecialPurposeAddresses.isSpecialPurpose(mapped("198.18.0.1"))).isTrue();
        assertThat(SpecialPurposeAddresses.isSpecialPurpose(mapped("93.184.216.34"))).isFalse();
        assertThat(SpecialPurposeAddresses.blockOf(mapped("169.254.169.254")).name()).contains("link local");
    }

    @Test
    void everyIpv6AddressOutsideGlobalUnicastIsRefused() {
        for (String literal : List.of("::2", "::ffff:1:0:0", "1::1", "1fff:ffff::1", "4000::1", "8000::1", "e000::1")) {
            assertThat(SpecialPurposeAddresses.blockOf(address(literal))).as(literal)
                    .isEqualTo(SpecialPurposeAddresses.IPV6_NOT_GLOBAL_UNICAST);
        }
    }

    private static List<Edge> concat() {
        return java.util.stream.Stream.concat(IPV4_EDGES.stream(), IPV6_EDGES.stream()).toList();
    }

    /** Parses a block; the mapped block by hand, since the JDK reads ::ffff:0:0 as the IPv4 address 0.0.0.0. */
    private static AddressRange range(String cidr) {
        if (cidr.equals("::ffff:0:0/96")) {
            return SpecialPurposeAddresses.IPV4_MAPPED.range();
        }
        return AddressRange.parse(cidr);
    }

    private static String cidr(AddressRange range) {
        return Arrays.toString(range.prefix()) + "/" + range.bits();
    }

    private static InetAddress first(AddressRange range) {
        return fromBytes(range.prefix().clone());
    }

    private static InetAddress last(AddressRange range) {
        byte[] bytes = range.prefix().clone();
        for (int bit = range.bits(); bit < bytes.length * Byte.SIZE; bit++) {
            bytes[bit / Byte.SIZE] |= (byte) (0x80 >>> (bit % Byte.SIZE));
        }
        return fromBytes(bytes);
    }

    private static InetAddress neighbour(InetAddress address, int step) {
        byte[] bytes = address.getAddress();
        byte[] sum = new BigInteger(1, bytes).add(BigInteger.valueOf(step)).toByteArray();
        byte[] result = new byte[bytes.length];
        int copy = Math.min(sum.length, result.length);
        System.arraycopy(sum, sum.length - copy, result, result.length - copy, copy);
        return fromBytes(result);
    }

    /** Keeps 16 bytes an Inet6Address (InetAddress.getByAddress turns a mapped one into IPv4). */
    private static InetAddress fromBytes(byte[] bytes) {
        try {
            return bytes.length == 16 ? Inet6Address.getByAddress(null, bytes, -1) : InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    private static InetAddress mapped(String ipv4) {
        byte[] bytes = new byte[16];
        bytes[10] = (byte) 0xFF;
        bytes[11] = (byte) 0xFF;
        System.arraycopy(address(ipv4).getAddress(), 0, bytes, 12, 4);
        return fromBytes(bytes);
    }

    /** A literal as an address; a mapped literal stays IPv6 (the JDK would make it IPv4). */
    private static InetAddress address(String literal) {
        InetAddress parsed = AddressRange.literal(literal);
        if (parsed == null) {
            throw new AssertionError("not a literal: " + literal);
        }
        if (literal.contains(":") && parsed.getAddress().length == 4) {
            return mapped(parsed.getHostAddress());
        }
        return parsed;
    }
}
