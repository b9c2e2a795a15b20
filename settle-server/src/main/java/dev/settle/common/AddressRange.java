package dev.settle.common;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * A block of IP addresses in CIDR notation ({@code 10.0.0.0/8}, {@code fd00::/8}, or a single
 * address). Parsing never asks DNS: only literal addresses are accepted.
 */
public record AddressRange(byte[] prefix, int bits) {
    private static final int BITS_PER_BYTE = 8;
    /** The longest IPv6 literal with an embedded IPv4 address. */
    private static final int LITERAL_CHARS_MAX = 45;
    private static final int IPV4_BYTES = 4;

    /** Parses {@code address[/bits]}; throws IllegalArgumentException naming what is wrong. */
    public static AddressRange parse(String text) {
        String trimmed = text.trim();
        int slash = trimmed.indexOf('/');
        String address = slash < 0 ? trimmed : trimmed.substring(0, slash);
        InetAddress parsed = literal(address);
        if (parsed == null) {
            throw new IllegalArgumentException("not an IP address or CIDR block: " + trimmed);
        }
        byte[] bytes = parsed.getAddress();
        int width = bytes.length * BITS_PER_BYTE;
        int bits = width;
        if (slash >= 0) {
            try {
                bits = Integer.parseInt(trimmed.substring(slash + 1));
            } catch (NumberFormatException e) {
                bits = -1;
            }
            if (bits < 0 || bits > width) {
                throw new IllegalArgumentException("the prefix length of " + trimmed + " must be 0.." + width);
            }
        }
        return new AddressRange(bytes, bits);
    }

    /**
     * The address written as an IPv4 or IPv6 literal, or null for anything else (a name is never
     * looked up: only hex digits, dots and colons get as far as the parser).
     */
    public static InetAddress literal(String text) {
        if (text.isEmpty() || text.length() > LITERAL_CHARS_MAX) {
            return null;
        }
        try {
            if (text.indexOf(':') >= 0) {
                // With a colon the JDK parses an IPv6 literal or refuses; it never looks it up.
                for (int i = 0; i < text.length(); i++) {
                    char c = text.charAt(i);
                    if (!(c == '.' || c == ':' || Character.digit(c, 16) >= 0)) {
                        return null;
                    }
                }
                return InetAddress.getByName(text);
            }
            byte[] v4 = dottedQuad(text);
            return v4 == null ? null : InetAddress.getByAddress(v4);
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /** The four bytes of {@code a.b.c.d} (each 0..255, no sign, at most 3 digits), else null. */
    private static byte[] dottedQuad(String text) {
        byte[] bytes = new byte[IPV4_BYTES];
        int part = 0;
        int value = 0;
        int digits = 0;
        for (int i = 0; i <= text.length(); i++) {
            char c = i < text.length() ? text.charAt(i) : '.';
            if (c == '.') {
                if (digits == 0 || part == IPV4_BYTES) {
                    return null;
                }
                bytes[part++] = (byte) value;
                value = 0;
                digits = 0;
            } else if (c >= '0' && c <= '9' && digits < 3) {
                value = value * 10 + (c - '0');
                digits++;
                if (value > 255) {
                    return null;
                }
            } else {
                return null;
            }
        }
        return part == IPV4_BYTES ? bytes : null;
    }

    /** True when {@code address} lies in this block (an IPv4 address never lies in an IPv6 block). */
    public boolean contains(InetAddress address) {
        byte[] candidate = address.getAddress();
        if (candidate.length != prefix.length) {
            return false;
        }
        int whole = bits / BITS_PER_BYTE;
        for (int i = 0; i < whole; i++) {
            if (candidate[i] != prefix[i]) {
                return false;
            }
        }
        int rest = bits % BITS_PER_BYTE;
        if (rest == 0) {
            return true;
        }
        int mask = (0xFF << (BITS_PER_BYTE - rest)) & 0xFF;
        return (candidate[whole] & mask) == (prefix[whole] & mask);
    }

    @Override
    public String toString() {
        try {
            return InetAddress.getByAddress(prefix).getHostAddress() + "/" + bits;
        } catch (UnknownHostException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof AddressRange that && bits == that.bits && java.util.Arrays.equals(prefix, that.prefix);
    }

    @Override
    public int hashCode() {
        return 31 * java.util.Arrays.hashCode(prefix) + bits;
    }
}
