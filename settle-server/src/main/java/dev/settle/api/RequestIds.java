package dev.settle.api;

import dev.settle.common.Ids;

/** Request ids: {@code req_} and a UUIDv7 without dashes, so they sort by time in logs. */
final class RequestIds {
    private RequestIds() {}

    static String next() {
        return "req_" + Ids.format(Ids.newV7(System.currentTimeMillis())).replace("-", "");
    }
}
