package dev.settle.payments.processor;

/**
 * What became of a call to the card processor. Only {@link Unknown} leaves the outcome open: the
 * processor may have done it, so the step stays written until a lookup by its idempotency key
 * settles it.
 */
public sealed interface ProcessorAnswer {
    /** A charge as the processor has it after the call (authorized, captured, declined, voided, requires_action). */
    record Charge(String id, String status, long amountCaptured, long fee, String declineCode) implements ProcessorAnswer {
        public static final String AUTHORIZED = "authorized";
        public static final String CAPTURED = "captured";
        public static final String DECLINED = "declined";
        public static final String REQUIRES_ACTION = "requires_action";
        public static final String VOIDED = "voided";
    }

    /** A refund the processor made. */
    record RefundMade(String id, long amount) implements ProcessorAnswer {}

    /** The processor refused the call (4xx): it did nothing. */
    record Refused(int httpStatus, String code, String message) implements ProcessorAnswer {}

    /** Nothing reached the processor, or it answered that it did nothing (503, breaker open). */
    record NotPerformed(String reason) implements ProcessorAnswer {}

    /** No answer (timeout, connection lost): the processor may or may not have done it. */
    record Unknown(String reason) implements ProcessorAnswer {}

    /** A lookup: the processor never made a call with this key, and now refuses it for good (fenced). */
    record NeverMade() implements ProcessorAnswer {}
}
