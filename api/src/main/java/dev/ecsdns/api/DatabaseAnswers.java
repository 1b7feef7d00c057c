package dev.ecsdns.api;

import dev.ecsdns.common.Futures;
import dev.ecsdns.common.Problem;
import dev.ecsdns.common.ServedBy;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.client.exceptions.HttpClientException;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import jakarta.inject.Singleton;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Turns database's answers into api's. A success goes to the client with its status, body, ETag, Idempotent-Replayed,
 * Served-By and Location (moved under /api). A rejection database explains goes to the client as the same status and problem. Everything else is
 * database failing: no answer or a 5xx becomes the shared handler's 503 + Retry-After, an answer api does not
 * understand its 502.
 */
@Singleton
final class DatabaseAnswers {

    /** The rejections of database's contract that the client caused and can act on (409: a key whose item is gone). */
    private static final Set<Integer> PASSED_ON = Set.of(400, 404, 409, 412, 422, 428);
    /**
     * Headers of a success that mean something to the client: the version, whether a create was a replay, and which
     * database instance served it (api's own name goes in front, see {@link ServedBy}).
     */
    private static final List<String> PASSED_HEADERS = List.of(HttpHeaders.ETAG, "Idempotent-Replayed", ServedBy.HEADER);
    private static final String ITEMS_PATH = "/items/";

    /**
     * Calls database and answers what api should send the client, when database's answer arrives: no thread waits for
     * it, so a request costs no hand-off from the event loop to an executor and back.
     */
    <T> CompletableFuture<HttpResponse<T>> relay(Supplier<CompletableFuture<HttpResponse<T>>> call) {
        return exchange(call).thenApply(DatabaseAnswers::relayed);
    }

    /** Calls database and answers the body of its success, when it arrives. */
    <T> CompletableFuture<T> body(Supplier<CompletableFuture<HttpResponse<T>>> call) {
        return exchange(call).thenApply(answer -> answer.getBody()
            .orElseThrow(() -> unusable(answer, "database answered " + answer.code() + " without a body")));
    }

    private static <T> HttpResponse<T> relayed(HttpResponse<T> answer) {
        MutableHttpResponse<T> response = HttpResponse.status(answer.status());
        Optional<T> body = answer.getBody();
        if (body.isEmpty() && answer.status() != HttpStatus.NO_CONTENT) {
            throw unusable(answer, "database answered " + answer.code() + " without a body");
        }
        body.ifPresent(response::body);
        PASSED_HEADERS.forEach(name -> answer.getHeaders().findFirst(name).ifPresent(value -> response.header(name, value)));
        answer.getHeaders().findFirst(HttpHeaders.LOCATION)
            .ifPresent(location -> response.header(HttpHeaders.LOCATION, underApi(location)));
        return response;
    }

    private static <T> CompletableFuture<HttpResponse<T>> exchange(Supplier<CompletableFuture<HttpResponse<T>>> call) {
        return Futures.called(call).handle((answer, failure) -> {
            Throwable cause = Futures.cause(failure);
            if (cause instanceof HttpClientResponseException notRead) {
                // The client fails for an error status (a 404 it may answer instead) and for a body it could not read.
                throw notASuccess(notRead.getResponse());
            }
            if (cause instanceof HttpClientException unreachable) {
                throw named(unreachable);
            }
            if (cause != null) {
                throw Futures.unchecked(cause);
            }
            if (answer.code() >= 300) {
                throw notASuccess(answer);
            }
            return answer;
        });
    }

    /**
     * Refused, timed out, reset: the 503 should say who is down. Some failures carry no service id and cannot take
     * one (a read timeout is one shared instance), so those are wrapped.
     */
    private static HttpClientException named(HttpClientException failure) {
        if (failure.getServiceId() != null) {
            return failure;
        }
        HttpClientException named = new HttpClientException(failure.getMessage(), failure);
        named.setServiceId(DatabaseClient.ID);
        return named;
    }

    /** What the client gets instead: database's rejection as it is, or the shared handler's 503 (5xx) or 502. */
    private static RuntimeException notASuccess(HttpResponse<?> answer) {
        return PASSED_ON.contains(answer.code())
            ? rejection(answer)
            : unusable(answer, "database answered " + answer.code());
    }

    private static RejectedRequestException rejection(HttpResponse<?> answer) {
        Optional<Problem> problem = problemIn(answer);
        return new RejectedRequestException(answer.status(),
            problem.map(Problem::detail).orElse(answer.status().getReason()),
            problem.map(Problem::invalidParams).orElse(List.of()),
            answer.getHeaders().findFirst(HttpHeaders.ETAG).orElse(null));
    }

    /** database's problem body; a rejection without one (a proxy's page, say) still gets its status passed on. */
    private static Optional<Problem> problemIn(HttpResponse<?> answer) {
        try {
            return answer.getBody(Problem.class);
        } catch (RuntimeException notAProblem) {
            return Optional.empty();
        }
    }

    /** For the shared handler: a 5xx status means database failed (503), any other unusable answer means 502. */
    private static HttpClientResponseException unusable(HttpResponse<?> answer, String message) {
        HttpClientResponseException failure = new HttpClientResponseException(message, answer);
        failure.setServiceId(DatabaseClient.ID);
        return failure;
    }

    /** database places items at /items/{id}; clients reach them through the load balancer at /api/items/{id}. */
    private static String underApi(String location) {
        int at = location.indexOf(ITEMS_PATH);
        return at < 0 ? location : "/api" + location.substring(at);
    }
}
