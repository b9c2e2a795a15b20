package dev.settle.traffic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Body bytes in flight: per tenant first, then the process; everything given back on close. */
class BodyBudgetTest {
    private final BodyBudget budget = new BodyBudget(100, 60);

    @Test
    void aTenantIsRefusedPastItsShareAndTheProcessPastItsWhole() {
        BodyBudget.Reservation a = budget.reserve(1, 60);
        assertThatThrownBy(() -> budget.reserve(1, 1)).isInstanceOfSatisfying(TrafficRefusedException.class,
                e -> assertThat(e.refusal()).isEqualTo(new Refusal.BodyBytesTenant(60)));
        BodyBudget.Reservation b = budget.reserve(2, 40);
        assertThatThrownBy(() -> budget.reserve(3, 1)).isInstanceOfSatisfying(TrafficRefusedException.class,
                e -> assertThat(e.refusal()).isEqualTo(new Refusal.BodyBytesProcess(100)));
        assertThat(budget.processBytesInFlight()).as("a refusal holds nothing").isEqualTo(100);
        a.close();
        a.close();
        assertThat(budget.processBytesInFlight()).as("closing twice gives back once").isEqualTo(40);
        budget.reserve(3, 60).close();
        b.close();
        assertThat(budget.processBytesInFlight()).isZero();
    }

    @Test
    void anEmptyBodyHoldsNothing() {
        budget.reserve(1, 60);
        budget.reserve(1, 0).close();
        assertThat(budget.processBytesInFlight()).isEqualTo(60);
    }
}
