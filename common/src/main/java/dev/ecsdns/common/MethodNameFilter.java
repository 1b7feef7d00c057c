package dev.ecsdns.common;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.exceptions.HttpStatusException;

/**
 * Method names are case-sensitive (RFC 9110, 9.1), but the router upper-cases them: without this filter "delete" or
 * "get" would run the DELETE or GET route. Any method spelt otherwise than its standard name is 405 problem+json.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
final class MethodNameFilter {

    @RequestFilter
    void refuseMethodsInAnotherCase(HttpRequest<?> request) {
        if (!request.getMethodName().equals(request.getMethod().name())) {
            throw new HttpStatusException(HttpStatus.METHOD_NOT_ALLOWED,
                "Method names are case-sensitive: this service has no method " + request.getMethodName() + ".");
        }
    }
}
