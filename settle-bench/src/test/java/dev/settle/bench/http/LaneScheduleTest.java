package dev.settle.bench.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LaneScheduleTest {
    private static final long START_NANOS = 1_000_000_007L;

    @Test
    void lanesInterleaveIntoExactlyTheGroupsSchedule() {
        double intervalNanos = 1e9 / 3;
        int lanes = 3;
        List<Long> merged = new ArrayList<>();
        for (int n = 0; n < 100; n++) {
            for (int lane = 0; lane < lanes; lane++) {
                merged.add(new LaneSchedule(START_NANOS, intervalNanos, lane, lanes).dueNanos(n));
            }
        }
        for (int m = 0; m < merged.size(); m++) {
            assertThat(merged.get(m)).isEqualTo(START_NANOS + (long) (m * intervalNanos));
        }
    }

    @Test
    void dueTimesDoNotDriftOverALongRun() {
        LaneSchedule schedule = new LaneSchedule(START_NANOS, 1e9 / 7, 0, 1);

        // An hour at 7 requests a second: request 25,200 is due exactly an hour after the start.
        assertThat(schedule.dueNanos(7L * 3_600)).isEqualTo(START_NANOS + 3_600_000_000_000L);
    }

    @Test
    void theFirstRequestDueAtOrAfterAnInstantIsExact() {
        LaneSchedule schedule = new LaneSchedule(START_NANOS, 1e9 / 3, 1, 2);
        for (long nanos = START_NANOS - 10; nanos < START_NANOS + 3_000_000_000L; nanos += 7_777_777) {
            long n = schedule.firstDueAtOrAfter(nanos);
            assertThat(schedule.dueNanos(n)).isGreaterThanOrEqualTo(nanos);
            if (n > 0) {
                assertThat(schedule.dueNanos(n - 1)).isLessThan(nanos);
            }
        }
        assertThat(schedule.firstDueAtOrAfter(schedule.dueNanos(5))).isEqualTo(5);
        assertThat(schedule.firstDueAtOrAfter(schedule.dueNanos(5) + 1)).isEqualTo(6);
    }

    @Test
    void aLaneOutsideItsGroupIsRefused() {
        assertThatThrownBy(() -> new LaneSchedule(START_NANOS, 1e6, 2, 2)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new LaneSchedule(START_NANOS, 0.5, 0, 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
