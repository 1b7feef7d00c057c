package dev.ecsdns.bench;

/**
 * The services under test and the Spring Boot reference: where each listens in the local (process) runs, where in
 * its container, and the request that exercises it.
 */
enum Svc {
    DATABASE("database", "127.0.9.2", 18082, 8082),
    API("api", "127.0.9.3", 18081, 8081),
    WEB("web", "127.0.9.4", 18080, 8080),
    SPRING("reference-spring", "127.0.9.5", 18083, 8080);

    static final String READINESS = "/health/readiness";

    final String id;
    final String ip;
    final int port;
    final int containerPort;

    Svc(String id, String ip, int port, int containerPort) {
        this.id = id;
        this.ip = ip;
        this.port = port;
        this.containerPort = containerPort;
    }

    boolean micronaut() {
        return this != SPRING;
    }

    /** Where readiness answers in the local runs: our services' management port is the traffic port + 1000. */
    int healthPort() {
        return micronaut() ? port + 1000 : port;
    }

    /** Where readiness answers in the container. */
    int containerHealthPort() {
        return micronaut() ? containerPort + 1000 : containerPort;
    }

    String image() {
        return "bench/" + id;
    }

    /** A GET that does this service's typical work, given an item id that exists. */
    String typicalPath(String itemId) {
        return switch (this) {
            case DATABASE -> "/items/" + itemId;
            case API, SPRING -> "/api/items/" + itemId;
            case WEB -> "/";
        };
    }
}
