package dev.settle.reconciliation;

import dev.settle.common.Ids;
import dev.settle.common.Sha256;
import dev.settle.events.EventType;
import dev.settle.ledger.UInt128;
import dev.settle.pod.Pods;
import dev.settle.reconciliation.matching.Candidates;
import dev.settle.reconciliation.matching.MatchRule;
import dev.settle.reconciliation.matching.Matcher;
import dev.settle.reconciliation.matching.Reason;
import dev.settle.reconciliation.statement.StatementFormatException;
import dev.settle.reconciliation.statement.StatementParser;
import dev.settle.store.outbox.NotedEvent;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * Imports one statement file and matches it, in four steps: parse the whole upload into a spool
 * (a bad file is refused with its line and nothing written); write its lines in chunks, each
 * matched as it goes against the account's candidates; match the lines left open as groups;
 * then flag the transfers no line showed, queue the exceptions and complete the statement and
 * its run, whose events go out through webhooks. Every write is a guarded record change in the
 * tenant's pod: a claim holds only if the transfer was unclaimed when the write applied.
 */
public final class StatementImport {
    public static final int CHUNK_LINES = 2_048;
    /** Transfers this many days around a statement's lines are its candidates. */
    public static final int PERIOD_MARGIN_DAYS = 35;
    public static final int OVERDUE_DAYS_DEFAULT = 3;
    public static final int OVERDUE_DAYS_MAX = 90;
    static final int STALE_RETRIES_MAX = 3;

    /** What to import: the tenant's ledger, the account (and its currency), the file's format and parser. */
    public record Request(int ledger, UInt128 account, String currency, String format, StatementParser parser,
            int overdueDays) {}

    private final Pods pods;
    private final ReconReads reads;
    private final CandidateLoader loader;
    private final LongSupplier clockMillis;

    public StatementImport(Pods pods, ReconReads reads, dev.settle.store.LedgerStore store, LongSupplier clockMillis) {
        this.pods = pods;
        this.reads = reads;
        this.loader = new CandidateLoader(store, reads);
        this.clockMillis = clockMillis;
    }

