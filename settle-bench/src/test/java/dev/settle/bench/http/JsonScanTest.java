package dev.settle.bench.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class JsonScanTest {
    private static final byte[] RESULT = JsonScan.quoted("result");
    private static final byte[] OK = JsonScan.quoted("ok");

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void countsValuesOfAKeyWhateverTheSpacing() {
        byte[] json = bytes("{\"object\":\"batch_result\",\"results\":[{\"index\":0,\"result\":\"ok\"},"
                + "{\"index\":1,\"result\" : \"exceeds_credits\"},{\"index\":2, \"result\":\n\"ok\"}]}");

        assertThat(JsonScan.countValues(json, json.length, RESULT, OK)).isEqualTo(2);
        assertThat(JsonScan.firstOtherValue(json, json.length, RESULT, OK)).isPositive();
        assertThat(new String(json, JsonScan.firstOtherValue(json, json.length, RESULT, OK), 17, StandardCharsets.UTF_8))
                .isEqualTo("\"exceeds_credits\"");
    }

    @Test
    void aKeyThatIsAValueOrAPrefixDoesNotCount() {
        byte[] json = bytes("{\"results\":[],\"note\":\"result\",\"resultx\":\"ok\",\"result\":\"okay\"}");

        assertThat(JsonScan.countValues(json, json.length, RESULT, OK)).isZero();
    }

    @Test
    void onlyTheGivenLengthIsScanned() {
        byte[] json = bytes("{\"result\":\"ok\"}{\"result\":\"ok\"}");

        assertThat(JsonScan.countValues(json, json.length / 2, RESULT, OK)).isEqualTo(1);
        assertThat(JsonScan.countValues(json, json.length / 2 - 3, RESULT, OK)).isZero();
        assertThat(JsonScan.firstOtherValue(json, json.length, RESULT, OK)).isEqualTo(-1);
    }

    @Test
    void readsTheFirstStringOfAKey() {
        byte[] json = bytes("{\"object\":\"account\",\"id\" :\"0193a0b1-0000-7000-8000-000000000001\",\"metadata\":{\"id\":\"x\"}}");
        byte[] id = JsonScan.quoted("id");

        assertThat(JsonScan.firstString(json, json.length, id)).isEqualTo("0193a0b1-0000-7000-8000-000000000001");
        assertThat(JsonScan.firstString(json, json.length, JsonScan.quoted("missing"))).isNull();
        byte[] number = bytes("{\"id\":12}");
        assertThat(JsonScan.firstString(number, number.length, id)).isNull();
        byte[] cut = bytes("{\"id\":\"0193");
        assertThat(JsonScan.firstString(cut, cut.length, id)).isNull();
        byte[] keyAtEnd = bytes("{\"id\":");
        assertThat(JsonScan.firstString(keyAtEnd, keyAtEnd.length, id)).isNull();
    }
}
