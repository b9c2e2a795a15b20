package dev.settle.ledger;

import java.util.ArrayList;
import java.util.List;

/** Account flag bits (TigerBeetle's values, minus {@code imported}, which Settle reserves). */
public final class AccountFlags {
    /** Links this account to the next in the batch: all succeed or all fail. */
    public static final int LINKED = 1;
    /** debits_pending + debits_posted must stay at or below credits_posted. */
    public static final int DEBITS_MUST_NOT_EXCEED_CREDITS = 1 << 1;
    /** credits_pending + credits_posted must stay at or below debits_posted. */
    public static final int CREDITS_MUST_NOT_EXCEED_DEBITS = 1 << 2;
    /** Keeps a balance snapshot after every transfer that touches the account. */
    public static final int HISTORY = 1 << 3;
    /** The account takes no new transfers; set and cleared by closing transfers. */
    public static final int CLOSED = 1 << 5;

    /** Every flag a client may set. Bit 4 (TigerBeetle's imported) and bits above 5 are reserved. */
    public static final int ALL = LINKED | DEBITS_MUST_NOT_EXCEED_CREDITS
            | CREDITS_MUST_NOT_EXCEED_DEBITS | HISTORY | CLOSED;

    private static final String[] NAMES = {
        "linked", "debits_must_not_exceed_credits", "credits_must_not_exceed_debits", "history", null, "closed",
    };

    private AccountFlags() {}

    public static boolean has(int flags, int flag) {
        return (flags & flag) != 0;
    }

    /** The bit of a flag's API name, or 0 when the name is unknown. */
    public static int fromName(String name) {
        return FlagNames.bitOf(NAMES, name);
    }

    /** The API names of the set flags, lowest bit first. */
    public static List<String> names(int flags) {
        return FlagNames.namesOf(NAMES, flags);
    }

    /** Shared name lookup for flag sets whose bits are listed in order. */
    static final class FlagNames {
        private FlagNames() {}

        static int bitOf(String[] names, String name) {
            for (int bit = 0; bit < names.length; bit++) {
                if (names[bit] != null && names[bit].equals(name)) {
                    return 1 << bit;
                }
            }
            return 0;
        }

        static List<String> namesOf(String[] names, int flags) {
            List<String> result = new ArrayList<>(Integer.bitCount(flags));
            for (int bit = 0; bit < names.length; bit++) {
                if ((flags & (1 << bit)) != 0 && names[bit] != null) {
                    result.add(names[bit]);
                }
            }
            return result;
        }
    }
}
