package dev.settle.processorsim;

import java.time.Clock;

/**
 * The card processor's rules: what an authorization does with each test card, and when a charge
 * may be captured, voided or refunded. Each rule reads the current state and returns the
 * {@link Effect} to record, or refuses with an {@link ApiException}; it changes nothing itself,
 * so a refusal leaves no trace. Called under {@link Processor}'s lock.
 */
final class ChargeRules {
    static final String AUTHORIZATION = "authorization";
    static final String CAPTURE = "capture";
    static final String VOID = "void";
    static final String REFUND = "refund";

    private final ProcessorState state;
    private final Clock clock;
    private final Ids ids;

    ChargeRules(ProcessorState state, Clock clock, Ids ids) {
        this.state = state;
        this.clock = clock;
        this.ids = ids;
    }

    Effect authorize(AuthorizationRequest request) throws ApiException {
        TestCard card = TestCard.find(request.card())
                .orElseThrow(() -> ApiException.invalid("card_unknown",
                        "card '" + request.card() + "' is not a test card this processor knows"));
        long now = now();
        String id = ids.charge();
        return switch (card.behaviour()) {
            case DECLINE -> Effect.of(AUTHORIZATION, Charge.unapproved(id, ChargeStatus.DECLINED, request.amount(),
                    request.currency(), card.declineCode(), request.reference(), now));
            case REQUIRE_AUTHENTICATION -> request.authenticated()
                    ? approve(id, request, now, false, false)
                    : Effect.of(AUTHORIZATION, Charge.unapproved(id, ChargeStatus.REQUIRES_ACTION, request.amount(),
                            request.currency(), null, request.reference(), now));
            case LOSE_ANSWER -> approve(id, request, now, true, false);
            case ANSWER_SLOWLY -> approve(id, request, now, false, true);
            case APPROVE -> approve(id, request, now, false, false);
        };
    }

    Effect capture(String chargeId, AmountRequest request) throws ApiException {
        Charge charge = requireCharge(chargeId);
        requireStatus(charge, ChargeStatus.AUTHORIZED, "captured");
        long authorized = charge.amount() - charge.amountCaptured();
        long amount = request.amountOr(authorized);
        if (amount > authorized) {
            throw ApiException.invalid("amount_too_large",
                    "cannot capture " + amount + ": only " + authorized + " is authorized");
        }
        return Effect.of(CAPTURE, charge.captured(amount, now()));
    }

    Effect voidCharge(String chargeId) throws ApiException {
        Charge charge = requireCharge(chargeId);
        requireStatus(charge, ChargeStatus.AUTHORIZED, "voided");
        return Effect.of(VOID, charge.voided());
    }

    Effect refund(String chargeId, AmountRequest request) throws ApiException {
        Charge charge = requireCharge(chargeId);
        requireStatus(charge, ChargeStatus.CAPTURED, "refunded");
        long refundable = charge.refundable();
        long amount = request.amountOr(refundable);
        if (refundable == 0 || amount > refundable) {
            throw ApiException.invalid("amount_too_large",
                    "cannot refund " + amount + ": only " + refundable + " of the captured amount is left");
        }
        Refund refund = new Refund(ids.refund(), charge.id(), amount, charge.currency(), now());
        Charge refunded = charge.refunded(amount);
        return new Effect(REFUND, refund.toJson(), refunded, refund, false, false);
    }

    private Effect approve(String id, AuthorizationRequest request, long now, boolean lost, boolean slow) {
        Charge charge = Charge.authorized(id, request.amount(), request.currency(), request.reference(), now);
        if (request.capture()) {
            charge = charge.captured(request.amount(), now);
        }
        return new Effect(AUTHORIZATION, charge.toJson(), charge, null, lost, slow);
    }

    private Charge requireCharge(String chargeId) throws ApiException {
        return state.charge(chargeId).orElseThrow(() -> ApiException.missing("charge: " + chargeId));
    }

    private static void requireStatus(Charge charge, ChargeStatus required, String verb) throws ApiException {
        if (charge.status() != required) {
            throw ApiException.invalid("charge_unexpected_state",
                    "charge " + charge.id() + " is " + charge.status().wire() + "; only a " + required.wire()
                            + " charge can be " + verb);
        }
    }

    private long now() {
        return clock.instant().getEpochSecond();
    }
}