    public Run run(Request request, InputStream body) {
        long started = clockMillis.getAsLong();
        long startedNanos = System.nanoTime();
        try (Spool spool = new Spool()) {
            byte[] sha256 = parse(request, body, spool);
            byte[] checksumKey = ReconKeys.checksum(request.ledger(), request.account(), sha256);
            refuseIfImported(request.ledger(), checksumKey);
            return new Writer(request, spool, sha256, checksumKey, started, startedNanos).write();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---- Step 1: the whole file parsed and checked before anything is written ----

    private static final class RefusedLine extends RuntimeException {
        final StatementFormatException cause;

        RefusedLine(StatementFormatException cause) {
            super(cause.getMessage(), null, false, false);
            this.cause = cause;
        }
    }

    private static byte[] parse(Request request, InputStream body, Spool spool) throws IOException {
        MessageDigest digest = Sha256.digest();
        DigestInputStream in = new DigestInputStream(body, digest);
        try {
            request.parser().parse(in, line -> {
                if (!line.currency().equals(request.currency())) {
                    throw new RefusedLine(new StatementFormatException("currency_mismatch", line.lineNumber(),
                            "line " + line.lineNumber() + " is in " + line.currency() + ", the account in "
                                    + request.currency()));
                }
                spool.add(line);
            });
            in.transferTo(OutputStream.nullOutputStream());
        } catch (StatementFormatException e) {
            throw refused(e);
        } catch (RefusedLine e) {
            throw refused(e.cause);
        }
        return digest.digest();
    }

    private static ReconciliationException refused(StatementFormatException e) {
        return new ReconciliationException(400, e.code(), e.getMessage(), e.lineNumber(), null);
    }

    private void refuseIfImported(int ledger, byte[] checksumKey) {
        byte[] earlier = reads.raw(checksumKey);
        if (earlier != null) {
            throw new ReconciliationException(409, "statement_duplicate", "this file was imported already as "
                    + Statement.IDS.format(new UInt128(dev.settle.store.Bytes.getLong(earlier, 0),
                            dev.settle.store.Bytes.getLong(earlier, 8))) + " (same SHA-256)", 0, null);
        }
    }

    // ---- Steps 2 to 4 ----

    private final class Writer implements ChunkWrites.Outcomes<Writer.Sent> {
        private final Request request;
        private final int ledger;
        private final Spool spool;
        private final long startedMillis;
        private final long startedNanos;
        private final ChunkWrites writes;
        private final RunTally tally = new RunTally();
        private final Map<Long, Integer> occurrences = new HashMap<>();
        private final List<Matcher.OpenLine> openWithReference = new ArrayList<>();
        private final Map<Integer, Reason> openReasons = new HashMap<>();
        private final List<Sent> staleChunks = new ArrayList<>();
        private final byte[] checksumKey;
        private final MatchSession session;
        private Statement statement;
        /**
         * The lines of the account's other statements over these days, by fingerprint: only they can
         * be lines seen before (empty, and nothing read, when no statement overlaps).
         */
        private final Map<UInt128, LineRef> seenBefore;

        /** A chunk sent: its lines as decided, and the candidates it claims. */
        private record Sent(List<StoredLine> lines, List<LineRef> seenIn, List<Boolean> repeats, int[] claims,
                int attempt) {}

        Writer(Request request, Spool spool, byte[] sha256, byte[] checksumKey, long startedMillis, long startedNanos)
                throws IOException {
            this.request = request;
            this.ledger = request.ledger();
            this.spool = spool;
            this.checksumKey = checksumKey;
            this.startedMillis = startedMillis;
            this.startedNanos = startedNanos;
            this.writes = new ChunkWrites(pods, ledger);
            int[] days = spool.days();
            List<MatchRule> rules = reads.rules(ledger);
            long now = clockMillis.getAsLong();
            CandidateLoader.Loaded loaded = loader.load(ledger, request.account(), days[0] - PERIOD_MARGIN_DAYS,
                    days[1] + PERIOD_MARGIN_DAYS, Matcher.metadataKeys(rules), now);
            this.session = new MatchSession(ledger, request.account(), rules, loaded, flaggedMissing(loaded));
            this.statement = new Statement(Ids.newV7(now), request.account(), request.currency(), request.format(),
                    sha256, Statement.Status.IMPORTING, spool.count(), days[0], days[1], now, Ids.newV7(now));
            this.seenBefore = linesSeenBefore(days, now);
        }

        /**
         * Fingerprints the lines of every other statement of the account that covers some of these
         * days (completed, or still importing and not abandoned), each with its occurrence among
         * identical lines of its own file, as this file's lines are.
         */
        private Map<UInt128, LineRef> linesSeenBefore(int[] days, long now) {
            Map<UInt128, LineRef> seen = new HashMap<>();
            ReconReads.Page<Statement> overlapping = reads.statements(ledger, null, Integer.MAX_VALUE,
                    s -> s.account().equals(request.account()) && s.firstDay() <= days[1] && s.lastDay() >= days[0]
                            && (s.status() == Statement.Status.COMPLETED
                                    || now - s.createdMillis() < CandidateLoader.IMPORT_ABANDONED_MILLIS));
            for (Statement other : overlapping.items()) {
                Map<Long, Integer> counts = new HashMap<>();
                reads.forEachLine(ledger, other.id(), line -> {
                    int occurrence = counts.merge(identity(line), 1, Integer::sum) - 1;
                    if (line.status() != StoredLine.Status.SEEN_BEFORE && line.day() >= days[0]
                            && line.day() <= days[1]) {
                        seen.putIfAbsent(fingerprint(line, occurrence), line.ref());
                    }
                });
            }
            return seen;
        }

        private Set<Long> flaggedMissing(CandidateLoader.Loaded loaded) {
            Set<Long> flagged = new HashSet<>();
            if (loaded.transferTimestamps().length == 0) {
                return flagged;
            }
            byte[] end = ReconKeys.missing(ledger, loaded.transferTimestamps()[loaded.transferTimestamps().length - 1] + 1);
            reads.scan(ReconKeys.prefix(ledger, ReconKeys.MISSING), null, Integer.MAX_VALUE, (k, v) -> {
                if (java.util.Arrays.compareUnsigned(k, end) >= 0) {
                    return false;
                }
                flagged.add(ReconKeys.timestampOf(k));
                return true;
            });
            return flagged;
        }

        Run write() throws IOException {
            ChunkWrites.Chunk first = new ChunkWrites.Chunk();
            first.expectAbsent(ReconKeys.statement(ledger, statement.id()));
            first.put(ReconKeys.statement(ledger, statement.id()), statement.encode());
            writes.writeNow(first);
            writeLines();
            matchGroups();
            int missing = flagMissing();
            queueExceptions();
            return complete(missing);
        }

        private void writeLines() throws IOException {
            ChunkWrites.Pipeline<Sent> pipeline = writes.pipeline(this);
            try (Spool.Reader reader = spool.reader()) {
                List<StoredLine> fresh = new ArrayList<>(CHUNK_LINES);
                int index = 0;
                for (Spool.Line line = reader.next(); line != null; line = reader.next()) {
                    fresh.add(new StoredLine(new LineRef(statement.id(), index++), line.fileLine(), line.day(),
                            line.amount(), line.fee(), line.reference(), line.description(), line.entryId(), line.raw(),
                            StoredLine.Status.UNMATCHED, Reason.NO_CANDIDATE, null, null));
                    if (fresh.size() == CHUNK_LINES) {
                        sendFirst(pipeline, fresh);
                        fresh = new ArrayList<>(CHUNK_LINES);
                    }
                }
                sendFirst(pipeline, fresh);
            }
            pipeline.drain();
            while (!staleChunks.isEmpty()) {
                List<Sent> again = new ArrayList<>(staleChunks);
                staleChunks.clear();
                for (Sent sent : again) {
                    if (sent.attempt() >= STALE_RETRIES_MAX) {
                        throw new ReconciliationException(409, "reconciliation_conflict", "another import or match "
                                + "kept changing the same lines and transfers; retry the upload", 0, null);
                    }
                    refreshClaims(sent.claims());
                    send(pipeline, fresh(sent.lines()), sent.seenIn(), sent.repeats(), sent.attempt() + 1);
                }
                pipeline.drain();
            }
        }

        /** After a stale chunk: its claims go back, except those someone else took meanwhile. */
        private void refreshClaims(int[] claims) {
            Candidates c = session.candidates();
            for (int n : claims) {
                c.release(n);
                if (c.kind(n) == Candidates.Kind.TRANSFER
                        && reads.raw(ReconKeys.claim(ledger, c.timestamp(n))) != null) {
                    c.claim(n);
                }
            }
        }

        private List<StoredLine> fresh(List<StoredLine> decided) {
            List<StoredLine> lines = new ArrayList<>(decided.size());
            for (StoredLine l : decided) {
                lines.add(l.unmatched(Reason.NO_CANDIDATE));
            }
            return lines;
        }

        /** Sends fresh lines, each fingerprinted with its occurrence among identical lines of the file. */
        private void sendFirst(ChunkWrites.Pipeline<Sent> pipeline, List<StoredLine> lines) {
            List<LineRef> seenIn = new ArrayList<>(lines.size());
            List<Boolean> repeats = new ArrayList<>(lines.size());
            for (StoredLine line : lines) {
                int occurrence = occurrences.merge(identity(line), 1, Integer::sum) - 1;
                repeats.add(occurrence > 0);
                seenIn.add(seenBefore.isEmpty() ? null : seenBefore.get(fingerprint(line, occurrence)));
            }
            send(pipeline, lines, seenIn, repeats, 0);
        }

        private void send(ChunkWrites.Pipeline<Sent> pipeline, List<StoredLine> lines, List<LineRef> seenIn,
                List<Boolean> repeats, int attempt) {
            if (lines.isEmpty()) {
                return;
            }
            ChunkWrites.Chunk chunk = new ChunkWrites.Chunk();
            List<StoredLine> decided = new ArrayList<>(lines.size());
            List<Integer> claims = new ArrayList<>();
            for (int i = 0; i < lines.size(); i++) {
                StoredLine line = lines.get(i);
                LineRef earlier = seenIn.get(i);
                if (earlier != null) {
                    decided.add(new StoredLine(line.ref(), line.fileLine(), line.day(), line.amount(), line.fee(),
                            line.reference(), line.description(), line.entryId(), line.raw(),
                            StoredLine.Status.SEEN_BEFORE, null, earlier, null));
                } else {
                    Matcher.Decision decision = session.matcher.match(MatchSession.facts(line));
                    if (decision instanceof Matcher.Matched m) {
                        for (int n : m.candidates()) {
                            claims.add(n);
                        }
                    }
                    decided.add(session.apply(line, decision, repeats.get(i), chunk));
                }
                chunk.put(ReconKeys.line(ledger, line.ref()), decided.get(i).encode());
            }
            pipeline.send(chunk, new Sent(decided, seenIn, repeats,
                    claims.stream().mapToInt(Integer::intValue).toArray(), attempt));
        }

        @Override
        public void applied(Sent sent) {
            for (StoredLine line : sent.lines()) {
                switch (line.status()) {
                    case SEEN_BEFORE -> tally.seenBefore();
                    case MATCHED -> tally.matched(line.amount());
                    case UNMATCHED -> {
                        openReasons.put(line.ref().index(), line.reason());
                        if (!line.reference().isEmpty()) {
                            openWithReference.add(new Matcher.OpenLine(line.ref().index(), MatchSession.facts(line)));
                        }
                    }
                }
            }
        }

        @Override
        public void stale(Sent sent) {
            session.release(sent.claims());
            staleChunks.add(sent);
        }

        // ---- Step 3: lines left open, matched as groups ----

        private void matchGroups() {
            List<Matcher.GroupDecision> decisions = session.matcher.matchGroups(openWithReference);
            ChunkWrites.Chunk chunk = new ChunkWrites.Chunk();
            for (Matcher.GroupDecision group : decisions) {
                List<LineRef> refs = group.lines().stream().map(i -> new LineRef(statement.id(), i)).toList();
                if (group.decision() instanceof Matcher.Matched m) {
                    LineRef head = refs.get(0);
                    session.claim(chunk, m.candidates(), head);
                    StoredLine.Match match = new StoredLine.Match(m.rule(), session.claimed(m.candidates()),
                            refs.subList(1, refs.size()), m.difference(), null, null, 0);
                    for (LineRef ref : refs) {
                        StoredLine line = reads.line(ledger, ref);
                        chunk.expect(ReconKeys.line(ledger, ref), line.encode());
                        chunk.put(ReconKeys.line(ledger, ref), line.matched(head, ref.equals(head) ? match : null)
                                .encode());
                        openReasons.remove(ref.index());
                        tally.matched(line.amount());
                    }
                } else {
                    Reason reason = ((Matcher.Unmatched) group.decision()).reason();
                    for (LineRef ref : refs) {
                        StoredLine line = reads.line(ledger, ref);
                        if (Reason.values()[Math.max(line.reason().ordinal(), reason.ordinal())] != line.reason()) {
                            chunk.expect(ReconKeys.line(ledger, ref), line.encode());
                            chunk.put(ReconKeys.line(ledger, ref), line.unmatched(reason).encode());
                            openReasons.put(ref.index(), reason);
                        }
                    }
                }
                if (chunk.isFull()) {
                    writeOrConflict(chunk);
                    chunk = new ChunkWrites.Chunk();
                }
            }
            writeOrConflict(chunk);
        }

        private void writeOrConflict(ChunkWrites.Chunk chunk) {
            if (!chunk.isEmpty() && !writes.writeNow(chunk)) {
                throw new ReconciliationException(409, "reconciliation_conflict", "another import or match changed "
                        + "the same lines or transfers; the statement's lines are kept, run a match again", 0, null);
            }
        }

        // ---- Step 4: transfers no line showed, the exceptions queue, the run ----

        private int flagMissing() {
            Candidates c = session.candidates();
            int lastShownDay = statement.lastDay() - request.overdueDays();
            int flagged = 0;
            ChunkWrites.Chunk chunk = new ChunkWrites.Chunk();
            for (int n = 0; n < c.size(); n++) {
                if (c.kind(n) != Candidates.Kind.TRANSFER || c.isClaimed(n) || c.day(n) < statement.firstDay()
                        || c.day(n) > lastShownDay) {
                    continue;
                }
                flagged++;
                if (session.flaggedMissing.add(c.timestamp(n))) {
                    chunk.put(ReconKeys.missing(ledger, c.timestamp(n)), new Fields.Out(40).id(c.id(n))
                            .id(statement.run()).bytes());
                }
                if (chunk.isFull()) {
                    writeOrConflict(chunk);
                    chunk = new ChunkWrites.Chunk();
                }
            }
            writeOrConflict(chunk);
            return flagged;
        }

        private void queueExceptions() {
            ChunkWrites.Chunk chunk = new ChunkWrites.Chunk();
            List<Integer> open = new ArrayList<>(openReasons.keySet());
            java.util.Collections.sort(open);
            for (int index : open) {
                LineRef ref = new LineRef(statement.id(), index);
                chunk.put(ReconKeys.open(ledger, ref), new byte[] {(byte) openReasons.get(index).ordinal()});
                chunk.events.add(new NotedEvent(EventType.RECONCILIATION_EXCEPTION_CREATED, statement.id(), index));
                if (chunk.isFull()) {
                    writeOrConflict(chunk);
                    chunk = new ChunkWrites.Chunk();
                }
            }
            writeOrConflict(chunk);
        }

        private Run complete(int missing) {
            for (int index : openReasons.keySet()) {
                StoredLine line = reads.line(ledger, new LineRef(statement.id(), index));
                tally.unmatched(line.amount(), line.reason());
            }
            tally.transfersMissing = missing;
            long durationMillis = (System.nanoTime() - startedNanos) / 1_000_000;
            Run run = tally.run(statement.run(), request.account(), statement.id(), request.currency(),
                    Run.Status.COMPLETED, startedMillis, durationMillis);
            Statement done = statement.completed();
            ChunkWrites.Chunk last = new ChunkWrites.Chunk();
            last.expect(ReconKeys.statement(ledger, statement.id()), statement.encode());
            last.put(ReconKeys.statement(ledger, statement.id()), done.encode());
            last.expectAbsent(checksumKey);
            last.put(checksumKey, new Fields.Out(16).id(statement.id()).bytes());
            last.put(ReconKeys.run(ledger, run.id()), run.encode());
            last.events.add(new NotedEvent(EventType.RECONCILIATION_RUN_COMPLETED, run.id(), 0));
            if (!writes.writeNow(last)) {
                throw new ReconciliationException(409, "statement_duplicate", "the same file was imported at the "
                        + "same time by another request, which completed first", 0, null);
            }
            statement = done;
            return run;
        }
    }

    /** What makes two lines of one file the same line: a repeat is counted by its occurrence. */
    private static long identity(StoredLine line) {
        long h = line.day() * 31L + line.amount();
        h = h * 31 + line.fee();
        h = h * 31 + line.reference().hashCode();
        h = h * 31 + line.description().hashCode();
        return h * 31 + line.entryId().hashCode();
    }

    /** A line's fingerprint for its account: what it says and its occurrence in the file. */
    private static UInt128 fingerprint(StoredLine line, int occurrence) {
        MessageDigest digest = Sha256.digest();
        digest.update((line.day() + "|" + line.amount() + "|" + line.fee() + "|" + line.reference() + "|"
                + line.description() + "|" + line.entryId() + "|" + occurrence).getBytes(StandardCharsets.UTF_8));
        byte[] hash = digest.digest();
        return new UInt128(dev.settle.store.Bytes.getLong(hash, 0), dev.settle.store.Bytes.getLong(hash, 8));
    }
}
