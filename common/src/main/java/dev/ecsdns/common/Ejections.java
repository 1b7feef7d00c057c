package dev.ecsdns.common;

import io.micronaut.context.annotation.Value;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Outlier ejection, as a service mesh does it: an address that just refused, reset or timed out a connection is
 * skipped for a short while, so that the next requests go straight to the healthy instances instead of paying a
 * failed attempt (and, for a vanished task, a connect timeout) each.
 */
@Singleton
public final class Ejections {

    private final Map<String, Long> ejectedUntil = new ConcurrentHashMap<>();
    private final long ejectMillis;
    private final Clock clock;

    @Inject
    Ejections(@Value("${downstream.ejection:10s}") Duration ejection) {
        this(ejection, Clock.systemUTC());
    }

    Ejections(Duration ejection, Clock clock) {
        this.ejectMillis = ejection.toMillis();
        this.clock = clock;
    }

    /** Takes host:port out of rotation for the ejection period. */
    public void eject(String hostAndPort) {
        ejectedUntil.put(hostAndPort, clock.millis() + ejectMillis);
    }

    /** Puts host:port back at once (it answered). */
    public void restore(String hostAndPort) {
        ejectedUntil.remove(hostAndPort);
    }

    /** How many addresses are out of rotation now. */
    public int ejectedCount() {
        long now = clock.millis();
        return (int) ejectedUntil.values().stream().filter(until -> until > now).count();
    }

    public boolean isEjected(String hostAndPort) {
        Long until = ejectedUntil.get(hostAndPort);
        if (until == null) {
            return false;
        }
        if (until <= clock.millis()) {
            ejectedUntil.remove(hostAndPort, until);
            return false;
        }
        return true;
    }
}
