package dev.settle.reconciliation;

import dev.settle.ledger.UInt128;
import dev.settle.reconciliation.matching.Reason;
import java.util.ArrayList;
import java.util.List;

/**
 * A statement line as kept: what the file said (with its raw form) and what reconciliation made
 * of it. A match is described once, on its head line (the first of its lines); the other lines of
 * a group point at the head.
 *
 * @param fileLine the line of the file where it starts
 * @param day UTC epoch day of its booking date
 * @param amount signed minor units, + money in
 * @param status what became of it
 * @param reason why it is unmatched (null otherwise)
 * @param head the head line of its match, or of the line it repeats (DUPLICATE), else null
 * @param match on a head line: what it matched, else null
 */
public record StoredLine(LineRef ref, int fileLine, int day, long amount, long fee, String reference,
        String description, String entryId, String raw, Status status, Reason reason, LineRef head, Match match) {

    public enum Status {
        /** In the exceptions queue. */
        UNMATCHED,
        MATCHED,
        /** The same line arrived in an earlier statement: not counted again. */
        SEEN_BEFORE
    }

    /**
     * What a head line matched.
     *
     * @param rule the index of the rule that matched it, or -1 for a person's decision
     * @param claims the transfers and expected payments it settles
     * @param others the other lines of the match
     * @param difference the lines' amount less the claims' (a netted fee)
     * @param decidedBy who decided (a person's match), else null
     * @param note why (a person's match), else null
     */
    public record Match(int rule, List<Claimed> claims, List<LineRef> others, long difference, String decidedBy,
            String note, long decidedAtMillis) {
        public Match {
            claims = List.copyOf(claims);
            others = List.copyOf(others);
        }
    }

    /** A transfer ({@code timestamp} > 0) or an expected payment ({@code timestamp} 0) that a match settles. */
    public record Claimed(UInt128 id, long timestamp, long amount) {
        public boolean isTransfer() {
            return timestamp != 0;
        }
    }

    StoredLine unmatched(Reason why) {
        return new StoredLine(ref, fileLine, day, amount, fee, reference, description, entryId, raw, Status.UNMATCHED,
                why, null, null);
    }

    StoredLine matched(LineRef headLine, Match m) {
        return new StoredLine(ref, fileLine, day, amount, fee, reference, description, entryId, raw, Status.MATCHED,
                null, headLine, m);
    }

    /** Fixed bytes of a line without a match: numbers, four text lengths, status, reason, head flag, match flag. */
    private static final int FIXED_BYTES = 4 + 4 + 8 + 8 + 4 * 4 + 1 + 1 + 1 + 1;

    byte[] encode() {
        byte[] ref = utf8(reference);
        byte[] desc = utf8(description);
        byte[] entry = utf8(entryId);
        byte[] rawBytes = utf8(raw);
        if (head == null && match == null) {
            // The common case, written for every imported line: sized exactly, no growing buffer.
            java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(FIXED_BYTES + ref.length + desc.length + entry.length
                    + rawBytes.length);
            b.putInt(fileLine).putInt(day).putLong(amount).putLong(fee);
            b.putInt(ref.length).put(ref).putInt(desc.length).put(desc).putInt(entry.length).put(entry)
                    .putInt(rawBytes.length).put(rawBytes);
            b.put((byte) status.ordinal()).put((byte) (reason == null ? 0xFF : reason.ordinal())).put((byte) 0)
                    .put((byte) 0);
            return b.array();
        }
        Fields.Out out = new Fields.Out(FIXED_BYTES + 64 + ref.length + desc.length + entry.length + rawBytes.length)
                .i(fileLine).i(day).l(amount).l(fee).s(reference).s(description).s(entryId).s(raw)
                .b(status.ordinal()).b(reason == null ? 0xFF : reason.ordinal());
        out.b(head == null ? 0 : 1);
        if (head != null) {
            out.id(head.statement()).i(head.index());
        }
        out.b(match == null ? 0 : 1);
        if (match != null) {
            out.i(match.rule()).i(match.claims().size());
            for (Claimed c : match.claims()) {
                out.id(c.id()).l(c.timestamp()).l(c.amount());
            }
            out.i(match.others().size());
            for (LineRef o : match.others()) {
                out.id(o.statement()).i(o.index());
            }
            out.l(match.difference()).s(match.decidedBy()).s(match.note()).l(match.decidedAtMillis());
        }
        return out.bytes();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    static StoredLine decode(LineRef ref, byte[] v) {
        Fields.In in = new Fields.In(v);
        int fileLine = in.i();
        int day = in.i();
        long amount = in.l();
        long fee = in.l();
        String reference = in.s();
        String description = in.s();
        String entryId = in.s();
        String raw = in.s();
        Status status = Status.values()[in.b()];
        int reasonCode = in.b();
        Reason reason = reasonCode == 0xFF ? null : Reason.values()[reasonCode];
        LineRef head = in.b() == 0 ? null : new LineRef(in.id(), in.i());
        Match match = null;
        if (in.b() == 1) {
            int rule = in.i();
            int claimCount = in.i();
            List<Claimed> claims = new ArrayList<>(claimCount);
            for (int k = 0; k < claimCount; k++) {
                claims.add(new Claimed(in.id(), in.l(), in.l()));
            }
            int otherCount = in.i();
            List<LineRef> others = new ArrayList<>(otherCount);
            for (int k = 0; k < otherCount; k++) {
                others.add(new LineRef(in.id(), in.i()));
            }
            match = new Match(rule, claims, others, in.l(), in.s(), in.s(), in.l());
        }
        in.end();
        return new StoredLine(ref, fileLine, day, amount, fee, reference, description, entryId, raw, status, reason,
                head, match);
    }
}
