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
 * An address that timed out {@code downstream.slow.timeouts} times in a row is slow, not dead: trying it anyway
 * would cost each caller the whole read timeout, so it is not called at all for the ejection period; then one call
 * probes it, and only an answer brings it back.
 */
@Singleton
public final class Ejections {

    private final Map<String, Long> ejectedUntil = new ConcurrentHashMap<>();
    private final Map<String, Integer> timeoutsInARow = new ConcurrentHashMap<>();
    private final Map<String, Long> slowUntil = new ConcurrentHashMap<>();
    private final long ejectMillis;
    private final int slowAfter;
    private final Clock clock;

    @Inject
    Ejections(@Value("${downstream.ejection:10s}") Duration ejection, @Value("${downstream.slow.timeouts:2}") int slowAfter) {
        this(ejection, slowAfter, Clock.systemUTC());
    }

    Ejections(Duration ejection, int slowAfter, Clock clock) {
        this.ejectMillis = ejection.toMillis();
        this.slowAfter = slowAfter;
        this.clock = clock;
    }

    /** Takes host:port out of rotation for the ejection period. */
    public void eject(String hostAndPort) {
        ejectedUntil.put(hostAndPort, clock.millis() + ejectMillis);
    }

    /** host:port did not answer within the read timeout: ejected, and slow once it happened often enough in a row. */
    public void timedOut(String hostAndPort) {
        eject(hostAndPort);
        if (timeoutsInARow.merge(hostAndPort, 1, Integer::sum) >= slowAfter) {
            slowUntil.put(hostAndPort, clock.millis() + ejectMillis);
        }
    }

    /** Puts host:port back at once (it answered). */
    public void restore(String hostAndPort) {
        ejectedUntil.remove(hostAndPort);
        timeoutsInARow.remove(hostAndPort);
        slowUntil.remove(hostAndPort);
    }

    /**
     * Whether a call may go to host:port now: always, unless it is slow. Once a slow address's period is over, one
     * caller is let through as the probe, and the others keep failing fast until the probe's outcome is known (at
     * most one more period).
     */
    public boolean admits(String hostAndPort) {
        Long until = slowUntil.get(hostAndPort);
        if (until == null) {
            return true;
        }
        long now = clock.millis();
        return until <= now && slowUntil.replace(hostAndPort, until, now + ejectMillis);
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
