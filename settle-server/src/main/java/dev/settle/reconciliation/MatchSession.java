package dev.settle.reconciliation;

import dev.settle.ledger.UInt128;
import dev.settle.reconciliation.matching.Candidates;
import dev.settle.reconciliation.matching.MatchRule;
import dev.settle.reconciliation.matching.Matcher;
import dev.settle.reconciliation.matching.Reason;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One run's matching over an account's candidates: decides lines, and turns each match into
 * the writes that make it stick (the claims, guarded on being unclaimed as read).
 */
final class MatchSession {
    final int ledger;
    final UInt128 account;
    final CandidateLoader.Loaded loaded;
    final Matcher matcher;
    final Set<Long> flaggedMissing;

    MatchSession(int ledger, UInt128 account, List<MatchRule> rules, CandidateLoader.Loaded loaded,
            Set<Long> flaggedMissing) {
        this.ledger = ledger;
        this.account = account;
        this.loaded = loaded;
        this.matcher = new Matcher(rules, loaded.candidates());
        this.flaggedMissing = new HashSet<>(flaggedMissing);
    }

    Candidates candidates() {
        return loaded.candidates();
    }

    /** The claimed records of a match's candidates, in order. */
    List<StoredLine.Claimed> claimed(int[] chosen) {
        List<StoredLine.Claimed> claims = new ArrayList<>(chosen.length);
        Candidates c = candidates();
        for (int n : chosen) {
            claims.add(new StoredLine.Claimed(c.id(n), c.kind(n) == Candidates.Kind.TRANSFER ? c.timestamp(n) : 0,
                    c.amount(n)));
        }
        return claims;
    }

    /** Puts the claims of candidates {@code chosen} by the match headed by {@code head} into {@code chunk}. */
    void claim(ChunkWrites.Chunk chunk, int[] chosen, LineRef head) {
        Candidates c = candidates();
        byte[] headBytes = head.bytes();
        for (int n : chosen) {
            if (c.kind(n) == Candidates.Kind.TRANSFER) {
                byte[] key = ReconKeys.claim(ledger, c.timestamp(n));
                chunk.expect(key, loaded.takenOver().get(n));
                chunk.put(key, headBytes);
                if (flaggedMissing.remove(c.timestamp(n))) {
                    chunk.delete(ReconKeys.missing(ledger, c.timestamp(n)));
                }
            } else {
                ExpectedPayment e = loaded.expected().get(n);
                byte[] key = ReconKeys.expected(ledger, e.id());
                chunk.expect(key, e.encode());
                chunk.put(key, e.matched(head).encode());
            }
        }
    }

    /** Gives back the claims of a chunk that did not apply. */
    void release(int[] chosen) {
        for (int n : chosen) {
            candidates().release(n);
        }
    }

    /** The facts matching needs of a stored line. */
    static Matcher.LineFacts facts(StoredLine line) {
        return new Matcher.LineFacts(line.amount(), line.fee(), line.day(), line.reference());
    }

    /** The line as the decision leaves it, its claims put in {@code chunk}. */
    StoredLine apply(StoredLine line, Matcher.Decision decision, boolean repeatsAnEarlierLine,
            ChunkWrites.Chunk chunk) {
        if (decision instanceof Matcher.Matched m) {
            claim(chunk, m.candidates(), line.ref());
            return line.matched(line.ref(), new StoredLine.Match(m.rule(), claimed(m.candidates()), List.of(),
                    m.difference(), null, null, 0));
        }
        Reason reason = ((Matcher.Unmatched) decision).reason();
        return line.unmatched(reason == Reason.NO_CANDIDATE && repeatsAnEarlierLine ? Reason.DUPLICATE : reason);
    }
}
