package dev.settle.store;

/**
 * Builds the serialized form of a RocksDB {@code WriteBatch} in a Java byte array, so that a
 * batch of tens of thousands of records crosses into RocksDB in one JNI call
 * ({@code new WriteBatch(byte[])}) instead of one call per record.
 *
 * <p>The format is RocksDB's own, stable since it is what the write-ahead log stores
 * (db/write_batch.cc):
 *
 * <pre>
 *   rep     := sequence:fixed64 count:fixed32 record*      (little-endian; sequence 0, RocksDB sets it)
 *   record  := 0x01 key value                               put, default column family
 *            | 0x05 cf:varint32 key value                   put, other column family
 *            | 0x00 key                                     delete, default column family
 *            | 0x04 cf:varint32 key                         delete, other column family
 *            | 0x0F begin end                               delete range [begin, end), default column family
 *            | 0x0E cf:varint32 begin end                   delete range, other column family
 *   key, value := length:varint32 bytes
 * </pre>
 *
 * A test checks the bytes against RocksDB's {@code WriteBatch.data()} for the same operations.
 */
public final class WriteBatchRep {
    static final int HEADER_BYTES = 12;
    private static final int COUNT_OFFSET = 8;
    private static final int TYPE_DELETION = 0x00;
    private static final int TYPE_VALUE = 0x01;
    private static final int TYPE_COLUMN_FAMILY_DELETION = 0x04;
    private static final int TYPE_COLUMN_FAMILY_VALUE = 0x05;
    private static final int TYPE_COLUMN_FAMILY_RANGE_DELETION = 0x0E;
    private static final int TYPE_RANGE_DELETION = 0x0F;

    private static final int INITIAL_BYTES = 1 << 20;

    private final ByteSink sink;
    private int count;

    public WriteBatchRep() {
        this(INITIAL_BYTES);
    }

    private WriteBatchRep(int initialBytes) {
        sink = new ByteSink(HEADER_BYTES + initialBytes);
        reset();
    }

    public void reset() {
        sink.clear();
        sink.putLongLittleEndian(0);
        sink.putIntLittleEndian(0);
        count = 0;
    }

    public int count() {
        return count;
    }

    public int sizeBytes() {
        return sink.size();
    }

    /** Starts a put: writes the record type, column family and key length; the caller writes the key bytes. */
    public ByteSink beginPut(int columnFamilyId, int keyLength) {
        begin(columnFamilyId, TYPE_VALUE, TYPE_COLUMN_FAMILY_VALUE);
        sink.putVarint32(keyLength);
        return sink;
    }

    /** Ends a put begun with {@link #beginPut} with this value. */
    public void endPut(ByteSink value) {
        sink.putVarint32(value.size());
        sink.putBytes(value.buffer(), 0, value.size());
    }

    /** Ends a put begun with {@link #beginPut} with {@code length} value bytes of {@code bytes} from {@code offset}. */
    public void endPut(byte[] bytes, int offset, int length) {
        sink.putVarint32(length);
        sink.putBytes(bytes, offset, length);
    }

    /** Ends a put begun with {@link #beginPut} with an empty value. */
    public void endPutEmpty() {
        sink.putVarint32(0);
    }

    public ByteSink beginDelete(int columnFamilyId, int keyLength) {
        begin(columnFamilyId, TYPE_DELETION, TYPE_COLUMN_FAMILY_DELETION);
        sink.putVarint32(keyLength);
        return sink;
    }

    /** Deletes every key in [{@code begin}, {@code end}). */
    public void deleteRange(int columnFamilyId, byte[] begin, byte[] end) {
        begin(columnFamilyId, TYPE_RANGE_DELETION, TYPE_COLUMN_FAMILY_RANGE_DELETION);
        sink.putVarint32(begin.length);
        sink.putBytes(begin);
        sink.putVarint32(end.length);
        sink.putBytes(end);
    }

    public void delete(int columnFamilyId, byte[] key) {
        beginDelete(columnFamilyId, key.length).putBytes(key);
    }

    public void put(int columnFamilyId, byte[] key, byte[] value) {
        beginPut(columnFamilyId, key.length).putBytes(key);
        sink.putVarint32(value.length);
        sink.putBytes(value);
    }

    /** The finished batch: header count set, bytes copied out. */
    public byte[] toBytes() {
        sink.setIntLittleEndian(COUNT_OFFSET, count);
        return sink.toArray();
    }

    /**
     * {@code rep} (a finished batch) with one more put at its end: the same atomic write, with a
     * record its builder did not know of (a replicated pod's applied log index).
     */
    public static byte[] withPut(byte[] rep, int columnFamilyId, byte[] key, byte[] value) {
        WriteBatchRep extra = new WriteBatchRep(key.length + value.length + 16);
        extra.put(columnFamilyId, key, value);
        int extraBytes = extra.sink.size() - HEADER_BYTES;
        ByteSink joined = new ByteSink(rep.length + extraBytes);
        joined.putBytes(rep);
        joined.putBytes(extra.sink.buffer(), HEADER_BYTES, extraBytes);
        int count = 0;
        for (int i = 0; i < Integer.BYTES; i++) {
            count |= (rep[COUNT_OFFSET + i] & 0xFF) << (8 * i);
        }
        joined.setIntLittleEndian(COUNT_OFFSET, count + 1);
        return joined.toArray();
    }

    private void begin(int columnFamilyId, int defaultType, int columnFamilyType) {
        if (columnFamilyId == 0) {
            sink.putByte(defaultType);
        } else {
            sink.putByte(columnFamilyType);
            sink.putVarint32(columnFamilyId);
        }
        count++;
    }
}
