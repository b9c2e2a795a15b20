package dev.settle.reconciliation;

import dev.settle.common.PrefixedIds;
import dev.settle.ledger.UInt128;
import dev.settle.reconciliation.matching.MatchRule;
import java.util.ArrayList;
import java.util.List;

/** A tenant's matching rule as stored: its id, the rule, when it was made. The tenant's rules are one record, in order. */
public record StoredRule(UInt128 id, MatchRule rule, long createdMillis) {
    public static final PrefixedIds IDS = new PrefixedIds("rrule_");
    public static final int RULES_MAX = 20;

    static byte[] encodeAll(List<StoredRule> rules) {
        Fields.Out out = new Fields.Out(64 * rules.size() + 4).i(rules.size());
        for (StoredRule r : rules) {
            out.id(r.id()).b(r.rule().type().ordinal()).s(r.rule().metadataKey()).i(r.rule().dateWindowDays())
                    .l(r.rule().amountTolerance()).l(r.createdMillis());
        }
        return out.bytes();
    }

    static List<StoredRule> decodeAll(byte[] v) {
        Fields.In in = new Fields.In(v);
        int count = in.i();
        List<StoredRule> rules = new ArrayList<>(count);
        for (int k = 0; k < count; k++) {
            UInt128 id = in.id();
            MatchRule rule = new MatchRule(MatchRule.Type.values()[in.b()], in.s(), in.i(), in.l());
            rules.add(new StoredRule(id, rule, in.l()));
        }
        in.end();
        return rules;
    }
}
