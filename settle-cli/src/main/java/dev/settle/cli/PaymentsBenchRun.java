package dev.settle.cli;

import dev.settle.bench.payments.PaymentsBench;
import dev.settle.bench.payments.PaymentsBenchConfig;
import dev.settle.bench.payments.PaymentsBenchResult;
import dev.settle.cli.logs.LogFile;
import dev.settle.payments.PaymentsConfig;
import dev.settle.payments.processor.ProcessorConfig;
import dev.settle.processorsim.ProcessorSimulator;
import dev.settle.processorsim.SimulatorConfig;
import dev.settle.server.ServerConfig;
import dev.settle.server.SettleServer;
import java.net.URI;
import java.nio.file.Path;
import java.util.function.BiFunction;
import java.util.function.Consumer;

/**
 * {@code settle bench --payments}: payments against a running server (--url and --api-key; its
 * processor is its own), or against a server and a processor simulator (20 ms per call) this
 * command starts on a temporary directory, in this process, over loopback.
 */
final class PaymentsBenchRun {
    /** The processor's latency the bench measures against (issue 18). */
    static final long PROCESSOR_LATENCY_MILLIS = 20;

    private PaymentsBenchRun() {}

    static PaymentsBenchResult run(URI url, String apiKey, Path directory,
            BiFunction<URI, String, PaymentsBenchConfig> settings, Consumer<String> progress) throws Exception {
        if (url != null) {
            return PaymentsBench.run(settings.apply(url, apiKey));
        }
        try (ProcessorSimulator processor = ProcessorSimulator.start(SimulatorConfig.defaults(
                directory.resolve("processor")).withLatencyMillis(PROCESSOR_LATENCY_MILLIS))) {
            String adminToken = BenchTenantLimits.newAdminToken();
            ServerConfig config = ServerConfig.builder(directory.resolve("settle")).host(HttpBenchRun.LOOPBACK)
                    .adminToken(adminToken).payments(PaymentsConfig.defaults()
                            .withProcessor(ProcessorConfig.defaults(processor.baseUri()))).build();
            String[] key = new String[1];
            try (SettleServer server = SettleServer.start(config, created -> key[0] = created)) {
                URI local = URI.create("http://" + HttpBenchRun.LOOPBACK + ":" + server.port());
                progress.accept("settle bench: started a server on " + local + " and a processor simulator ("
                        + PROCESSOR_LATENCY_MILLIS + " ms per call) on " + processor.baseUri() + " over " + directory);
                BenchTenantLimits.raise(local, adminToken);
                LogFile.redirectTo(directory, progress);
                return PaymentsBench.run(settings.apply(local, key[0]));
            }
        }
    }
}
