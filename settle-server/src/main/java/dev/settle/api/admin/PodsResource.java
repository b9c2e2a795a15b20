package dev.settle.api.admin;

import dev.settle.api.http.ApiRequest;
import dev.settle.api.http.ApiResponse;
import dev.settle.api.http.Views;
import dev.settle.pod.Pod;
import dev.settle.pod.Pods;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/** {@code GET /v1/admin/pods}: the pods of the process, their tenants and their load. */
public final class PodsResource {
    private final Pods pods;

    public PodsResource(Pods pods) {
        this.pods = pods;
    }

    public ApiResponse list(ApiRequest request) {
        request.onlyQuery(Set.of());
        List<Object> data = new ArrayList<>();
        for (int i = 0; i < pods.count(); i++) {
            Pod pod = pods.pod(i);
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("object", "pod");
            v.put("pod", i);
            v.put("name", pod.name());
            v.put("status", pod.isAvailable() ? "available" : "unavailable");
            v.put("tenants", pod.ledgerCount());
            v.put("queue_percent", pod.queuePercent());
            v.put("queue_delay_ms", TimeUnit.NANOSECONDS.toMillis(pod.queueDelayNanos()));
            data.add(v);
        }
        return request.json(200, Views.list(data, false));
    }
}
