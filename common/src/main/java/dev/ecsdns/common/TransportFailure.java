package dev.ecsdns.common;

import io.micronaut.http.client.exceptions.HttpClientException;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.http.client.exceptions.ReadTimeoutException;
import io.micronaut.retry.annotation.RetryPredicate;

/**
 * Which failures are retried on another instance and count against the circuit: the connection could not be made,
 * was refused, or was reset before an answer. Any answer (even 5xx) is not retried: the request reached a live
 * instance. A read timeout is not retried either: the request may have been applied, and waiting twice the read
 * timeout would break the fail-fast promise.
 */
public final class TransportFailure implements RetryPredicate {

    @Override
    public boolean test(Throwable failure) {
        return failure instanceof HttpClientException
            && !(failure instanceof HttpClientResponseException)
            && !(failure instanceof ReadTimeoutException);
    }
}
