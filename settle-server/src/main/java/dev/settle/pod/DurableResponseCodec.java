package dev.settle.pod;

import dev.settle.store.ByteSink;
import java.util.function.IntFunction;

/**
 * Writes a {@link DurableResponse} into a pod batch entry: {@code [key length:2][key][renderer
 * id:2][data length:4][data]}. The renderer travels by its id; a member decoding the entry finds
 * it with {@code renderers} (the API's registry), so only ids that every member knows may be
 * logged.
 */
public final class DurableResponseCodec implements PodBatchCodec.ResponseCodec {
    /** A stored answer's key: a ledger number and a SHA-256, with room. */
    static final int KEY_BYTES_MAX = 1024;
    /** The renderer's input, or a fixed answer: at most a batch body's answer of 8,190 results. */
    static final int DATA_BYTES_MAX = 8 << 20;
    private static final int UNSIGNED_SHORT_MAX = 0xFFFF;

    private final IntFunction<DurableResponse.Renderer> renderers;

    /** @param renderers the renderer of an id; throws IllegalArgumentException for an id it does not know */
    public DurableResponseCodec(IntFunction<DurableResponse.Renderer> renderers) {
        this.renderers = renderers;
    }

    @Override
    public void write(DurableResponse response, ByteSink out) {
        if (response.key().length > KEY_BYTES_MAX || response.data().length > DATA_BYTES_MAX
                || response.renderer().id() < 0 || response.renderer().id() > UNSIGNED_SHORT_MAX) {
            throw new IllegalArgumentException("a stored answer of " + response.data().length + " bytes under a key of "
                    + response.key().length + " bytes (renderer " + response.renderer().id() + ") cannot be logged");
        }
        out.putShort(response.key().length);
        out.putBytes(response.key());
        out.putShort(response.renderer().id());
        out.putInt(response.data().length);
        out.putBytes(response.data());
    }

    @Override
    public DurableResponse read(ByteReader in) {
        int keyLength = in.getShort("stored answer's key length");
        if (keyLength > KEY_BYTES_MAX) {
            throw in.malformed("stored answer's key length " + keyLength + " is over " + KEY_BYTES_MAX);
        }
        byte[] key = in.getBytes(keyLength, "stored answer's key");
        int id = in.getShort("stored answer's renderer");
        DurableResponse.Renderer renderer;
        try {
            renderer = renderers.apply(id);
        } catch (IllegalArgumentException e) {
            throw in.malformed("no renderer has id " + id);
        }
        int dataLength = in.getInt("stored answer's data length");
        if (dataLength < 0 || dataLength > DATA_BYTES_MAX) {
            throw in.malformed("stored answer's data length " + dataLength + " is outside 0.." + DATA_BYTES_MAX);
        }
        return new DurableResponse(key, renderer, in.getBytes(dataLength, "stored answer's data"));
    }

    @Override
    public int encodedBytesHint(DurableResponse response) {
        return 2 + response.key().length + 2 + 4 + response.data().length;
    }
}
