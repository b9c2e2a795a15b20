package dev.settle.bench.http;

import dev.settle.bench.WorkloadSpec;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * A complete transfer request (head and body) encoded once, whose transfer ids and account ids
 * are overwritten in place before each send. Every id is a 36-character UUID, so the body's
 * length, and with it the head, never changes. Each connection owns its own template, which is
 * only touched by the thread that drives the connection.
 *
 * <pre>
 * single: {"id":"&lt;id&gt;","debit_account_id":"&lt;id&gt;","credit_account_id":"&lt;id&gt;","amount":1}
 * batch:  {"transfers":[item,item,...]}   (items as above, separated by one comma)
 * </pre>
 */
final class TransferRequestTemplate {
    private static final String ITEM_BEFORE_ID = "{\"id\":\"";
    private static final String ITEM_BEFORE_DEBIT = "\",\"debit_account_id\":\"";
    private static final String ITEM_BEFORE_CREDIT = "\",\"credit_account_id\":\"";
    private static final String ITEM_END = "\",\"amount\":1}";
    private static final String BATCH_START = "{\"transfers\":[";
    private static final String BATCH_END = "]}";
    private static final char ITEM_SEPARATOR = ',';

    static final int ID_OFFSET = ITEM_BEFORE_ID.length();
    static final int DEBIT_OFFSET = ID_OFFSET + Uuids.TEXT_BYTES + ITEM_BEFORE_DEBIT.length();
    static final int CREDIT_OFFSET = DEBIT_OFFSET + Uuids.TEXT_BYTES + ITEM_BEFORE_CREDIT.length();
    static final int ITEM_BYTES = CREDIT_OFFSET + Uuids.TEXT_BYTES + ITEM_END.length();
    /** The server's limit on a batch's body (docs/api.md). */
    static final int BATCH_BODY_BYTES_MAX = 4 * 1024 * 1024;
    /** The body of a batch of the largest size: its items and the commas between them. */
    static final int BATCH_BODY_BYTES_LARGEST = BATCH_START.length() + BATCH_END.length()
            + WorkloadSpec.BATCH_SIZE_MAX * (ITEM_BYTES + 1) - 1;

    static {
        // The largest batch the config allows must fit the server's body limit, or every batch would be refused.
        if (BATCH_BODY_BYTES_LARGEST > BATCH_BODY_BYTES_MAX) {
            throw new AssertionError("a batch of " + WorkloadSpec.BATCH_SIZE_MAX + " transfers takes "
                    + BATCH_BODY_BYTES_LARGEST + " bytes, over the server's " + BATCH_BODY_BYTES_MAX);
        }
    }

    private final byte[] request;
    private final int firstItemOffset;
    private final int itemStrideBytes;
    private final int transfers;
    private final UuidVersion idVersion;

    private TransferRequestTemplate(byte[] request, int firstItemOffset, int itemStrideBytes, int transfers,
            UuidVersion idVersion) {
        this.request = request;
        this.firstItemOffset = firstItemOffset;
        this.itemStrideBytes = itemStrideBytes;
        this.transfers = transfers;
        this.idVersion = idVersion;
    }

    /**
     * A request to {@code endpoint} of {@code transfers} transfers (exactly 1 for
     * {@link TransferEndpoint#SINGLE}) whose transfer ids are UUIDs of {@code idVersion}.
     */
    static TransferRequestTemplate of(HttpTarget target, TransferEndpoint endpoint, int transfers,
            UuidVersion idVersion) {
        if (idVersion == null) {
            throw new IllegalArgumentException("the transfer ids need a UUID version");
        }
        return switch (endpoint) {
            case SINGLE -> {
                if (transfers != 1) {
                    throw new IllegalArgumentException("a single transfer request holds 1 transfer, not " + transfers);
                }
                yield build(target, endpoint, "", 1, "", idVersion);
            }
            case BATCH -> {
                if (transfers < 1 || transfers > WorkloadSpec.BATCH_SIZE_MAX) {
                    throw new IllegalArgumentException("a batch holds 1.." + WorkloadSpec.BATCH_SIZE_MAX
                            + " transfers, got " + transfers);
                }
                yield build(target, endpoint, BATCH_START, transfers, BATCH_END, idVersion);
            }
        };
    }

    private static TransferRequestTemplate build(HttpTarget target, TransferEndpoint endpoint, String bodyStart,
            int transfers, String bodyEnd, UuidVersion idVersion) {
        byte[] item = placeholderItem();
        ByteArrayOutputStream body = new ByteArrayOutputStream(bodyStart.length() + transfers * (item.length + 1));
        body.writeBytes(bodyStart.getBytes(StandardCharsets.US_ASCII));
        for (int i = 0; i < transfers; i++) {
            if (i > 0) {
                body.write(ITEM_SEPARATOR);
            }
            body.writeBytes(item);
        }
        body.writeBytes(bodyEnd.getBytes(StandardCharsets.US_ASCII));
        byte[] request = target.post(endpoint.path(), body.toByteArray());
        int firstItemOffset = request.length - body.size() + bodyStart.length();
        return new TransferRequestTemplate(request, firstItemOffset, ITEM_BYTES + 1, transfers, idVersion);
    }

    /** One item with zeros where the ids go; {@link #fill} overwrites them before every send. */
    private static byte[] placeholderItem() {
        String id = "0".repeat(Uuids.TEXT_BYTES);
        byte[] item = (ITEM_BEFORE_ID + id + ITEM_BEFORE_DEBIT + id + ITEM_BEFORE_CREDIT + id + ITEM_END)
                .getBytes(StandardCharsets.US_ASCII);
        if (item.length != ITEM_BYTES) {
            throw new AssertionError("an item takes " + item.length + " bytes, the offsets assume " + ITEM_BYTES);
        }
        return item;
    }

    /**
     * Gives every transfer a fresh id and two different random accounts.
     *
     * @param unixMillis the time that version-7 ids carry (the caller's clock; unused by version 4)
     */
    void fill(SplittableRandom random, AccountIds accounts, long unixMillis) {
        int end = firstItemOffset + transfers * itemStrideBytes;
        switch (idVersion) {
            case V4 -> {
                for (int item = firstItemOffset; item < end; item += itemStrideBytes) {
                    Uuids.writeV4(random, request, item + ID_OFFSET);
                }
            }
            case V7 -> {
                for (int item = firstItemOffset; item < end; item += itemStrideBytes) {
                    Uuids.writeV7(unixMillis, random, request, item + ID_OFFSET);
                }
            }
        }
        int accountCount = accounts.count();
        for (int item = firstItemOffset; item < end; item += itemStrideBytes) {
            int debit = random.nextInt(accountCount);
            int credit = random.nextInt(accountCount - 1);
            if (credit >= debit) {
                credit++;
            }
            accounts.copyTo(debit, request, item + DEBIT_OFFSET);
            accounts.copyTo(credit, request, item + CREDIT_OFFSET);
        }
    }

    /** The request as last filled; the same array every time. */
    byte[] bytes() {
        return request;
    }

    int transfers() {
        return transfers;
    }

    UuidVersion idVersion() {
        return idVersion;
    }
}
