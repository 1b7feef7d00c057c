package dev.ecsdns.infra;

import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.ecs.TrafficShiftConfig;

/**
 * The time budgets of a task's life, in one place: how long each service keeps serving after SIGTERM (its lame-duck
 * period, passed as {@code SHUTDOWN_LAME_DUCK}) and how long ECS waits before SIGKILL (the stop timeout). Compose uses
 * the same values, its {@code stop_grace_period} being the stop timeout.
 */
final class Timings {

    /**
     * Cloud Map record TTL. Tasks get new addresses at every deploy, so a caller's cache must forget them quickly;
     * the ECS recipe's 300 s would keep dead addresses for five minutes. Copilot and AWS samples use 10 s.
     */
    static final int DEFAULT_DNS_TTL_SECONDS = 10;

    /** The services' JVM DNS cache ({@code networkaddress.cache.ttl}, set in {@code common/DnsCache}). */
    static final int JVM_DNS_CACHE_SECONDS = 5;

    /** How long Cloud Map takes to act on a deregistration (AWS's own figure; no setting shortens it). */
    static final int CLOUD_MAP_PROPAGATION_SECONDS = 30;

    /** Micronaut's graceful shutdown of in-flight requests after the lame duck (the services' grace period). */
    static final int GRACEFUL_SHUTDOWN_SECONDS = 10;

    /** The ALB drains a target a little longer than web's and api's lame duck, far below its 300 s default. */
    static final Duration DEREGISTRATION_DELAY = Duration.seconds(20);

    /** Fargate's upper bound for a container's stop timeout. */
    static final int MAX_STOP_TIMEOUT_SECONDS = 120;

    /**
     * One service's shutdown: {@code lameDuckSeconds} of serving after SIGTERM while callers move away, then the
     * graceful shutdown; ECS sends SIGKILL {@code stopTimeoutSeconds} after SIGTERM.
     */
    record Shutdown(int lameDuckSeconds, int stopTimeoutSeconds) {

        String lameDuck() {
            return lameDuckSeconds + "s";
        }

        Duration stopTimeout() {
            return Duration.seconds(stopTimeoutSeconds);
        }
    }

    /**
     * web and api: the ALB has drained them for 20 s before ECS sends SIGTERM; 15 s more cover a caller's cached
     * DNS answer (TTL 10 s + JVM cache 5 s) for api, called by web through Cloud Map. Stop timeout 60 s: lame duck,
     * graceful shutdown and a wide margin.
     */
    static final Shutdown WEB = new Shutdown(DEFAULT_DNS_TTL_SECONDS + JVM_DNS_CACHE_SECONDS, 60);

    static final Shutdown API = WEB;

    /**
     * database: no ALB drains it, ECS sends SIGTERM while it deregisters the task from Cloud Map, so its lame duck
     * covers the deregistration taking effect (about 30 s), then the record TTL (10 s) and the callers' JVM cache
     * (5 s): 45 s. Stop timeout 75 s: lame duck, graceful shutdown and a 20 s margin.
     */
    static final Shutdown DATABASE = new Shutdown(
            CLOUD_MAP_PROPAGATION_SECONDS + DEFAULT_DNS_TTL_SECONDS + JVM_DNS_CACHE_SECONDS, 75);

    /**
     * The slowest start-up to readiness of an image at 0.25 vCPU / 512 MB, with its AOT cache: database's median,
     * 14.8 s (bench/run.sh --quick, 2026-11-29, on a busy 2-core host; docs/performance.md).
     */
    static final double SLOWEST_MEASURED_START_SECONDS = 14.8;

    /**
     * How long ECS ignores failing load balancer and container health checks of a new task: three times the slowest
     * measured start-up, rounded up to 5 s (45 s). The factor covers a busy host and an image whose AOT cache does not
     * load (it then starts without, as before the cache: up to 28 s measured at 0.25 vCPU). After it the ALB needs two
     * passing checks 10 s apart to send traffic, so a tight grace period costs no traffic, only a slower replacement
     * of a task that never becomes ready.
     */
    static final Duration HEALTH_CHECK_GRACE_PERIOD = Duration.seconds(5 * (int) Math.ceil(3 * SLOWEST_MEASURED_START_SECONDS / 5));

    /**
     * Blue/green, canary and linear: how long blue stays ready after production traffic has moved to green. The
     * deployment alarms are watched until it ends; a rollback within it is an instant switch back.
     */
    static final Duration BAKE_TIME = Duration.minutes(5);

    /** Canary: 10 % of production traffic on green for 3 minutes, then the rest. */
    static final TrafficShiftConfig CANARY = TrafficShiftConfig.builder()
            .stepPercent(10).stepBakeTime(Duration.minutes(3)).build();

    /** Linear: 25 % more production traffic on green every 2 minutes. */
    static final TrafficShiftConfig LINEAR = TrafficShiftConfig.builder()
            .stepPercent(25).stepBakeTime(Duration.minutes(2)).build();

    private Timings() {
    }

    /** The shutdown budget of the service called {@code name}. */
    static Shutdown of(String name) {
        return switch (name) {
            case "web" -> WEB;
            case "api" -> API;
            case "database" -> DATABASE;
            default -> throw new IllegalArgumentException("no timings for service " + name);
        };
    }
}
