package dev.settle.tenant;

import dev.settle.ledger.UInt128;
import dev.settle.pod.PodCommand;
import dev.settle.store.Bytes;
import dev.settle.store.StoreLayout.ColumnFamily;
import java.nio.charset.StandardCharsets;

/**
 * What a new tenant claims when it is created ({@link PodCommand.CreateLedger}): its name and its
 * ledger number, as records of the {@code default} column family whose value is the tenant's id.
 * A claim that exists already refuses the creation.
 */
final class TenantClaims {
    /** The index of the name's claim in a creation's claims. */
    static final int NAME = 0;
    /** The index of the ledger number's claim. */
    static final int LEDGER = 1;
    private static final byte[] NAME_PREFIX = "tenant_name/".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] LEDGER_PREFIX = "tenant_ledger/".getBytes(StandardCharsets.US_ASCII);

    private TenantClaims() {}

    static PodCommand.Put name(String name, UInt128 tenant) {
        byte[] text = name.getBytes(StandardCharsets.US_ASCII);
        byte[] key = new byte[NAME_PREFIX.length + text.length];
        System.arraycopy(NAME_PREFIX, 0, key, 0, NAME_PREFIX.length);
        System.arraycopy(text, 0, key, NAME_PREFIX.length, text.length);
        return new PodCommand.Put(ColumnFamily.DEFAULT, key, id(tenant));
    }

    static PodCommand.Put ledger(int ledger, UInt128 tenant) {
        byte[] key = new byte[LEDGER_PREFIX.length + Integer.BYTES];
        System.arraycopy(LEDGER_PREFIX, 0, key, 0, LEDGER_PREFIX.length);
        Bytes.putInt(key, LEDGER_PREFIX.length, ledger);
        return new PodCommand.Put(ColumnFamily.DEFAULT, key, id(tenant));
    }

    private static byte[] id(UInt128 tenant) {
        byte[] value = new byte[16];
        Bytes.putLong(value, 0, tenant.high());
        Bytes.putLong(value, 8, tenant.low());
        return value;
    }
}
