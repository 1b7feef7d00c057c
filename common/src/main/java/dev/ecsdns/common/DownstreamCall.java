package dev.ecsdns.common;

import io.micronaut.retry.annotation.CircuitBreaker;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Put on a declarative {@code @Client} interface: a call whose connection fails is retried at once on the next
 * address behind the DNS name (attempts bounded), and after a call failed on every attempt the circuit opens, so
 * callers get a 503 at once, without a connect, until a probe after the reset period succeeds. A read timeout is not
 * retried (the request may have been applied), but an address that keeps timing out is not called any more (see
 * {@link Ejections}): its calls fail at once, go to another address, and with none left open the circuit.
 * Only for calls that are safe to repeat: reads, writes guarded by If-Match, creates with an Idempotency-Key.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@CircuitBreaker(
    attempts = "${downstream.retry.attempts:3}",
    delay = "${downstream.retry.delay:10ms}",
    multiplier = "0",
    reset = "${downstream.circuit.reset:5s}",
    predicate = TransportFailure.class)
public @interface DownstreamCall {
}
