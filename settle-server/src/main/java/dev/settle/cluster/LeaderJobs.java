package dev.settle.cluster;

/**
 * What runs only on a pod's leader (the webhook relay's deliveries): started when this node
 * becomes the leader, stopped when it is no longer. Both must return at once (they are called on
 * Ratis' threads) and may be called again in any order; the jobs take over from the state the
 * previous leader left in the replicated store.
 */
public interface LeaderJobs {
    LeaderJobs NONE = leading -> { };

    /** {@code true}: this node now leads the pod; {@code false}: it no longer does. */
    void lead(boolean leading);
}
