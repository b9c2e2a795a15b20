package dev.settle.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LatencyRecorderTest {
    private static final double NANOS_PER_MICRO = 1_000.0;

    @Test
    void emptyRecorderReportsZero() {
        LatencyRecorder recorder = new LatencyRecorder();

        assertThat(recorder.count()).isZero();
        assertThat(recorder.percentileMicros(99)).isZero();
        assertThat(recorder.maxMicros()).isZero();
    }

    @Test
    void smallValuesAreExact() {
        LatencyRecorder recorder = new LatencyRecorder();
        for (long nanos = 1; nanos <= 200; nanos++) {
            recorder.record(nanos);
        }

        assertThat(recorder.count()).isEqualTo(200);
        assertThat(recorder.percentileMicros(50)).isEqualTo(0.100);
        assertThat(recorder.percentileMicros(99)).isEqualTo(0.198);
        assertThat(recorder.percentileMicros(100)).isEqualTo(0.200);
        assertThat(recorder.percentileMicros(0)).isEqualTo(0.001);
    }

    @Test
    void uniformMillisecondsArePreciseWithinOneBucket() {
        LatencyRecorder recorder = new LatencyRecorder();
        // 1 µs .. 100,000 µs in steps of 1 µs: the p-th percentile is p * 1,000 µs.
        for (long micros = 1; micros <= 100_000; micros++) {
            recorder.record(micros * 1_000);
        }

        for (double percentile : new double[] {50, 90, 99, 99.9}) {
            double expectedMicros = percentile * 1_000;
            assertThat(recorder.percentileMicros(percentile))
                    .as("p%s", percentile)
                    .isBetween(expectedMicros, expectedMicros * (1 + LatencyRecorder.RELATIVE_ERROR_MAX));
        }
        assertThat(recorder.maxMicros()).isEqualTo(100_000.0);
        assertThat(recorder.percentileMicros(100)).isEqualTo(100_000.0);
    }

    @Test
    void percentilesOfARandomSampleMatchTheSortedSample() {
        SplittableRandom random = new SplittableRandom(42);
        long[] samples = new long[50_000];
        LatencyRecorder recorder = new LatencyRecorder();
        for (int i = 0; i < samples.length; i++) {
            // Log-uniform from 1 µs to about 1 s, like real latencies with a long tail.
            samples[i] = (long) Math.exp(random.nextDouble(Math.log(1_000), Math.log(1_000_000_000)));
            recorder.record(samples[i]);
        }
        Arrays.sort(samples);

        for (double percentile : new double[] {1, 50, 99, 99.9}) {
            long exactNanos = samples[(int) Math.round(percentile / 100 * samples.length) - 1];
            assertThat(recorder.percentileMicros(percentile))
                    .as("p%s", percentile)
                    .isBetween(exactNanos / NANOS_PER_MICRO,
                            exactNanos / NANOS_PER_MICRO * (1 + LatencyRecorder.RELATIVE_ERROR_MAX));
        }
        assertThat(recorder.maxMicros()).isEqualTo(samples[samples.length - 1] / NANOS_PER_MICRO);
    }

    @Test
    void mergeEqualsRecordingEverythingInOne() {
        SplittableRandom random = new SplittableRandom(7);
        LatencyRecorder all = new LatencyRecorder();
        LatencyRecorder first = new LatencyRecorder();
        LatencyRecorder second = new LatencyRecorder();
        for (int i = 0; i < 10_000; i++) {
            long nanos = random.nextLong(1, 50_000_000);
            all.record(nanos);
            (i % 3 == 0 ? first : second).record(nanos);
        }

        first.merge(second);

        assertThat(first.count()).isEqualTo(all.count());
        assertThat(first.maxMicros()).isEqualTo(all.maxMicros());
        for (double percentile : new double[] {0, 25, 50, 75, 99, 99.9, 100}) {
            assertThat(first.percentileMicros(percentile)).as("p%s", percentile).isEqualTo(all.percentileMicros(percentile));
        }
        assertThat(second.count()).isEqualTo(10_000 - 3_334);
    }

    @Test
    void everyValueFallsInABucketThatStartsAtMostOneBucketWidthBelowIt() {
        SplittableRandom random = new SplittableRandom(3);
        for (int i = 0; i < 1_000_000; i++) {
            long nanos = (random.nextLong() >>> 1) >>> random.nextInt(63);
            int bucket = LatencyRecorder.bucketOf(nanos);
            long highest = LatencyRecorder.bucketHighestNanos(bucket);
            long lowest = bucket == 0 ? 0 : LatencyRecorder.bucketHighestNanos(bucket - 1) + 1;

            assertThat(nanos).isBetween(lowest, highest);
            assertThat((double) (highest - lowest)).isLessThanOrEqualTo(lowest * LatencyRecorder.RELATIVE_ERROR_MAX);
        }
    }

    @Test
    void extremeValuesStayInRange() {
        LatencyRecorder recorder = new LatencyRecorder();
        recorder.record(0);
        recorder.record(Long.MAX_VALUE);

        assertThat(LatencyRecorder.bucketOf(Long.MAX_VALUE)).isEqualTo(LatencyRecorder.BUCKETS - 1);
        assertThat(recorder.percentileMicros(50)).isZero();
        assertThat(recorder.percentileMicros(100)).isCloseTo(Long.MAX_VALUE / NANOS_PER_MICRO, within(1.0));
    }

    @Test
    void resetForgetsEverything() {
        LatencyRecorder recorder = new LatencyRecorder();
        recorder.record(5_000);

        recorder.reset();

        assertThat(recorder.count()).isZero();
        assertThat(recorder.percentileMicros(50)).isZero();
        assertThat(recorder.maxMicros()).isZero();
    }

    @Test
    void negativeLatencyAndOutOfRangePercentileAreRejected() {
        LatencyRecorder recorder = new LatencyRecorder();

        assertThatThrownBy(() -> recorder.record(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-1");
        assertThatThrownBy(() -> recorder.percentileMicros(100.1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> recorder.percentileMicros(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> recorder.merge(recorder)).isInstanceOf(IllegalArgumentException.class);
    }
}
