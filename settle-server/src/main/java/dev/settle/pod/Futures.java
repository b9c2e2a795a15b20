package dev.settle.pod;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/** Waiting for a pod's futures. */
public final class Futures {
    private Futures() {}

    /** Waits for a future, rethrowing its own failure (not a CompletionException). */
    public static <T> T await(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }
}
