package dev.settle.processorsim;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FeesTest {

    @ParameterizedTest
    @CsvSource({"0,0", "1,30", "50,31", "150,34", "1000,59", "1500,74", "10000,320", "999999999999,29000000030"})
    void twoPointNinePercentHalfUpPlusThirty(long captured, long fee) {
        assertThat(Fees.onCaptured(captured)).isEqualTo(fee);
    }
}
