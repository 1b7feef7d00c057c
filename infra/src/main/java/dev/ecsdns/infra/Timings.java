package dev.ecsdns.infra;

import software.amazon.awscdk.Duration;

/** The time budgets of a task's life, derived from the services' lame-duck period in one place. */
final class Timings {

    /**
     * How long a service keeps serving after SIGTERM, while DNS caches and the ALB move away, before its graceful
     * shutdown starts. The services set it; the numbers below follow from it.
     */
    static final int LAME_DUCK_SECONDS = 15;

    /** The ALB drains a target a little longer than the lame-duck period, far below its 300 s default. */
    static final Duration DEREGISTRATION_DELAY = Duration.seconds(LAME_DUCK_SECONDS + 5);

    /**
     * SIGTERM to SIGKILL: the lame-duck period, then the graceful shutdown of in-flight requests (the
     * grace period, 10 s in the services' application.yml), with room to spare. Fargate allows at most 120 s.
     */
    static final Duration STOP_TIMEOUT = Duration.seconds(60);

    /**
     * How long ECS ignores failing load balancer and container health checks of a new task. It must stay above the
     * cold start at 0.25 vCPU, where the JVM starts slowest: bench/run.sh measures about 10 s with the images' class
     * data sharing archive and up to 28 s without one (infra/deploy.sh --no-cds); 60 s is twice the worst case.
     */
    static final Duration HEALTH_CHECK_GRACE_PERIOD = Duration.seconds(60);

    /**
     * Cloud Map record TTL. Tasks get new addresses at every deploy, so a caller's cache must forget them quickly;
     * the ECS recipe's 300 s would keep dead addresses for five minutes. Copilot and AWS samples use 10 s.
     */
    static final int DEFAULT_DNS_TTL_SECONDS = 10;

    private Timings() {
    }
}
