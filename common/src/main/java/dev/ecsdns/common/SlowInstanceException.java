package dev.ecsdns.common;

import io.micronaut.http.client.exceptions.HttpClientException;

/**
 * A call not made: its address timed out again and again and waits for a probe (see {@link Ejections}). Nothing was
 * sent, so the call may go to another address whatever its verb, and it counts against the circuit like a refused
 * connection.
 */
public final class SlowInstanceException extends HttpClientException {

    SlowInstanceException(String hostAndPort) {
        super(hostAndPort + " timed out repeatedly; not called until a probe answers");
    }
}
