package dev.settle.reconciliation;

import dev.settle.common.PrefixedIds;
import dev.settle.ledger.UInt128;

/**
 * An imported statement of one account: where its lines came from and how its import ended.
 *
 * @param status importing until its last line is written; a statement left importing by a crash
 *        holds no line anyone relies on (its claims are taken over by the next import once it is abandoned)
 * @param firstDay the earliest line's UTC epoch day (0 when it has no line)
 */
public record Statement(UInt128 id, UInt128 account, String currency, String format, byte[] sha256, Status status,
        int lines, int firstDay, int lastDay, long createdMillis, UInt128 run) {
    public static final PrefixedIds IDS = new PrefixedIds("stmt_");

    public enum Status { IMPORTING, COMPLETED }

    Statement completed() {
        return new Statement(id, account, currency, format, sha256, Status.COMPLETED, lines, firstDay, lastDay,
                createdMillis, run);
    }

    byte[] encode() {
        return new Fields.Out(128).id(id).id(account).s(currency).s(format).raw(sha256).b(status.ordinal()).i(lines)
                .i(firstDay).i(lastDay).l(createdMillis).id(run).bytes();
    }

    static Statement decode(byte[] v) {
        Fields.In in = new Fields.In(v);
        Statement s = new Statement(in.id(), in.id(), in.s(), in.s(), in.raw(), Status.values()[in.b()], in.i(),
                in.i(), in.i(), in.l(), in.id());
        in.end();
        return s;
    }
}
