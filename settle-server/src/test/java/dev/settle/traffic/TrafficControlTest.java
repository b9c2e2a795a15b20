package dev.settle.traffic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class TrafficControlTest {
    private static final int FLEET_MAX = 16;
    private static final long TENANT = 42;
    /** One write a second and one request at a time: every limiter is easy to reach. */
    private static final TenantLimits TIGHT = new TenantLimits(5, 1, 1);

    private final ManualNanoClock clock = new ManualNanoClock();
    private final TrafficControl traffic = new TrafficControl(smallFleetPolicy(), clock);

    @Test
    void anAdmissionHoldsAFleetSlotAndATenantPermitUntilClosed() {
        TrafficControl.Admission admission = traffic.admit(TENANT, TIGHT, RequestKind.WRITE);

        assertThat(traffic.fleet().inFlight()).isEqualTo(1);
        assertThat(refusalOf(() -> traffic.admit(TENANT, TIGHT, RequestKind.READ)))
                .isEqualTo(new Refusal.ConcurrencyLimited(1));

        admission.close();
        admission.close();

        assertThat(traffic.fleet().inFlight()).isZero();
        try (TrafficControl.Admission next = traffic.admit(TENANT, TIGHT, RequestKind.READ)) {
            assertThat(traffic.fleet().inFlight()).as("the double close released once").isEqualTo(1);
        }
        assertThat(traffic.fleet().inFlight()).isZero();
    }

    @Test
    void aRateLimitedRequestLeavesNothingHeld() {
        traffic.admit(TENANT, TIGHT, RequestKind.WRITE).close();

        Refusal refusal = refusalOf(() -> traffic.admit(TENANT, TIGHT, RequestKind.WRITE));

        assertThat(refusal).isInstanceOfSatisfying(Refusal.RateLimited.class, limited -> {
            assertThat(limited.decision().kind()).isEqualTo(RequestKind.WRITE);
            assertThat(limited.decision().retryAfterSeconds()).isEqualTo(1);
            assertThat(limited.decision().rateLimitHeader()).isEqualTo("\"writes\";r=0;t=1");
        });
        assertThat(traffic.fleet().inFlight()).isZero();
        // Were the tenant's only permit still held, this read would be refused for concurrency.
        traffic.admit(TENANT, TIGHT, RequestKind.READ).close();
    }

    @Test
    void aConcurrencyLimitedRequestSpendsNoToken() {
        TrafficControl.Admission holding = traffic.admit(TENANT, new TenantLimits(5, 2, 1), RequestKind.WRITE);

        assertThat(refusalOf(() -> traffic.admit(TENANT, new TenantLimits(5, 2, 1), RequestKind.WRITE)))
                .isEqualTo(new Refusal.ConcurrencyLimited(1));
        assertThat(traffic.fleet().inFlight()).isEqualTo(1);
        holding.close();

        traffic.admit(TENANT, new TenantLimits(5, 2, 1), RequestKind.WRITE).close();
        assertThat(refusalOf(() -> traffic.admit(TENANT, new TenantLimits(5, 2, 1), RequestKind.WRITE)))
                .isInstanceOf(Refusal.RateLimited.class);
    }

    @Test
    void theFleetGuardComesFirstAndTakesNothingFromTheTenant() {
        List<TrafficControl.Admission> admins = fillFleet();

        assertThat(refusalOf(() -> traffic.admit(null, null, null))).isEqualTo(new Refusal.FleetFull(FLEET_MAX));
        assertThat(refusalOf(() -> traffic.admit(TENANT, TIGHT, RequestKind.WRITE)))
                .isEqualTo(new Refusal.FleetFull(FLEET_MAX));
        assertThat(traffic.fleet().inFlight()).isEqualTo(FLEET_MAX);

        admins.getFirst().close();
        // Neither the tenant's only permit nor its only write token was taken by the refused request.
        traffic.admit(TENANT, TIGHT, RequestKind.WRITE).close();
    }

    @Test
    void theConcurrencyCapComesBeforeTheRate() {
        TrafficControl.Admission holding = traffic.admit(TENANT, TIGHT, RequestKind.WRITE);

        assertThat(refusalOf(() -> traffic.admit(TENANT, TIGHT, RequestKind.WRITE)))
                .as("both the permit and the token are spent; concurrency is checked first")
                .isEqualTo(new Refusal.ConcurrencyLimited(1));
        holding.close();
    }

    @Test
    void tokensComeBackWithTheClock() {
        traffic.admit(TENANT, TIGHT, RequestKind.WRITE).close();
        assertThat(refusalOf(() -> traffic.admit(TENANT, TIGHT, RequestKind.WRITE)))
                .isInstanceOf(Refusal.RateLimited.class);

        clock.advanceMillis(1_000);

        traffic.admit(TENANT, TIGHT, RequestKind.WRITE).close();
    }

    @Test
    void adminRequestsPassOnlyTheFleetGuard() {
        for (int i = 0; i < 10; i++) {
            traffic.admit(null, null, null).close();
        }

        assertThat(traffic.stats().admitted()).isEqualTo(10);
        assertThat(traffic.fleet().inFlight()).isZero();
    }

    @Test
    void tenantKeyAndLimitsComeTogether() {
        assertThatThrownBy(() -> traffic.admit(TENANT, null, RequestKind.READ))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> traffic.admit(null, TIGHT, RequestKind.READ))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(traffic.fleet().inFlight()).isZero();
    }

    @Test
    void loadShedsEveryClassButCritical() {
        LoadSnapshot podLoad = new LoadSnapshot(95, 10, 10);

        for (Priority priority : List.of(Priority.BULK, Priority.READ, Priority.NORMAL)) {
            assertThat(refusalOf(() -> traffic.checkShed(priority, podLoad)))
                    .isEqualTo(new Refusal.Shed(priority,
                            "pod queue 95% >= " + traffic.policy().thresholds(priority).queuePercent() + "%"));
        }
        traffic.checkShed(Priority.CRITICAL, podLoad);

        assertThat(traffic.stats().shed(Priority.BULK)).isEqualTo(1);
        assertThat(traffic.stats().shed(Priority.NORMAL)).isEqualTo(1);
        assertThat(traffic.stats().shed(Priority.CRITICAL)).isZero();
    }

    @Test
    void sheddingUsesTheFleetsOwnInFlightPercent() {
        traffic.checkShed(Priority.BULK, new LoadSnapshot(0, 0, 99));

        // The caller holds the 11th slot; only the other 10 count.
        List<TrafficControl.Admission> admissions = new ArrayList<>();
        for (int i = 0; i < 11; i++) {
            admissions.add(traffic.admit(null, null, null));
        }

        assertThat(refusalOf(() -> traffic.checkShed(Priority.BULK, LoadSnapshot.IDLE)))
                .isEqualTo(new Refusal.Shed(Priority.BULK, "in-flight 62% >= 60%"));
        traffic.checkShed(Priority.READ, LoadSnapshot.IDLE);
        admissions.forEach(TrafficControl.Admission::close);
    }

    @Test
    void statsCountEveryOutcome() {
        traffic.admit(TENANT, TIGHT, RequestKind.WRITE).close();
        refusalOf(() -> traffic.admit(TENANT, TIGHT, RequestKind.WRITE));
        TrafficControl.Admission holding = traffic.admit(TENANT, TIGHT, RequestKind.READ);
        refusalOf(() -> traffic.admit(TENANT, TIGHT, RequestKind.READ));
        holding.close();
        List<TrafficControl.Admission> admins = fillFleet();
        refusalOf(() -> traffic.admit(null, null, null));
        admins.forEach(TrafficControl.Admission::close);

        TrafficStats stats = traffic.stats();
        assertThat(stats.admitted()).isEqualTo(2 + FLEET_MAX);
        assertThat(stats.rateLimited(RequestKind.WRITE)).isEqualTo(1);
        assertThat(stats.rateLimited(RequestKind.READ)).isZero();
        assertThat(stats.concurrencyLimited()).isEqualTo(1);
        assertThat(stats.fleetFull()).isEqualTo(1);
        assertThat(traffic.fleet().inFlight()).isZero();
    }

    @Test
    void refusalsCarryNoStackTrace() {
        TrafficRefusedException e = new TrafficRefusedException(new Refusal.FleetFull(FLEET_MAX));

        assertThat(e.getStackTrace()).isEmpty();
        assertThat(e.getMessage()).isEqualTo("server full: 16 requests in flight");
    }

    private List<TrafficControl.Admission> fillFleet() {
        List<TrafficControl.Admission> admissions = new ArrayList<>();
        for (int i = traffic.fleet().inFlight(); i < FLEET_MAX; i++) {
            admissions.add(traffic.admit(null, null, null));
        }
        return admissions;
    }

    private static Refusal refusalOf(Executable request) {
        TrafficRefusedException e = catchThrowableOfType(TrafficRefusedException.class, request::execute);
        assertThat(e).as("refused").isNotNull();
        return e.refusal();
    }

    private static DegradationPolicy smallFleetPolicy() {
        try {
            return DegradationPolicy.parse(
                    DegradationPolicyTest.with("in_flight_max: 4096", "in_flight_max: " + FLEET_MAX), "test.yaml");
        } catch (PolicyException e) {
            throw new AssertionError(e);
        }
    }
}
