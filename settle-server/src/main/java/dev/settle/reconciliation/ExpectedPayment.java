package dev.settle.reconciliation;

import dev.settle.common.PrefixedIds;
import dev.settle.ledger.UInt128;
import java.util.Locale;

/**
 * Money a tenant expects on an account (Modern Treasury's expected payments): an amount or a
 * range, a direction, a date window, a counterparty and a reference. A statement line that
 * matches it closes it.
 *
 * @param amountMin lowest amount in minor units (unsigned)
 * @param dayFrom first UTC epoch day of the window, inclusive
 * @param matchedBy the head line of its match, null while open
 */
public record ExpectedPayment(UInt128 id, UInt128 account, String currency, Direction direction, long amountMin,
        long amountMax, int dayFrom, int dayTo, String counterparty, String reference, String description,
        long createdMillis, LineRef matchedBy) {
    public static final PrefixedIds IDS = new PrefixedIds("ep_");

    public enum Direction {
        CREDIT, DEBIT;

        public String apiName() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The sign a statement line of this direction has. */
        public long sign() {
            return this == CREDIT ? 1 : -1;
        }
    }

    public boolean isOpen() {
        return matchedBy == null;
    }

    ExpectedPayment matched(LineRef head) {
        return new ExpectedPayment(id, account, currency, direction, amountMin, amountMax, dayFrom, dayTo, counterparty,
                reference, description, createdMillis, head);
    }

    ExpectedPayment reopened() {
        return matched(null);
    }

    byte[] encode() {
        Fields.Out out = new Fields.Out(128).id(id).id(account).s(currency).b(direction.ordinal()).l(amountMin)
                .l(amountMax).i(dayFrom).i(dayTo).s(counterparty).s(reference).s(description).l(createdMillis)
                .b(matchedBy == null ? 0 : 1);
        if (matchedBy != null) {
            out.id(matchedBy.statement()).i(matchedBy.index());
        }
        return out.bytes();
    }

    static ExpectedPayment decode(byte[] v) {
        Fields.In in = new Fields.In(v);
        ExpectedPayment e = new ExpectedPayment(in.id(), in.id(), in.s(), Direction.values()[in.b()], in.l(), in.l(),
                in.i(), in.i(), in.s(), in.s(), in.s(), in.l(), in.b() == 0 ? null : new LineRef(in.id(), in.i()));
        in.end();
        return e;
    }
}
