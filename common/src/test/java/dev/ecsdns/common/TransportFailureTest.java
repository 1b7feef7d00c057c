package dev.ecsdns.common;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.client.exceptions.HttpClientException;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.http.client.exceptions.ReadTimeoutException;
import org.junit.jupiter.api.Test;

import java.net.ConnectException;

import static org.assertj.core.api.Assertions.assertThat;

class TransportFailureTest {

    private final TransportFailure retryable = new TransportFailure();

    @Test
    void retriesARefusedOrResetConnection() {
        assertThat(retryable.test(new HttpClientException("Connect Error: Connection refused", new ConnectException()))).isTrue();
    }

    @Test
    void neverRetriesAnAnswerEvenA503() {
        assertThat(retryable.test(new HttpClientResponseException("unavailable", HttpResponse.status(HttpStatus.SERVICE_UNAVAILABLE)))).isFalse();
        assertThat(retryable.test(new HttpClientResponseException("not found", HttpResponse.notFound()))).isFalse();
    }

    @Test
    void neverRetriesAReadTimeoutBecauseTheRequestMayHaveBeenApplied() {
        assertThat(retryable.test(ReadTimeoutException.TIMEOUT_EXCEPTION)).isFalse();
    }

    @Test
    void neverRetriesOurOwnBugs() {
        assertThat(retryable.test(new IllegalStateException("bug"))).isFalse();
    }
}
