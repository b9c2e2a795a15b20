package dev.settle.processorsim;

import java.util.Arrays;
import java.util.Optional;

/**
 * The cards the simulator knows, each by its Stripe test payment method name and its test card
 * number, and what the processor does with it. Unknown cards are refused rather than approved, so
 * that a typo in a test shows up instead of silently taking the happy path.
 */
enum TestCard {
    VISA("pm_card_visa", "4242424242424242", Behaviour.APPROVE, null),
    MASTERCARD("pm_card_mastercard", "5555555555554444", Behaviour.APPROVE, null),
    DECLINED("pm_card_chargeDeclined", "4000000000000002", Behaviour.DECLINE, "generic_decline"),
    INSUFFICIENT_FUNDS(
            "pm_card_chargeDeclinedInsufficientFunds", "4000000000009995", Behaviour.DECLINE, "insufficient_funds"),
    AUTHENTICATION_REQUIRED(
            "pm_card_authenticationRequired", "4000000000003220", Behaviour.REQUIRE_AUTHENTICATION, null),
    ANSWER_LOST("pm_card_settleAnswerLost", "4000000000007726", Behaviour.LOSE_ANSWER, null),
    SLOW("pm_card_settleSlow", "4000000000007734", Behaviour.ANSWER_SLOWLY, null);

    /** What the processor does when the card is presented. */
    enum Behaviour {
        APPROVE,
        DECLINE,
        REQUIRE_AUTHENTICATION,
        /** Approve, record, and never deliver the answer, now or on a retry with the same key. */
        LOSE_ANSWER,
        /** Approve and answer after the configured slow delay. */
        ANSWER_SLOWLY
    }

    private final String paymentMethod;
    private final String number;
    private final Behaviour behaviour;
    private final String declineCode;

    TestCard(String paymentMethod, String number, Behaviour behaviour, String declineCode) {
        this.paymentMethod = paymentMethod;
        this.number = number;
        this.behaviour = behaviour;
        this.declineCode = declineCode;
    }

    /** The card named by a payment method name or a card number. */
    static Optional<TestCard> find(String card) {
        return Arrays.stream(values())
                .filter(known -> known.paymentMethod.equals(card) || known.number.equals(card))
                .findFirst();
    }

    String paymentMethod() {
        return paymentMethod;
    }

    String number() {
        return number;
    }

    Behaviour behaviour() {
        return behaviour;
    }

    /** The decline code of a declining card, else null. */
    String declineCode() {
        return declineCode;
    }
}
