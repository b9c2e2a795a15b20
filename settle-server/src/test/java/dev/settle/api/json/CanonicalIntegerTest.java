package dev.settle.api.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.settle.api.error.ApiException;
import dev.settle.ledger.UInt128;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** An unsigned integer has one spelling: no sign, no leading zero, whichever way it is read. */
class CanonicalIntegerTest {
    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static void assertRefused(Runnable action, String code, String param) {
        assertThatThrownBy(action::run).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.code()).isEqualTo(code);
            assertThat(e.param()).isEqualTo(param);
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "5", "10", "340282366920938463463374607431768211455"})
    void canonicalTextIsCanonical(String text) {
        assertThat(UnsignedDecimal.isCanonical(text)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "00", "05", "00005", "+5", "-0", "-5", " 5", "5 ", "5.0", "1e3", "٥"})
    void otherSpellingsAreNot(String text) {
        assertThat(UnsignedDecimal.isCanonical(text)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"00005", "+5", "-0", "00", "-5"})
    void anAmountStringWithASignOrLeadingZerosIsRefusedNamingItsParameter(String text) {
        assertRefused(() -> Amounts.parse(text, "amount"), "parameter_invalid", "amount");
    }

    @Test
    void canonicalAmountStringsAreTaken() {
        assertThat(Amounts.parse("0", "amount")).isEqualTo(UInt128.ZERO);
        assertThat(Amounts.parse("5", "amount")).isEqualTo(UInt128.of(5));
    }

    @Test
    void minusZeroIsRefusedWhereItStands() {
        assertRefused(() -> JsonReader.parseObject(utf8("{\"amount\":-0}")), "parameter_invalid", "amount");
        assertRefused(() -> JsonReader.parseObject(utf8("{\"limits\":{\"reads_per_second\":-0}}")),
                "parameter_invalid", "limits.reads_per_second");
        assertRefused(() -> JsonReader.parseObject(utf8("{\"a\":[1,{\"b\":[-0]}]}")), "parameter_invalid", "a[1].b[0]");
        assertRefused(() -> JsonReader.parse(utf8("-0")), "invalid_json", null);
        assertThat(JsonReader.parseObject(utf8("{\"amount\":0,\"b\":-5,\"c\":-0.0}"))).containsKeys("amount", "b", "c");
    }

    @Test
    void minusZeroInAStreamedItemNamesTheItemsParameter() {
        List<Object> items = new ArrayList<>();
        assertRefused(() -> JsonReader.forEachItem(utf8("{\"transfers\":[{\"amount\":1},{\"amount\":-0}]}"), "transfers",
                10, "too many", (index, item) -> items.add(item)), "parameter_invalid", "transfers[1].amount");
        assertThat(items).containsExactly(Map.of("amount", java.math.BigInteger.ONE));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"amount\":00005}", "{\"amount\":+5}", "{\"amount\":-05}"})
    void numbersWithLeadingZerosOrAPlusSignAreNotJson(String body) {
        assertRefused(() -> JsonReader.parseObject(utf8(body)), "invalid_json", null);
    }
}
