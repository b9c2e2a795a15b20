package dev.settle.traffic;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RateLimiterTest {
    private static final long TENANT = 7;
    private static final long OTHER_TENANT = 8;
    private static final TenantLimits LIMITS = new TenantLimits(50, 100, 10);

    private final ManualNanoClock clock = new ManualNanoClock();
    private final RateLimiter limiter = new RateLimiter(clock);

    @Test
    void burstOfExactlyTheRateIsAllowedThenRefused() {
        for (int i = 0; i < 100; i++) {
            RateDecision decision = limiter.tryAcquire(TENANT, LIMITS, RequestKind.WRITE);
            assertThat(decision.allowed()).as("request %d", i).isTrue();
            assertThat(decision.remaining()).isEqualTo(99 - i);
            assertThat(decision.retryAfterSeconds()).isZero();
        }

        RateDecision refused = limiter.tryAcquire(TENANT, LIMITS, RequestKind.WRITE);

        assertThat(refused.allowed()).isFalse();
        assertThat(refused.kind()).isEqualTo(RequestKind.WRITE);
        assertThat(refused.quotaPerSecond()).isEqualTo(100);
        assertThat(refused.remaining()).isZero();
        // One token comes back every 1/100 s.
        assertThat(refused.retryAfterNanos()).isBetween(9_000_000L, 10_000_000L);
        assertThat(refused.retryAfterSeconds()).isEqualTo(1);
    }

    @Test
    void tokensComeBackAsTheClockMoves() {
        drain(TENANT, RequestKind.WRITE, 100);

        clock.advanceMillis(10);
        assertThat(limiter.tryAcquire(TENANT, LIMITS, RequestKind.WRITE).allowed()).isTrue();
        assertThat(limiter.tryAcquire(TENANT, LIMITS, RequestKind.WRITE).allowed()).isFalse();

        clock.advanceMillis(1_000);
        for (int i = 0; i < 100; i++) {
            assertThat(limiter.tryAcquire(TENANT, LIMITS, RequestKind.WRITE).allowed()).as("request %d", i).isTrue();
        }
        assertThat(limiter.tryAcquire(TENANT, LIMITS, RequestKind.WRITE).allowed())
                .as("a bucket holds at most one second of tokens, however long it rested")
                .isFalse();
    }

    @Test
    void readsAndWritesHaveSeparateBuckets() {
        drain(TENANT, RequestKind.WRITE, 100);

        RateDecision read = limiter.tryAcquire(TENANT, LIMITS, RequestKind.READ);

        assertThat(read.allowed()).isTrue();
        assertThat(read.quotaPerSecond()).isEqualTo(50);
        assertThat(read.remaining()).isEqualTo(49);
    }

    @Test
    void tenantsHaveSeparateBuckets() {
        drain(TENANT, RequestKind.WRITE, 100);

        assertThat(limiter.tryAcquire(OTHER_TENANT, LIMITS, RequestKind.WRITE).allowed()).isTrue();
    }

    @Test
    void aChangedRateRebuildsTheBucket() {
        drain(TENANT, RequestKind.WRITE, 100);
        TenantLimits raised = new TenantLimits(50, 300, 10);

        RateDecision decision = limiter.tryAcquire(TENANT, raised, RequestKind.WRITE);

        assertThat(decision.allowed()).isTrue();
        assertThat(decision.quotaPerSecond()).isEqualTo(300);
        assertThat(decision.remaining()).isEqualTo(299);
        assertThat(limiter.tryAcquire(TENANT, LIMITS, RequestKind.WRITE).remaining())
                .as("back to the old rate: rebuilt again")
                .isEqualTo(99);
    }

    @Test
    void anUnchangedRateKeepsTheBucket() {
        drain(TENANT, RequestKind.WRITE, 100);

        assertThat(limiter.tryAcquire(TENANT, new TenantLimits(1, 100, 1), RequestKind.WRITE).allowed())
                .as("only the write rate matters to the write bucket")
                .isFalse();
    }

    @Test
    void forgettingATenantGivesItFullBuckets() {
        drain(TENANT, RequestKind.WRITE, 100);
        drain(TENANT, RequestKind.READ, 50);

        limiter.forget(TENANT);

        assertThat(limiter.tryAcquire(TENANT, LIMITS, RequestKind.WRITE).remaining()).isEqualTo(99);
        assertThat(limiter.tryAcquire(TENANT, LIMITS, RequestKind.READ).remaining()).isEqualTo(49);
    }

    @Test
    void refusedHeadersTellTheClientWhenToRetry() {
        drain(TENANT, RequestKind.WRITE, 100);

        RateDecision refused = limiter.tryAcquire(TENANT, LIMITS, RequestKind.WRITE);

        assertThat(refused.policyHeader()).isEqualTo("\"writes\";q=100;w=1");
        assertThat(refused.rateLimitHeader()).isEqualTo("\"writes\";r=0;t=1");
    }

    @Test
    void allowedHeadersTellTheClientWhenTheQuotaIsWhole() {
        RateDecision first = limiter.tryAcquire(TENANT, LIMITS, RequestKind.READ);

        assertThat(first.policyHeader()).isEqualTo("\"reads\";q=50;w=1");
        assertThat(first.rateLimitHeader()).isEqualTo("\"reads\";r=49;t=1");

        clock.advanceMillis(1_000);
        RateDecision rested = limiter.tryAcquire(TENANT, LIMITS, RequestKind.READ);
        assertThat(rested.rateLimitHeader()).isEqualTo("\"reads\";r=49;t=1");
    }

    @Test
    void retryAfterSecondsRoundsUpAndIsAtLeastOneWhenRefused() {
        assertThat(new RateDecision(false, RequestKind.READ, 1, 0, 0).retryAfterSeconds()).isEqualTo(1);
        assertThat(new RateDecision(false, RequestKind.READ, 1, 0, 1).retryAfterSeconds()).isEqualTo(1);
        assertThat(new RateDecision(false, RequestKind.READ, 1, 0, 1_000_000_000).retryAfterSeconds()).isEqualTo(1);
        assertThat(new RateDecision(false, RequestKind.READ, 1, 0, 1_000_000_001).retryAfterSeconds()).isEqualTo(2);
        assertThat(new RateDecision(true, RequestKind.READ, 1, 0, 5_000_000_000L).retryAfterSeconds()).isZero();
        assertThat(new RateDecision(true, RequestKind.READ, 1, 1, 0).rateLimitHeader())
                .isEqualTo("\"reads\";r=1;t=0");
    }

    private void drain(long tenantKey, RequestKind kind, int tokens) {
        for (int i = 0; i < tokens; i++) {
            assertThat(limiter.tryAcquire(tenantKey, LIMITS, kind).allowed()).as("draining token %d", i).isTrue();
        }
    }
}
