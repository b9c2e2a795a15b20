package dev.settle.cli.logs;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import ch.qos.logback.core.encoder.Encoder;
import dev.settle.logs.LogKeys;
import dev.settle.logs.RequestLogIds;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.MDC;

/**
 * Writes log lines in batches from one platform thread. A thread that logs only prepares its
 * event and adds it to a lock-free queue: no lock, no wake-up, no system call. The writer takes
 * what has queued every {@value #FLUSH_INTERVAL_MILLIS} ms (at once after a WARN or ERROR),
 * encodes it into one text and writes it with one system call per {@value #WRITE_BYTES_MAX}
 * characters or so.
 *
 * <p>Why not Logback's AsyncAppender: its hand-off takes a lock and wakes its worker for every
 * line. With an access log line per request, that alone cut the single-transfer rate of
 * {@code settle bench --http} on the 2-core machine from about 9,000 to 6,200 requests/s, even
 * with an appender behind it that wrote nothing (docs/benchmarks.md).
 *
 * <p>Bounded: beyond {@code queueSize} queued events, TRACE to INFO events (access log lines
 * included) are dropped rather than slow requests down, and the writer then logs how many. WARN
 * and ERROR are kept up to twice that bound. On stop (the JVM's shutdown hook, SIGTERM included)
 * what is queued is written out first.
 */
public final class BatchingAppender extends UnsynchronizedAppenderBase<ILoggingEvent> {
    /** How long a line may wait before it is written, when nothing urgent wakes the writer. */
    static final long FLUSH_INTERVAL_MILLIS = 20;
    /** A write system call carries about this many characters (a line more at most). */
    static final int WRITE_BYTES_MAX = 256 * 1024;
    static final int QUEUE_SIZE_DEFAULT = 8192;
    /** How long stopping waits for the writer to write out what is queued. */
    static final long STOP_WAIT_MILLIS = 1_000;
    static final String DROPS_LOGGER = "settle.logs";
    static final String VIRTUAL_THREAD_PREFIX = "virtual-";
    /** A batch's text starts this large and grows as needed. */
    static final int BATCH_CHARS_INITIAL = 64 * 1024;

    private final ConcurrentLinkedQueue<ILoggingEvent> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final LongAdder dropped = new LongAdder();
    private Encoder<ILoggingEvent> encoder;
    private String file;
    private int queueSize = QUEUE_SIZE_DEFAULT;
    private OutputStream out;
    private Thread writer;
    private volatile boolean stopping;

    public void setEncoder(Encoder<ILoggingEvent> lineEncoder) {
        this.encoder = lineEncoder;
    }

    /** Appends to this file instead of standard error. */
    public void setFile(String path) {
        this.file = path;
    }

    public void setQueueSize(int events) {
        if (events < 1) {
            throw new IllegalArgumentException("queueSize must be at least 1, got " + events);
        }
        this.queueSize = events;
    }

    public int getQueueSize() {
        return queueSize;
    }

    @Override
    public void start() {
        if (encoder == null) {
            addError("no encoder for appender " + getName());
            return;
        }
        try {
            out = file == null ? new FileOutputStream(FileDescriptor.err) : new FileOutputStream(file, true);
        } catch (IOException e) {
            addError("cannot open the log file " + file, e);
            return;
        }
        stopping = false;
        writer = new Thread(this::runWriter, "log-writer-" + getName());
        writer.setDaemon(true);
        writer.start();
        super.start();
    }

    @Override
    protected void append(ILoggingEvent event) {
        boolean urgent = event.getLevel().isGreaterOrEqual(Level.WARN);
        int bound = urgent ? 2 * queueSize : queueSize;
        if (queued.incrementAndGet() > bound) {
            queued.decrementAndGet();
            dropped.increment();
            return;
        }
        // Logback works a virtual thread's name out anew for every event, at a cost that showed in
        // profiles of the access log; the name given here is the same ("virtual-" and its id).
        Thread thread = Thread.currentThread();
        if (event instanceof LoggingEvent loggingEvent) {
            loggingEvent.setThreadName(thread.isVirtual() ? VIRTUAL_THREAD_PREFIX + thread.threadId()
                    : thread.getName());
        }
        if (event instanceof LoggingEvent loggingEvent) {
            addRequestIds(loggingEvent);
        }
        // The thread's MDC and the message's arguments, captured while they are its own.
        event.prepareForDeferredProcessing();
        queue.offer(event);
        if (urgent) {
            LockSupport.unpark(writer);
        }
    }

    /**
     * A line logged while a request runs carries the request's ids: the access line has them as
     * key-values already; any other line gets them as MDC entries, beside the thread's own.
     */
    private static void addRequestIds(LoggingEvent event) {
        if (event.getLoggerName().equals(LogKeys.ACCESS_LOGGER)) {
            return;
        }
        Map<String, String> ids = RequestLogIds.current();
        if (ids.isEmpty()) {
            return;
        }
        Map<String, String> mdc = MDC.getCopyOfContextMap();
        if (mdc != null) {
            mdc.forEach(ids::putIfAbsent);
        }
        event.setMDCPropertyMap(ids);
    }

    @Override
    public void stop() {
        if (!isStarted()) {
            return;
        }
        super.stop();
        stopping = true;
        LockSupport.unpark(writer);
        try {
            writer.join(STOP_WAIT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (file != null) {
            try {
                out.close();
            } catch (IOException e) {
                addError("closing the log file " + file + " failed", e);
            }
        }
    }

    /** Events queued and not yet written (tests). */
    int queued() {
        return queued.get();
    }

    private void runWriter() {
        StringBuilder batch = new StringBuilder(BATCH_CHARS_INITIAL);
        while (!stopping) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(FLUSH_INTERVAL_MILLIS));
            writeQueued(batch);
        }
        writeQueued(batch);
    }

    /** Encodes and writes everything queued now, then a line saying how many were dropped, if any. */
    private void writeQueued(StringBuilder batch) {
        ILoggingEvent event;
        while ((event = queue.poll()) != null) {
            queued.decrementAndGet();
            append(batch, event);
            if (batch.length() >= WRITE_BYTES_MAX) {
                writeOut(batch);
            }
        }
        long lost = dropped.sumThenReset();
        if (lost > 0) {
            append(batch, droppedLine(lost));
        }
        writeOut(batch);
    }

    /**
     * Our encoder appends to the batch directly; another one (an operator's own logback.xml may
     * give a pattern encoder) has its bytes decoded back.
     */
    private void append(StringBuilder batch, ILoggingEvent event) {
        if (encoder instanceof JsonLineEncoder json) {
            json.appendLine(batch, event);
        } else {
            batch.append(new String(encoder.encode(event), StandardCharsets.UTF_8));
        }
    }

    private ILoggingEvent droppedLine(long lost) {
        LoggerContext context = (LoggerContext) getContext();
        return new LoggingEvent(BatchingAppender.class.getName(), context.getLogger(DROPS_LOGGER), Level.WARN,
                "dropped " + lost + " log lines: the log could not be written as fast as lines came", null, null);
    }

    private void writeOut(StringBuilder batch) {
        if (batch.isEmpty()) {
            return;
        }
        try {
            out.write(batch.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            addError("writing the log failed", e);
        }
        batch.setLength(0);
    }
}
