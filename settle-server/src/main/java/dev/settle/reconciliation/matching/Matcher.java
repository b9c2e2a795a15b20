package dev.settle.reconciliation.matching;

import dev.settle.common.Ids;
import dev.settle.ledger.UInt128;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decides what each statement line matches, rule by rule, claiming the candidates it gives a
 * line so that no transfer settles two lines. Plain computation on one thread: whoever writes
 * the decisions makes them stick (guarded records in the pod's log order), and gives back the
 * claims of a write that lost ({@link Candidates#release}).
 */
public final class Matcher {
    /** The amount-and-date rule looks up every amount within its tolerance: at most this many. */
    public static final long AMOUNT_DATE_TOLERANCE_MAX = 1_000;

    /** What matching needs of a line: signed amount and fee in minor units, its UTC epoch day, its reference. */
    public record LineFacts(long amount, long fee, int day, String reference) {}

    /** What became of a line. */
    public sealed interface Decision permits Matched, Unmatched {}

    /**
     * Matched by {@code rule} (its index) to {@code candidates}; {@code difference} is the line's
     * amount less theirs (a fee a tolerance let through).
     */
    public record Matched(int rule, int[] candidates, long difference) implements Decision {}

    public record Unmatched(Reason reason) implements Decision {}

    /** A line still open after the per-line rules, for the group rules. */
    public record OpenLine(int index, LineFacts facts) {}

    /** Lines {@code lines} (indexes of {@link OpenLine}) settled together by candidates, or left with a reason. */
    public record GroupDecision(List<Integer> lines, Decision decision) {}

    private final List<MatchRule> rules;
    private final Candidates candidates;

    public Matcher(List<MatchRule> rules, Candidates candidates) {
        this.rules = List.copyOf(rules);
        this.candidates = candidates;
        for (MatchRule rule : rules) {
            if (candidates.keyIndex(rule.metadataKey()) < 0) {
                throw new IllegalArgumentException("the candidates do not hold metadata key " + rule.metadataKey());
            }
            if (rule.type() == MatchRule.Type.AMOUNT_DATE && rule.amountTolerance() > AMOUNT_DATE_TOLERANCE_MAX) {
                throw new IllegalArgumentException("an amount_date rule's tolerance is at most "
                        + AMOUNT_DATE_TOLERANCE_MAX);
            }
        }
    }

    /** The metadata keys a set of rules reads: what {@link Candidates} must hold. */
    public static List<String> metadataKeys(List<MatchRule> rules) {
        List<String> keys = new ArrayList<>();
        keys.add(MatchRule.METADATA_KEY_DEFAULT);
        for (MatchRule rule : rules) {
            if (!keys.contains(rule.metadataKey())) {
                keys.add(rule.metadataKey());
            }
        }
        return keys;
    }

    /** Runs the per-line rules (reference, amount and date) on one line; claims what it matches. */
    public Decision match(LineFacts line) {
        Reason reason = Reason.NO_CANDIDATE;
        for (int r = 0; r < rules.size(); r++) {
            MatchRule rule = rules.get(r);
            Object found = switch (rule.type()) {
                case REFERENCE -> byReference(rule, line);
                case AMOUNT_DATE -> byAmountAndDate(rule, line);
                case GROUP -> null;
            };
            if (found instanceof int[] chosen) {
                long sum = 0;
                for (int n : chosen) {
                    candidates.claim(n);
                    sum += candidates.amount(n);
                }
                return new Matched(r, chosen, line.amount() - sum);
            }
            if (found instanceof Reason why) {
                reason = Reason.stronger(reason, why);
            }
        }
        return new Unmatched(reason);
    }

    /**
     * Runs the group rules on the lines still open, lines grouped by reference: a group settles
     * the unclaimed transfers that carry its reference as their group id (or, when none does, as
     * their id or reference) when the sums agree within the rule's tolerance.
     */
    public List<GroupDecision> matchGroups(List<OpenLine> open) {
        Map<String, List<OpenLine>> byReference = new LinkedHashMap<>();
        for (OpenLine line : open) {
            if (!line.facts().reference().isEmpty()) {
                byReference.computeIfAbsent(line.facts().reference(), k -> new ArrayList<>()).add(line);
            }
        }
        List<GroupDecision> decisions = new ArrayList<>();
        for (Map.Entry<String, List<OpenLine>> group : byReference.entrySet()) {
            GroupDecision decision = matchGroup(group.getKey(), group.getValue());
            if (decision != null) {
                decisions.add(decision);
            }
        }
        return decisions;
    }

    private GroupDecision matchGroup(String reference, List<OpenLine> lines) {
        long lineSum = 0;
        List<Integer> indexes = new ArrayList<>(lines.size());
        for (OpenLine line : lines) {
            lineSum += line.facts().amount();
            indexes.add(line.index());
        }
        Reason reason = null;
        for (int r = 0; r < rules.size(); r++) {
            MatchRule rule = rules.get(r);
            if (rule.type() != MatchRule.Type.GROUP) {
                continue;
            }
            int[] members = unclaimedCarrying(candidates.keyIndex(rule.metadataKey()), reference);
            if (members.length == 0) {
                members = unclaimedReferencedBy(reference);
            }
            if (members.length == 0) {
                continue;
            }
            long sum = 0;
            for (int n : members) {
                sum += candidates.amount(n);
            }
            if (Math.abs(lineSum - sum) <= rule.amountTolerance()) {
                for (int n : members) {
                    candidates.claim(n);
                }
                return new GroupDecision(indexes, new Matched(r, members, lineSum - sum));
            }
            reason = Reason.AMOUNT_MISMATCH;
        }
        return reason == null ? null : new GroupDecision(indexes, new Unmatched(reason));
    }

    /** The unclaimed transfers whose metadata value {@code key} is {@code text}. */
    private int[] unclaimedCarrying(int key, String text) {
        List<Integer> found = new ArrayList<>();
        for (int n = candidates.firstWithValue(key, text); n >= 0; n = candidates.nextWithValue(key, n)) {
            if (!candidates.isClaimed(n) && candidates.carries(n, key, text)
                    && candidates.kind(n) == Candidates.Kind.TRANSFER) {
                found.add(n);
            }
        }
        return found.stream().mapToInt(Integer::intValue).toArray();
    }

    private int[] unclaimedReferencedBy(String reference) {
        List<Integer> found = new ArrayList<>();
        forEachReferenced(candidates.keyIndex(MatchRule.METADATA_KEY_DEFAULT), reference, n -> {
            if (!candidates.isClaimed(n) && candidates.kind(n) == Candidates.Kind.TRANSFER && !found.contains(n)) {
                found.add(n);
            }
        });
        return found.stream().mapToInt(Integer::intValue).toArray();
    }

    /** The reference rule: the candidate that carries the line's reference, with its amount. */
    private Object byReference(MatchRule rule, LineFacts line) {
        if (line.reference().isEmpty()) {
            return null;
        }
        int key = candidates.keyIndex(rule.metadataKey());
        int[] best = {-1};
        long[] bestScore = {Long.MAX_VALUE};
        boolean[] seen = {false, false};
        forEachReferenced(key, line.reference(), n -> {
            if (candidates.dayDistance(n, line.day()) > windowDays(n, rule.dateWindowDays() + DAYS_REFERENCE_SLACK)) {
                return;
            }
            long distance = candidates.amountDistance(n, line.amount());
            if (distance > rule.amountTolerance()) {
                seen[0] |= !candidates.isClaimed(n) && !isFeeOf(n, line);
                return;
            }
            if (candidates.isClaimed(n)) {
                seen[1] = true;
                return;
            }
            long score = distance * DAY_WEIGHT + candidates.dayDistance(n, line.day());
            if (score < bestScore[0] || (score == bestScore[0] && candidates.timestamp(n) < candidates.timestamp(best[0]))) {
                bestScore[0] = score;
                best[0] = n;
            }
        });
        if (best[0] >= 0) {
            int fee = line.fee() > 0 ? feeCandidate(key, line, best[0]) : -1;
            return fee >= 0 ? new int[] {best[0], fee} : new int[] {best[0]};
        }
        return seen[1] ? Reason.DUPLICATE : seen[0] ? Reason.AMOUNT_MISMATCH : null;
    }

    /** An expected payment's own date window is strict; a transfer's date may be off by the rule's window. */
    private int windowDays(int n, int ruleDays) {
        return candidates.kind(n) == Candidates.Kind.EXPECTED_PAYMENT ? 0 : ruleDays;
    }

    /** A reference match is not held to the date window as tightly: the reference already pins it. */
    private static final int DAYS_REFERENCE_SLACK = 28;
    private static final long DAY_WEIGHT = 64;

    private boolean isFeeOf(int n, LineFacts line) {
        return line.fee() > 0 && candidates.amount(n) == -line.fee();
    }

    /** The unclaimed fee transfer (minus the line's fee) that carries the same reference, or -1. */
    private int feeCandidate(int key, LineFacts line, int charge) {
        int[] found = {-1};
        forEachReferenced(key, line.reference(), n -> {
            if (found[0] < 0 && n != charge && !candidates.isClaimed(n) && candidates.amount(n) == -line.fee()
                    && candidates.kind(n) == Candidates.Kind.TRANSFER) {
                found[0] = n;
            }
        });
        return found[0];
    }

    /** Calls {@code action} for each candidate whose id, or metadata value {@code key}, is {@code reference}. */
    private void forEachReferenced(int key, String reference, java.util.function.IntConsumer action) {
        UInt128 id = Ids.parseOrNull(reference);
        if (id != null) {
            long high = id.high();
            long low = id.low();
            for (int n = candidates.firstWithId(high, low); n >= 0; n = candidates.nextWithId(n)) {
                if (candidates.hasId(n, high, low)) {
                    action.accept(n);
                }
            }
        }
        for (int n = candidates.firstWithValue(key, reference); n >= 0; n = candidates.nextWithValue(key, n)) {
            if (candidates.carries(n, key, reference) && (id == null || !candidates.hasId(n, id.high(), id.low()))) {
                action.accept(n);
            }
        }
    }

    /** The amount-and-date rule: the one closest candidate with the amount, within the window. */
    private Object byAmountAndDate(MatchRule rule, LineFacts line) {
        Closest closest = new Closest();
        long tolerance = rule.amountTolerance();
        for (long amount = line.amount() - tolerance; amount <= line.amount() + tolerance; amount++) {
            for (int n = candidates.firstWithAmount(amount); n >= 0; n = candidates.nextWithAmount(n)) {
                if (candidates.amount(n) == amount && !candidates.isClaimed(n)) {
                    closest.consider(n, Math.abs(amount - line.amount()), candidates.dayDistance(n, line.day()),
                            rule.dateWindowDays());
                }
            }
        }
        for (int i = 0; i < candidates.expectedCount(); i++) {
            int n = candidates.expected(i);
            long distance = candidates.amountDistance(n, line.amount());
            if (!candidates.isClaimed(n) && distance <= tolerance) {
                closest.consider(n, distance, candidates.dayDistance(n, line.day()), windowDays(n, rule.dateWindowDays()));
            }
        }
        if (closest.best < 0) {
            return null;
        }
        return closest.tie ? Reason.AMBIGUOUS : new int[] {closest.best};
    }

    /** The candidate closest in amount, then in date; a tie between the closest is kept. */
    private static final class Closest {
        int best = -1;
        long bestScore = Long.MAX_VALUE;
        boolean tie;

        void consider(int n, long amountDistance, int days, int windowDays) {
            if (days > windowDays) {
                return;
            }
            long score = amountDistance * DAY_WEIGHT + days;
            if (score < bestScore) {
                best = n;
                bestScore = score;
                tie = false;
            } else if (score == bestScore) {
                tie = true;
            }
        }
    }
}
