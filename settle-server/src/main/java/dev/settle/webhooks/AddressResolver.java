package dev.settle.webhooks;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** Resolves a host name to its addresses: a seam so {@link TargetPolicy} can be tested without DNS. */
@FunctionalInterface
public interface AddressResolver {
    /** The system resolver. IP literals are parsed without any lookup. */
    AddressResolver SYSTEM = InetAddress::getAllByName;

    /** Every address of the host (never empty); throws when it does not resolve. */
    InetAddress[] resolve(String host) throws UnknownHostException;
}
