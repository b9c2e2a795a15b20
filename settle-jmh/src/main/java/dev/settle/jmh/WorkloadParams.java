package dev.settle.jmh;

import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/** The parameters every workload shares: how many accounts, and how many transfers hit one account. */
@State(Scope.Thread)
public abstract class WorkloadParams {
    /** Accounts created before measuring: small enough to stay in cache, or large enough not to. */
    @Param({"10000", "1000000"})
    public int accounts;

    /** Percent of transfers with account 0 on one side: 0 spreads load, 100 is one hot merchant. */
    @Param({"0", "100"})
    public int hotPercent;

    AccountPicker newPicker() {
        return new AccountPicker(accounts, hotPercent);
    }
}
