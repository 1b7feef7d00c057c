package dev.ecsdns.web;

import dev.ecsdns.common.Problem;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.client.exceptions.HttpClientException;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.retry.exception.CircuitOpenException;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Sorts what a call to the api service threw: a refusal (4xx, the api understood and said no) is shown to the user;
 * anything that means the api is out of reach (refused, timed out, 5xx, open circuit) becomes the unavailable banner.
 */
final class ApiFailures {

    private ApiFailures() {
    }

    /**
     * Returns the refusal, or null when the api is unavailable. Rethrows anything else: that is a bug in this
     * service, not the api's state, and common's error processor answers it with a 500 problem.
     */
    @Nullable
    static HttpClientResponseException refusalOrRethrow(RuntimeException e) {
        if (e instanceof HttpClientResponseException answer && answer.getStatus().getCode() < 500) {
            return answer;
        }
        if (e instanceof HttpClientException || e instanceof CircuitOpenException) {
            return null;
        }
        throw e;
    }

    /** The api's reasons by field name; a refusal that names no field yields its detail under the key "". */
    static Map<String, String> invalidFields(HttpClientResponseException refusal) {
        List<Problem.InvalidParam> params = problem(refusal).map(Problem::invalidParams).orElse(null);
        if (params == null || params.isEmpty()) {
            return Map.of("", detail(refusal));
        }
        Map<String, String> reasons = new LinkedHashMap<>();
        params.forEach(p -> reasons.merge(p.name(), p.reason(), (a, b) -> a + "; " + b));
        return reasons;
    }

    static String detail(HttpClientResponseException refusal) {
        return problem(refusal).map(Problem::detail).filter(d -> !d.isBlank())
            .orElse("The item service refused the request (" + refusal.getStatus().getCode() + ").");
    }

    private static Optional<Problem> problem(HttpClientResponseException refusal) {
        try {
            return refusal.getResponse().getBody(Problem.class);
        } catch (RuntimeException unreadable) {
            return Optional.empty();
        }
    }
}
