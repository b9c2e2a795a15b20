package dev.settle.reconciliation;

import dev.settle.ledger.UInt128;
import dev.settle.store.ByteSink;
import dev.settle.store.Bytes;
import dev.settle.store.CorruptStoreException;
import java.nio.charset.StandardCharsets;

/** Reads and writes the fields of reconciliation records: fixed-width numbers, ids and length-prefixed text. */
final class Fields {
    private Fields() {}

    /** Writes fields into a growing buffer. */
    static final class Out {
        private final ByteSink sink;

        Out(int initialBytes) {
            sink = new ByteSink(initialBytes);
        }

        Out b(int v) {
            sink.putByte(v);
            return this;
        }

        Out i(int v) {
            sink.putInt(v);
            return this;
        }

        Out l(long v) {
            sink.putLong(v);
            return this;
        }

        Out id(UInt128 v) {
            sink.putLong(v.high());
            sink.putLong(v.low());
            return this;
        }

        /** Text as {@code [length:4][UTF-8]}; null as length -1. */
        Out s(String v) {
            if (v == null) {
                sink.putInt(-1);
                return this;
            }
            byte[] bytes = v.getBytes(StandardCharsets.UTF_8);
            sink.putInt(bytes.length);
            sink.putBytes(bytes, 0, bytes.length);
            return this;
        }

        Out raw(byte[] v) {
            sink.putInt(v.length);
            sink.putBytes(v, 0, v.length);
            return this;
        }

        byte[] bytes() {
            return sink.toArray();
        }
    }

    /** Reads fields in the order they were written; a short or bad record is a corrupt store. */
    static final class In {
        private final byte[] v;
        private int at;

        In(byte[] v) {
            this.v = v;
        }

        private void need(int n) {
            if (at + n > v.length || n < 0) {
                throw new CorruptStoreException("a reconciliation record ends early");
            }
        }

        int b() {
            need(1);
            return v[at++] & 0xFF;
        }

        int i() {
            need(4);
            int r = Bytes.getInt(v, at);
            at += 4;
            return r;
        }

        long l() {
            need(8);
            long r = Bytes.getLong(v, at);
            at += 8;
            return r;
        }

        UInt128 id() {
            long high = l();
            return new UInt128(high, l());
        }

        String s() {
            int n = i();
            if (n == -1) {
                return null;
            }
            need(n);
            String r = new String(v, at, n, StandardCharsets.UTF_8);
            at += n;
            return r;
        }

        byte[] raw() {
            int n = i();
            need(n);
            byte[] r = java.util.Arrays.copyOfRange(v, at, at + n);
            at += n;
            return r;
        }

        void end() {
            if (at != v.length) {
                throw new CorruptStoreException("a reconciliation record has " + (v.length - at) + " stray bytes");
            }
        }
    }
}
