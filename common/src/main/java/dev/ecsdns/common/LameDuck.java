package dev.ecsdns.common;

import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;

/**
 * The lame-duck period between SIGTERM and shutdown. ECS sends SIGTERM without waiting for callers' DNS caches to
 * forget the task, so for this long the instance reports not-ready (the ALB and compose stop routing to it) but
 * keeps serving whoever still calls it, asking each client to drop its connection. Then the JVM exits and
 * Micronaut's graceful shutdown lets in-flight requests finish.
 */
@Singleton
public final class LameDuck {

    private static final Logger LOG = LoggerFactory.getLogger(LameDuck.class);

    private final Duration period;
    private volatile boolean draining;

    LameDuck(@Value("${shutdown.lame-duck:15s}") Duration period) {
        this.period = period;
    }

    public boolean isDraining() {
        return draining;
    }

    public Duration period() {
        return period;
    }

    /** Starts draining; after the period, exits the JVM (which runs the graceful shutdown). Idempotent. */
    public synchronized void begin() {
        if (draining) {
            return;
        }
        draining = true;
        LOG.info("SIGTERM: not ready from now on, serving for {} s more, then shutting down", period.toMillis() / 1000.0);
        Thread exit = new Thread(() -> {
            try {
                Thread.sleep(period.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            LOG.info("lame-duck period over: finishing in-flight requests and exiting");
            System.exit(0);
        }, "lame-duck");
        exit.start();
    }
}
