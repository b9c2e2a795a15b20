package dev.settle.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TargetPolicyTest {
    private static final List<String> PRIVATE_ADDRESSES = List.of(
            "127.0.0.1", "127.1.2.3", "::1", // loopback
            "0.0.0.0", "::", "0.1.2.3", // any-local and "this network"
            "169.254.169.254", "169.254.0.1", "fe80::1", "febf::1", // link-local
            "10.0.0.1", "10.255.255.255", "172.16.0.1", "172.31.255.255", "192.168.0.1", "192.168.255.255",
            "fec0::1", // deprecated IPv6 site-local
            "fc00::1", "fd12:3456:789a::1", // unique local fc00::/7
            "100.64.0.1", "100.127.255.255", // carrier-grade NAT
            "224.0.0.1", "239.255.255.250", "ff02::1", "ff0e::1", // multicast
            "255.255.255.255", "240.0.0.1"); // broadcast and reserved

    private static final List<String> PUBLIC_ADDRESSES = List.of(
            "93.184.216.34", "8.8.8.8", "2606:4700::1", "2001:4860:4860::8888",
            "172.15.255.255", "172.32.0.1", "100.63.255.255", "100.128.0.1", "192.169.0.1", "169.253.1.1",
            "11.0.0.1", "223.255.255.254");

    private static final Map<String, List<InetAddress>> HOSTS = Map.of(
            "public.example", List.of(address("93.184.216.34"), address("2606:4700::1")),
            "mixed.example", List.of(address("93.184.216.34"), address("10.1.2.3")),
            "mapped-loopback.example", List.of(ipv6WithEmbedded(0xFFFF, "127.0.0.1")),
            "localhost", List.of(address("127.0.0.1"), address("::1")),
            "empty.example", List.of());

    /** Names from HOSTS; IP literals parsed (no lookup happens for a literal); anything else unknown. */
    private static final AddressResolver FAKE_RESOLVER = host -> {
        List<InetAddress> known = HOSTS.get(host);
        if (known != null) {
            return known.toArray(new InetAddress[0]);
        }
        if (host.contains(":") || host.matches("[0-9.]+")) {
            return InetAddress.getAllByName(host);
        }
        throw new UnknownHostException("fake resolver does not know the host");
    };

    private final TargetPolicy strict = new TargetPolicy(false, FAKE_RESOLVER);
    private final TargetPolicy permissive = new TargetPolicy(true, FAKE_RESOLVER);

    @Test
    void everyPrivateRangeIsPrivate() {
        for (String literal : PRIVATE_ADDRESSES) {
            assertThat(SpecialPurposeAddresses.isSpecialPurpose(address(literal))).as(literal).isTrue();
        }
    }

    @Test
    void publicAddressesAreNotPrivate() {
        for (String literal : PUBLIC_ADDRESSES) {
            assertThat(SpecialPurposeAddresses.isSpecialPurpose(address(literal))).as(literal).isFalse();
        }
    }

    @Test
    void ipv6FormsEmbeddingAPrivateIpv4AddressArePrivate() {
        for (String ipv4 : List.of("127.0.0.1", "10.0.0.1", "169.254.169.254", "192.168.1.1", "100.64.0.1", "0.0.0.0")) {
            assertThat(SpecialPurposeAddresses.isSpecialPurpose(ipv6WithEmbedded(0xFFFF, ipv4))).as("::ffff:" + ipv4).isTrue();
            assertThat(SpecialPurposeAddresses.isSpecialPurpose(ipv6WithEmbedded(0, ipv4))).as("::" + ipv4).isTrue();
            assertThat(SpecialPurposeAddresses.isSpecialPurpose(nat64(ipv4))).as("64:ff9b::" + ipv4).isTrue();
        }
        assertThat(SpecialPurposeAddresses.isSpecialPurpose(ipv6WithEmbedded(0xFFFF, "93.184.216.34"))).isFalse();
    }

    @Test
    void translatedAndCompatibleFormsAreRefusedWhateverTheyEmbed() {
        // A NAT64 gateway or the deprecated compatible form reaches an IPv4 address we cannot vouch for.
        assertThat(SpecialPurposeAddresses.isSpecialPurpose(nat64("93.184.216.34"))).isTrue();
        assertThat(SpecialPurposeAddresses.isSpecialPurpose(ipv6WithEmbedded(0, "93.184.216.34"))).isTrue();
    }

    @Test
    void aRefusalNeverSaysWhatTheNameResolvesTo() {
        for (String host : List.of("mixed.example", "localhost", "mapped-loopback.example")) {
            TargetRefusedException refused = refusal(() -> strict.checkAddresses(URI.create("https://" + host + "/x")));

            assertThat(refused.getMessage()).as(host).contains("resolves to a special-purpose address")
                    .doesNotContain("10.1.2.3").doesNotContain("127.0.0.1").doesNotContain("::1")
                    .doesNotContain("private use").doesNotContain("loopback)");
        }
    }

    @Test
    void theCheckedAddressesAreEveryAddressTheNameResolvedTo() {
        assertThat(strict.checkAddresses(URI.create("https://public.example/x")))
                .containsExactly(address("93.184.216.34"), address("2606:4700::1"));
        assertThat(permissive.checkAddresses(URI.create("https://mixed.example/x")))
                .containsExactly(address("93.184.216.34"), address("10.1.2.3"));
        assertThat(strict.checkHost("[2606:4700::1]")).containsExactly(address("2606:4700::1"));
    }

    @Test
    void everyPrivateAddressIsRefusedAsATarget() {
        for (String literal : PRIVATE_ADDRESSES) {
            URI uri = strict.checkUrl("https://" + bracketed(literal) + "/hooks");

            TargetRefusedException refused =
                    catchThrowableOfType(TargetRefusedException.class, () -> strict.checkAddresses(uri));

            assertThat(refused).as(literal).isNotNull();
            assertThat(refused.code()).isEqualTo(TargetRefusedException.TARGET_NOT_ALLOWED);
            assertThat(refused.getMessage()).contains("set SETTLE_WEBHOOKS_ALLOW_PRIVATE_TARGETS=true");
        }
    }

    @Test
    void publicTargetsAreAccepted() {
        for (String literal : PUBLIC_ADDRESSES) {
            URI uri = strict.checkUrl("https://" + bracketed(literal) + "/hooks");
            assertThatCode(() -> strict.checkAddresses(uri)).as(literal).doesNotThrowAnyException();
        }
        assertThatCode(() -> strict.checkAddresses(URI.create("https://public.example/x"))).doesNotThrowAnyException();
    }

    @Test
    void aHostIsRefusedWhenAnyOfItsAddressesIsPrivate() {
        assertThat(refusal(() -> strict.checkAddresses(URI.create("https://mixed.example/x"))).code())
                .isEqualTo(TargetRefusedException.TARGET_NOT_ALLOWED);
        assertThat(refusal(() -> strict.checkAddresses(URI.create("http://localhost:8080/x"))).code())
                .isEqualTo(TargetRefusedException.TARGET_NOT_ALLOWED);
    }

    @Test
    void ipv4MappedLoopbackIsRefused() {
        assertThat(refusal(() -> strict.checkAddresses(URI.create("https://mapped-loopback.example/x"))).code())
                .isEqualTo(TargetRefusedException.TARGET_NOT_ALLOWED);
        assertThat(refusal(() -> strict.checkAddresses(strict.checkUrl("https://[::ffff:127.0.0.1]/x"))).code())
                .isEqualTo(TargetRefusedException.TARGET_NOT_ALLOWED);
    }

    @Test
    void allowingPrivateTargetsAcceptsLoopback() {
        assertThatCode(() -> permissive.checkAddresses(permissive.checkUrl("http://127.0.0.1:9000/x")))
                .doesNotThrowAnyException();
        assertThatCode(() -> permissive.checkAddresses(URI.create("http://localhost/x"))).doesNotThrowAnyException();
        assertThatCode(() -> permissive.checkAddresses(URI.create("http://[::1]/x"))).doesNotThrowAnyException();
        assertThat(permissive.allowPrivateTargets()).isTrue();
    }

    @Test
    void anUnknownHostIsUnresolvable() {
        for (TargetPolicy policy : List.of(strict, permissive)) {
            assertThat(refusal(() -> policy.checkAddresses(URI.create("https://nowhere.invalid/x"))).code())
                    .isEqualTo(TargetRefusedException.TARGET_UNRESOLVABLE);
            assertThat(refusal(() -> policy.checkAddresses(URI.create("https://empty.example/x"))).code())
                    .isEqualTo(TargetRefusedException.TARGET_UNRESOLVABLE);
        }
    }

    @Test
    void httpAndHttpsUrlsAreAccepted() {
        assertThat(strict.checkUrl("https://example.com/hooks?tenant=1")).isEqualTo(URI.create("https://example.com/hooks?tenant=1"));
        assertThat(strict.checkUrl("http://example.com:8080/x").getPort()).isEqualTo(8080);
        assertThat(strict.checkUrl("HTTPS://Example.com/").getHost()).isEqualTo("Example.com");
    }

    @Test
    void otherSchemesAreRefused() {
        for (String url : List.of("ftp://example.com/x", "file:///etc/passwd", "javascript:alert(1)", "gopher://example.com/")) {
            assertThat(refusal(() -> strict.checkUrl(url)).code()).as(url).isEqualTo(TargetRefusedException.URL_SCHEME_NOT_ALLOWED);
        }
    }

    @Test
    void userInfoIsRefusedWithoutRepeatingTheCredentials() {
        for (String url : List.of("https://alice:s3cr3t@example.com/x", "https://s3cr3t@example.com/x", "https://s3cr3t@exa_mple.com/x")) {
            TargetRefusedException refused = refusal(() -> strict.checkUrl(url));

            assertThat(refused.code()).as(url).isEqualTo(TargetRefusedException.URL_INVALID);
            assertThat(refused.getMessage()).doesNotContain("s3cr3t").contains("user-info");
        }
    }

    @Test
    void malformedUrlsAreInvalid() {
        String longest = "https://example.com/" + "a".repeat(TargetPolicy.URL_CHARS_MAX - "https://example.com/".length());
        assertThat(strict.checkUrl(longest).toString()).hasSize(TargetPolicy.URL_CHARS_MAX);

        for (String url : new String[] {
            null, "", "not a url", "/relative/path", "example.com/x", "https:///path", "http:example.com",
            "https://example.com/#fragment", "https://example.com:0/", "https://example.com:70000/", "https://exa mple.com/",
            longest + "a",
        }) {
            assertThat(refusal(() -> strict.checkUrl(url)).code()).as(String.valueOf(url)).isEqualTo(TargetRefusedException.URL_INVALID);
        }
    }

    private static TargetRefusedException refusal(Runnable check) {
        TargetRefusedException refused = catchThrowableOfType(TargetRefusedException.class, check::run);
        assertThat(refused).as("expected a refusal").isNotNull();
        assertThat(refused.getMessage()).isNotBlank();
        return refused;
    }

    private static String bracketed(String literal) {
        return literal.contains(":") ? "[" + literal + "]" : literal;
    }

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new AssertionError(literal, e);
        }
    }

    /**
     * An Inet6Address whose last 32 bits are the IPv4 address and bits 80..95 are {@code marker}
     * (0xFFFF for mapped, 0 for compatible). Built by hand because InetAddress.getByName turns a
     * mapped literal into an Inet4Address, while a resolver may hand back the IPv6 form.
     */
    private static InetAddress ipv6WithEmbedded(int marker, String ipv4) {
        byte[] bytes = new byte[16];
        bytes[10] = (byte) (marker >> 8);
        bytes[11] = (byte) marker;
        System.arraycopy(address(ipv4).getAddress(), 0, bytes, 12, 4);
        return inet6(bytes);
    }

    private static InetAddress nat64(String ipv4) {
        byte[] bytes = new byte[16];
        bytes[1] = 0x64;
        bytes[2] = (byte) 0xFF;
        bytes[3] = (byte) 0x9B;
        System.arraycopy(address(ipv4).getAddress(), 0, bytes, 12, 4);
        return inet6(bytes);
    }

    private static InetAddress inet6(byte[] bytes) {
        try {
            return Inet6Address.getByAddress(null, bytes, -1);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }
}
