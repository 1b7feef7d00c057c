package dev.ecsdns.infra;

/**
 * How many requests each service serves at once on its traffic port before it sheds the next with a 503 and
 * Retry-After ({@code LOAD_SHEDDING_MAX_IN_FLIGHT}; compose sets the same values). Chosen by measurement at the task
 * size, 0.25 vCPU and 512 MiB: docs/resilience.md, Overload.
 */
final class LoadShedding {

    static final String VARIABLE = "LOAD_SHEDDING_MAX_IN_FLIGHT";

    private LoadShedding() {
    }

    static int maxInFlight(String service) {
        return switch (service) {
            case "web" -> 16;
            case "api" -> 16;
            case "database" -> 32;
            default -> throw new IllegalArgumentException("no load-shedding bound for service " + service);
        };
    }
}
