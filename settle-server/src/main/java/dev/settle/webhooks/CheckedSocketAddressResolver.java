package dev.settle.webhooks;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.eclipse.jetty.util.Promise;
import org.eclipse.jetty.util.SocketAddressResolver;

/**
 * The delivery client's only way from a host name to a socket address: it resolves the name once,
 * has {@link TargetPolicy} check every address, and hands the client those checked addresses and
 * nothing else. The client then connects to one of them by address, while the request keeps the
 * name for its {@code Host} header, TLS SNI and certificate check.
 *
 * <p>This is what closes DNS rebinding: with a check that resolves and a client that resolves
 * again, a name that answers a public address to the first and 127.0.0.1 to the second gets past
 * the check. Here there is no second resolution. A refusal fails the connection with the {@link
 * TargetRefusedException}, so no byte is sent and no answer is read from a refused address.
 *
 * <p>Lookups block (the JDK resolver has no asynchronous API), so they run on {@code executor},
 * never on the caller's selector thread. The sender's attempt deadline bounds how long a delivery
 * waits for a slow lookup.
 */
final class CheckedSocketAddressResolver implements SocketAddressResolver {
    private final TargetPolicy policy;
    private final Executor executor;

    CheckedSocketAddressResolver(TargetPolicy policy, Executor executor) {
        if (policy == null || executor == null) {
            throw new IllegalArgumentException("policy and executor are required");
        }
        this.policy = policy;
        this.executor = executor;
    }

    @Override
    public void resolve(String host, int port, Map<String, Object> context, Promise<List<InetSocketAddress>> promise) {
        try {
            executor.execute(() -> resolveNow(host, port, promise));
        } catch (RejectedExecutionException stopping) {
            promise.failed(stopping);
        }
    }

    private void resolveNow(String host, int port, Promise<List<InetSocketAddress>> promise) {
        List<InetSocketAddress> checked;
        try {
            checked = socketAddresses(policy.checkHost(host), port);
        } catch (RuntimeException refusedOrBroken) {
            promise.failed(refusedOrBroken);
            return;
        }
        promise.succeeded(checked);
    }

    /** Socket addresses built from resolved addresses: constructing them never looks anything up. */
    static List<InetSocketAddress> socketAddresses(List<InetAddress> addresses, int port) {
        List<InetSocketAddress> result = new ArrayList<>(addresses.size());
        for (InetAddress address : addresses) {
            result.add(new InetSocketAddress(address, port));
        }
        return List.copyOf(result);
    }
}
