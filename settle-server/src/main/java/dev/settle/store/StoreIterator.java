package dev.settle.store;

import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;

/**
 * An iterator over one column family of a {@link LedgerStore}. While it is open it holds the
 * store's gate ({@link SwapGate}), so {@link LedgerStore#replaceWith} waits until it is closed
 * instead of pulling the database out from under it.
 *
 * <p>Close it in a try-with-resources block on the thread that opened it (the gate counts open
 * iterators per thread), and do not wait for another thread's store call while holding it: a
 * pending replacement makes new calls on other threads wait, so such a wait lasts until the
 * replacement gives up ({@link LedgerStore#SWAP_WAIT_MILLIS_MAX}).
 */
public final class StoreIterator implements AutoCloseable {
    private final RocksIterator iterator;
    private final SwapGate gate;
    private final int slot;
    private final Thread owner;
    private boolean closed;

    StoreIterator(RocksIterator iterator, SwapGate gate, int slot) {
        this.iterator = iterator;
        this.gate = gate;
        this.slot = slot;
        this.owner = Thread.currentThread();
    }

    public void seek(byte[] target) {
        iterator.seek(target);
    }

    public void seekForPrev(byte[] target) {
        iterator.seekForPrev(target);
    }

    public void seekToFirst() {
        iterator.seekToFirst();
    }

    public void seekToLast() {
        iterator.seekToLast();
    }

    public boolean isValid() {
        return iterator.isValid();
    }

    public void next() {
        iterator.next();
    }

    public void prev() {
        iterator.prev();
    }

    public byte[] key() {
        return iterator.key();
    }

    public byte[] value() {
        return iterator.value();
    }

    /**
     * Throws when the iteration stopped on an error rather than at the end (call it after a loop
     * over {@link #isValid}: a read error also makes the iterator invalid).
     */
    public void checkStatus() {
        try {
            iterator.status();
        } catch (RocksDBException e) {
            throw new StoreException("reading the data directory failed: " + e.getMessage(), e);
        }
    }

    /** Closes the RocksDB iterator and leaves the gate; a second call does nothing. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        iterator.close();
        if (Thread.currentThread() != owner) {
            // The gate counts the owner's open iterators on the owner's thread, and that count lets
            // the owner's calls pass during a pending swap: it cannot be fixed from here. The hold
            // stays (a swap then gives up after its wait); fail loudly, it is a bug.
            throw new IllegalStateException("a StoreIterator must be closed by the thread that opened it ("
                    + owner.getName() + "), not by " + Thread.currentThread().getName());
        }
        gate.exitIterator(slot);
    }
}
