package dev.settle.webhooks;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
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
            checked = socketAddresses(host, policy.checkHost(host), port);
        } catch (RuntimeException refusedOrBroken) {
            promise.failed(refusedOrBroken);
            return;
        }
        promise.succeeded(checked);
    }

    /**
     * Socket addresses for the checked addresses, each named {@code host}: the client takes the TLS
     * peer name (SNI and the certificate's host name check) from the socket address's host string, so
     * it must be the URL's host, never a name some resolver attached to the address. Building them
     * looks nothing up.
     */
    static List<InetSocketAddress> socketAddresses(String host, List<InetAddress> addresses, int port) {
        String name = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        List<InetSocketAddress> result = new ArrayList<>(addresses.size());
        for (InetAddress address : addresses) {
            result.add(new InetSocketAddress(named(name, address), port));
        }
        return List.copyOf(result);
    }

    private static InetAddress named(String name, InetAddress address) {
        try {
            if (address instanceof Inet6Address v6 && v6.getScopeId() != 0) {
                return Inet6Address.getByAddress(name, v6.getAddress(), v6.getScopeId());
            }
            return InetAddress.getByAddress(name, address.getAddress());
        } catch (UnknownHostException impossible) {
            throw new IllegalStateException("an address of 4 or 16 bytes is always valid", impossible);
        }
    }
}
