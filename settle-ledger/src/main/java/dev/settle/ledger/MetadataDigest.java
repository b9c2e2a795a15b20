package dev.settle.ledger;

/**
 * A 64-bit digest of metadata bytes, kept in memory per account so that re-creating an account
 * with the same id can be told apart from one with other metadata without reading the store.
 * Deterministic; 0 means "no metadata".
 */
final class MetadataDigest {
    private static final long OFFSET_BASIS = 0xCBF29CE484222325L;
    private static final long PRIME = 0x100000001B3L;

    private MetadataDigest() {}

    static long of(byte[] metadata) {
        if (metadata == null || metadata.length == 0) {
            return 0;
        }
        long h = OFFSET_BASIS ^ metadata.length;
        for (byte b : metadata) {
            h = (h ^ (b & 0xFF)) * PRIME;
        }
        // Final avalanche (MurmurHash3's fmix64) so that short inputs spread over all bits.
        h ^= h >>> 33;
        h *= 0xFF51AFD7ED558CCDL;
        h ^= h >>> 33;
        h *= 0xC4CEB9FE1A85EC53L;
        h ^= h >>> 33;
        return h == 0 ? 1 : h;
    }
}
