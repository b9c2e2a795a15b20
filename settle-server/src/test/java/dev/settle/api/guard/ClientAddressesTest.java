package dev.settle.api.guard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.settle.common.AddressRange;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Who the client is: the peer, or behind a trusted proxy the address it forwarded for. */
class ClientAddressesTest {
    private final ClientAddresses behindProxy = new ClientAddresses(List.of(AddressRange.parse("10.0.0.0/8"),
            AddressRange.parse("fd00::/8")));

    @Test
    void anUntrustedPeersForwardedHeaderIsIgnored() {
        ClientAddresses.Client client = behindProxy.of(ip("203.0.113.9"), "198.51.100.1");
        assertThat(client.forwardedFor()).isNull();
        assertThat(client.effective()).isEqualTo(ip("203.0.113.9"));
        assertThat(ClientAddresses.none().of(ip("10.0.0.1"), "198.51.100.1").forwardedFor()).isNull();
    }

    @Test
    void behindATrustedProxyTheRightmostUntrustedAddressIsTheClient() {
        // The client may put anything first; only what our proxies appended counts.
        ClientAddresses.Client client = behindProxy.of(ip("10.0.0.2"), "1.2.3.4, 198.51.100.7, 10.1.1.1");
        assertThat(client.forwardedFor()).isEqualTo(ip("198.51.100.7"));
        assertThat(client.effective()).isEqualTo(ip("198.51.100.7"));
        assertThat(behindProxy.of(ip("fd00::1"), "2001:db8::5").forwardedFor()).isEqualTo(ip("2001:db8::5"));
    }

    @Test
    void aNameInTheHeaderEndsTheWalkWithoutALookup() {
        assertThat(behindProxy.of(ip("10.0.0.2"), "evil.example, 198.51.100.7").forwardedFor())
                .isEqualTo(ip("198.51.100.7"));
        assertThat(behindProxy.of(ip("10.0.0.2"), "localhost").forwardedFor()).isNull();
        assertThat(AddressRange.literal("999.1.1.1")).isNull();
        assertThat(AddressRange.literal("1.2.3")).isNull();
        assertThat(AddressRange.literal("cafe")).isNull();
        assertThat(AddressRange.literal("01.2.3.4")).isEqualTo(ip("1.2.3.4"));
    }

    @Test
    void rangesParseAndMatchByPrefix() {
        AddressRange range = AddressRange.parse("192.168.4.0/22");
        assertThat(range.contains(ip("192.168.7.255"))).isTrue();
        assertThat(range.contains(ip("192.168.8.0"))).isFalse();
        assertThat(range.contains(ip("::1"))).isFalse();
        assertThat(AddressRange.parse("127.0.0.1").contains(ip("127.0.0.1"))).isTrue();
        assertThatThrownBy(() -> AddressRange.parse("10.0.0.0/33")).hasMessageContaining("0..32");
        assertThatThrownBy(() -> AddressRange.parse("proxy.internal")).hasMessageContaining("not an IP address");
    }

    private static InetAddress ip(String literal) {
        InetAddress address = AddressRange.literal(literal);
        assertThat(address).as(literal).isNotNull();
        return address;
    }
}
