package dev.settle.api;

import dev.settle.payments.PaymentsConfig;
import dev.settle.payments.processor.ProcessorConfig;
import dev.settle.server.ServerConfig;
import dev.settle.server.SettleServer;
import dev.settle.webhooks.RetrySchedule;
import dev.settle.webhooks.WebhookConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A Settle server in a child JVM for crash tests: prints "PORT <port>" and, on a fresh directory, "KEY <key>".
 * Webhooks may target loopback receivers (unless {@link #STRICT_WEBHOOK_TARGETS} follows the directory),
 * retry within milliseconds and probe a tripped breaker after a second, so
 * a crash test sees deliveries in flight and a flaky receiver is caught up within seconds.
 */
public final class ServerMain {
    /** About 15 waits growing from 10 ms to 1 s. */
    static final RetrySchedule FAST_RETRIES = new RetrySchedule(List.of(Duration.ofMillis(10), Duration.ofMillis(20),
            Duration.ofMillis(40), Duration.ofMillis(80), Duration.ofMillis(160), Duration.ofMillis(320),
            Duration.ofMillis(640), Duration.ofMillis(1000), Duration.ofMillis(1000), Duration.ofMillis(1000),
            Duration.ofMillis(1000), Duration.ofMillis(1000), Duration.ofMillis(1000), Duration.ofMillis(1000),
            Duration.ofMillis(1000)), 0.2);

    private ServerMain() {}

    /** After the data directory: webhooks refuse special-purpose targets, as in production. */
    static final String STRICT_WEBHOOK_TARGETS = "--strict-webhook-targets";
    /** A system property naming the card processor's URL (payments on, with recovery in seconds). */
    static final String PROCESSOR_PROPERTY = "settle.test.processor";
    static final Duration RECOVERY_INTERVAL = Duration.ofMillis(200);
    static final Duration RECOVER_AFTER = Duration.ofSeconds(2);

    public static void main(String[] args) throws Exception {
        boolean strict = args.length > 1 && args[1].equals(STRICT_WEBHOOK_TARGETS);
        String processor = System.getProperty(PROCESSOR_PROPERTY);
        ServerConfig config = ServerConfig.builder(Path.of(args[0]))
                .payments(processor == null ? PaymentsConfig.defaults() : PaymentsConfig.defaults()
                        .withProcessor(ProcessorConfig.defaults(java.net.URI.create(processor)))
                        .withRecovery(RECOVERY_INTERVAL, RECOVER_AFTER))
                .webhooks(WebhookConfig.defaults().toBuilder().allowPrivateTargets(!strict)
                        .timeouts(Duration.ofMillis(500), Duration.ofMillis(500)).retrySchedule(FAST_RETRIES)
                        .breakerOpen(Duration.ofSeconds(1)).build())
                .build();
        SettleServer server = SettleServer.start(config, key -> System.out.println("KEY " + key));
        System.out.println("PORT " + server.port());
        System.out.flush();
        Thread.currentThread().join();
    }
}
