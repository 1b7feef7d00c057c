package dev.ecsdns.common;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class EjectionsTest {

    private static final String SLOW = "10.0.0.1:8082";

    private final MutableClock clock = new MutableClock();
    private final Ejections ejections = new Ejections(Duration.ofSeconds(10), 2, clock);

    @Test
    void oneTimeoutEjectsButStillAdmitsCalls() {
        ejections.timedOut(SLOW);

        assertThat(ejections.isEjected(SLOW)).isTrue();
        assertThat(ejections.admits(SLOW)).isTrue();
    }

    @Test
    void repeatedTimeoutsStopEveryCallUntilTheEjectionEnds() {
        ejections.timedOut(SLOW);
        ejections.timedOut(SLOW);

        assertThat(ejections.admits(SLOW)).isFalse();
        clock.advance(Duration.ofSeconds(9));
        assertThat(ejections.admits(SLOW)).isFalse();
    }

    @Test
    void admitsExactlyOneProbeOnceTheEjectionEnds() {
        ejections.timedOut(SLOW);
        ejections.timedOut(SLOW);
        clock.advance(Duration.ofSeconds(11));

        assertThat(ejections.admits(SLOW)).as("the probe").isTrue();
        assertThat(ejections.admits(SLOW)).as("a call while the probe is out").isFalse();
    }

    @Test
    void anAnswerBringsTheAddressBackAtOnce() {
        ejections.timedOut(SLOW);
        ejections.timedOut(SLOW);

        ejections.restore(SLOW);

        assertThat(ejections.admits(SLOW)).isTrue();
        assertThat(ejections.isEjected(SLOW)).isFalse();
        ejections.timedOut(SLOW);
        assertThat(ejections.admits(SLOW)).as("the count of timeouts in a row started again").isTrue();
    }

    @Test
    void aTimedOutProbeKeepsTheAddressOut() {
        ejections.timedOut(SLOW);
        ejections.timedOut(SLOW);
        clock.advance(Duration.ofSeconds(11));
        assertThat(ejections.admits(SLOW)).isTrue();

        ejections.timedOut(SLOW);

        assertThat(ejections.admits(SLOW)).isFalse();
    }
}
