package dev.ecsdns.common;

import io.micronaut.http.HttpHeaders;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;

/**
 * While draining, every answer carries {@code Connection: close}: a caller holding a pooled keep-alive connection
 * to this instance opens its next one wherever DNS now points, long before the instance goes away.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
final class LameDuckFilter {

    private final LameDuck lameDuck;

    LameDuckFilter(LameDuck lameDuck) {
        this.lameDuck = lameDuck;
    }

    @ResponseFilter
    void closeConnectionsWhileDraining(MutableHttpResponse<?> response) {
        if (lameDuck.isDraining()) {
            response.header(HttpHeaders.CONNECTION, "close");
        }
    }
}
