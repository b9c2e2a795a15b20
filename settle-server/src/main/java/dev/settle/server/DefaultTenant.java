package dev.settle.server;

import dev.settle.api.version.ApiVersions;
import dev.settle.pod.Pods;
import dev.settle.tenant.ApiKeys;
import dev.settle.tenant.TenantRegistry;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The first start of a new cluster creates tenant {@code default} once. Every node tries once its
 * pods can commit (a majority runs); the tenant's name is claimed in the pod's order, so exactly
 * one node creates it and shows its key; the others find it taken and show nothing.
 */
final class DefaultTenant {
    private static final Logger LOG = LoggerFactory.getLogger(DefaultTenant.class);
    /** How long a node keeps trying while the cluster has no majority yet. */
    static final long TRYING_MILLIS_MAX = 10 * 60 * 1000;
    static final long RETRY_MILLIS = 500;

    private DefaultTenant() {}

    static void createInBackground(TenantRegistry tenants, Pods pods, Consumer<String> showOnce) {
        if (!tenants.isEmpty()) {
            return;
        }
        Thread thread = new Thread(() -> create(tenants, pods, showOnce), "default-tenant");
        thread.setDaemon(true);
        thread.start();
    }

    private static void create(TenantRegistry tenants, Pods pods, Consumer<String> showOnce) {
        long deadline = System.currentTimeMillis() + TRYING_MILLIS_MAX;
        // One key for every attempt: an attempt that timed out here may still have created the tenant.
        String secret = ApiKeys.generate();
        while (System.currentTimeMillis() < deadline && pods.isOpen()) {
            try {
                showOnce.accept(tenants.create(TenantRegistry.DEFAULT_NAME, ApiVersions.CURRENT, null, pods, null,
                        secret).secretKey());
                return;
            } catch (TenantRegistry.NameTakenException e) {
                if (tenants.authenticate(secret).valid()) {
                    showOnce.accept(secret); // an earlier attempt of this node created it
                }
                return; // else another node created it
            } catch (RuntimeException e) {
                LOG.info("tenant \"default\" not created yet ({}); retrying", e.getMessage());
                try {
                    Thread.sleep(RETRY_MILLIS);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }
}
