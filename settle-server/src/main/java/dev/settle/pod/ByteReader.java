package dev.settle.pod;

import dev.settle.store.Bytes;

/**
 * Reads, in order, what a {@link dev.settle.store.ByteSink} wrote (big-endian), from bytes that
 * may be hostile: every read is checked against the bytes left, and a count is checked against
 * its limit and against what the bytes left could hold before anything is allocated for it. A
 * failed check is a {@link PodBatchCodec.MalformedBatchException} that names the field and the
 * offset where it starts; nothing else is thrown for bad bytes.
 *
 * <p>The {@code what} arguments name the field for that message; pass constant strings, so that
 * reading allocates nothing.
 */
public final class ByteReader {
    private final byte[] bytes;
    private int offset;
    /** Where the field read last (or being read) starts: what a failure names. */
    private int fieldOffset;

    ByteReader(byte[] bytes) {
        this.bytes = bytes;
    }

    /** How far reading got: the offset of the next byte. */
    public int offset() {
        return offset;
    }

    public int remaining() {
        return bytes.length - offset;
    }

    /** One byte, unsigned (0..255). */
    public int getByte(String what) {
        require(1, what);
        return bytes[offset++] & 0xFF;
    }

    /** Two bytes, unsigned (0..65535). */
    public int getShort(String what) {
        require(2, what);
        int value = Bytes.getShort(bytes, offset);
        offset += 2;
        return value;
    }

    public int getInt(String what) {
        require(4, what);
        int value = Bytes.getInt(bytes, offset);
        offset += 4;
        return value;
    }

    public long getLong(String what) {
        require(8, what);
        long value = Bytes.getLong(bytes, offset);
        offset += 8;
        return value;
    }

    /** A copy of the next {@code length} bytes; the length was read from the input, so it is checked first. */
    public byte[] getBytes(int length, String what) {
        if (length < 0) {
            throw malformed(what + " has a negative length " + length);
        }
        require(length, what);
        byte[] copy = new byte[length];
        System.arraycopy(bytes, offset, copy, 0, length);
        offset += length;
        return copy;
    }

    /**
     * Checks a count just read: at most {@code max}, and no more items than the bytes left can
     * hold at {@code itemBytesMin} each, so that a forged count never sizes an allocation.
     */
    public int checkCount(int count, int max, int itemBytesMin, String what) {
        if (count < 0 || count > max) {
            throw malformed(what + " count " + Integer.toUnsignedString(count) + " is outside 0.." + max);
        }
        if ((long) count * itemBytesMin > remaining()) {
            throw malformed(what + " count " + count + " needs at least " + (long) count * itemBytesMin
                    + " bytes, " + remaining() + " left");
        }
        return count;
    }

    /** The exception for input that does not decode: {@code what} is wrong with the field read last. */
    public PodBatchCodec.MalformedBatchException malformed(String what) {
        return new PodBatchCodec.MalformedBatchException(what, fieldOffset);
    }

    /** Checks that every byte was read: nothing may follow what {@code what} ends. */
    void requireEnd(String what) {
        if (remaining() != 0) {
            fieldOffset = offset;
            throw malformed(remaining() + " bytes follow " + what);
        }
    }

    private void require(int length, String what) {
        fieldOffset = offset;
        if (length > remaining()) {
            throw malformed("truncated: " + what + " needs " + length + " bytes, " + remaining() + " left");
        }
    }
}
