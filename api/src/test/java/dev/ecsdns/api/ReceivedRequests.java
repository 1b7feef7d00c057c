package dev.ecsdns.api;

import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;

import java.util.ArrayList;
import java.util.List;

/**
 * Every request the fake database received on its items and whoami paths (not its own health checks), so a test
 * can say what api forwarded, or that it forwarded nothing.
 */
@Requires(property = "spec.name", value = FakeDatabaseController.SPEC)
@ServerFilter({"/items/**", "/items", "/whoami"})
class ReceivedRequests {

    private final List<Received> received = new ArrayList<>();

    @RequestFilter
    synchronized void record(HttpRequest<?> request) {
        received.add(new Received(request.getMethodName(), request.getPath(),
            request.getHeaders().get("Idempotency-Key"), request.getHeaders().get("If-Match")));
    }

    synchronized List<Received> all() {
        return List.copyOf(received);
    }

    synchronized Received last() {
        return received.get(received.size() - 1);
    }

    synchronized void clear() {
        received.clear();
    }

    /** What a test looks at in one received request. */
    record Received(String method, String path, String idempotencyKey, String ifMatch) {
    }
}
