package dev.ecsdns.infra;

import java.util.Arrays;
import software.amazon.awscdk.services.ecs.DeploymentStrategy;

/** How ECS replaces the ALB-fronted services' tasks at a deploy ({@code -c deployment=...}). */
enum DeploymentMode {
    /** New tasks join the target group as old ones drain; the circuit breaker and the alarms roll back. */
    ROLLING("rolling", DeploymentStrategy.ROLLING),
    /** A complete green set behind the alternate target group, tested, then all production traffic at once. */
    BLUE_GREEN("blue-green", DeploymentStrategy.BLUE_GREEN),
    /** As blue-green, but first a small share of production traffic, then the rest. */
    CANARY("canary", DeploymentStrategy.CANARY),
    /** As blue-green, but production traffic moves over in equal steps. */
    LINEAR("linear", DeploymentStrategy.LINEAR);

    private final String contextValue;
    private final DeploymentStrategy strategy;

    DeploymentMode(String contextValue, DeploymentStrategy strategy) {
        this.contextValue = contextValue;
        this.strategy = strategy;
    }

    String contextValue() {
        return contextValue;
    }

    DeploymentStrategy strategy() {
        return strategy;
    }

    /** Everything but rolling runs a green set beside blue behind a second target group. */
    boolean shiftsTraffic() {
        return this != ROLLING;
    }

    static DeploymentMode fromContext(String value) {
        return Arrays.stream(values())
                .filter(mode -> mode.contextValue.equals(value))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(
                        "deployment must be 'rolling', 'blue-green', 'canary' or 'linear', not '" + value + "'"));
    }
}
