/**
 * Durable storage of ledgers in an embedded RocksDB database.
 *
 * <p>One pod batch is one RocksDB {@code WriteBatch}, written with {@code sync=true}: balances,
 * transfers, indexes, history, open pending transfers, events (written by {@code store.outbox}),
 * stored answers and the applied position change together or not at all.
 * {@link dev.settle.store.StoreLayout} documents every column family and key;
 * {@link dev.settle.store.RecordCodec} every value. Reads never see an unsynced batch.
 */
package dev.settle.store;
