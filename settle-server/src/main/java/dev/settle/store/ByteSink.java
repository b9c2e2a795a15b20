package dev.settle.store;

import java.util.Arrays;

/** A growable byte buffer for building keys, values and WriteBatch contents without per-field allocation. */
public final class ByteSink {
    private byte[] buffer;
    private int size;

    public ByteSink(int initialCapacity) {
        buffer = new byte[Math.max(16, initialCapacity)];
    }

    public int size() {
        return size;
    }

    public byte[] buffer() {
        return buffer;
    }

    public void clear() {
        size = 0;
    }

    public byte[] toArray() {
        return Arrays.copyOf(buffer, size);
    }

    public void putByte(int v) {
        ensure(1);
        buffer[size++] = (byte) v;
    }

    public void putShort(int v) {
        ensure(2);
        Bytes.putShort(buffer, size, v);
        size += 2;
    }

    public void putInt(int v) {
        ensure(4);
        Bytes.putInt(buffer, size, v);
        size += 4;
    }

    public void putLong(long v) {
        ensure(8);
        Bytes.putLong(buffer, size, v);
        size += 8;
    }

    /** Little-endian, as RocksDB's fixed32 and fixed64. */
    public void putLongLittleEndian(long v) {
        ensure(8);
        for (int i = 0; i < 8; i++) {
            buffer[size++] = (byte) (v >>> (8 * i));
        }
    }

    public void putIntLittleEndian(int v) {
        ensure(4);
        for (int i = 0; i < 4; i++) {
            buffer[size++] = (byte) (v >>> (8 * i));
        }
    }

    /** RocksDB's varint32: seven bits per byte, low bits first. */
    public void putVarint32(int v) {
        ensure(5);
        int rest = v;
        while ((rest & ~0x7F) != 0) {
            buffer[size++] = (byte) ((rest & 0x7F) | 0x80);
            rest >>>= 7;
        }
        buffer[size++] = (byte) rest;
    }

    public void putBytes(byte[] bytes) {
        putBytes(bytes, 0, bytes.length);
    }

    public void putBytes(byte[] bytes, int offset, int length) {
        ensure(length);
        System.arraycopy(bytes, offset, buffer, size, length);
        size += length;
    }

    /** Overwrites 4 bytes, little-endian, at {@code at} (for the WriteBatch count). */
    public void setIntLittleEndian(int at, int v) {
        for (int i = 0; i < 4; i++) {
            buffer[at + i] = (byte) (v >>> (8 * i));
        }
    }

    private void ensure(int more) {
        if (size + more > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, size + more));
        }
    }
}
