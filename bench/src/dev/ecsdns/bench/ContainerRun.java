package dev.ecsdns.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Services as containers of their Jib images, sized like the Fargate task (--cpus 0.25 --memory 512m), on a network
 * of their own with the production DNS names as aliases, and DynamoDB Local as a container beside them.
 */
final class ContainerRun implements AutoCloseable {

    static final String CPUS = "0.25";
    static final String MEMORY = "512m";

    private final Config config;
    private final String network;
    private final List<String> containers = new ArrayList<>();
    private final Map<Svc, List<String>> dockerArgs = new java.util.HashMap<>();
    private final Map<Svc, List<String>> serviceFlags = new java.util.HashMap<>();
    private final Runnable cleanup = this::close;

    ContainerRun(Config config, String name) {
        this.config = config;
        this.network = "bench-" + config.runId() + "-" + name;
        Cleanup.add(cleanup);
        Docker.run("network", "create", "--label", Docker.label(config), network);
    }

    /** Extra docker create arguments (a volume) and JVM flags for one service's containers. */
    ContainerRun service(Svc svc, List<String> args, List<String> flags) {
        dockerArgs.put(svc, args);
        serviceFlags.put(svc, flags);
        return this;
    }

    String dynamoDb() {
        String name = network + "-dynamodb";
        Docker.run("run", "-d", "--name", name, "--label", Docker.label(config), "--network", network,
            "--network-alias", "dynamodb", "--cpuset-cpus", Cpus.load(), config.dynamoDbImage(),
            "-jar", "DynamoDBLocal.jar", "-inMemory", "-sharedDb", "-port", "8000", "-disableTelemetry");
        containers.add(name);
        return name;
    }

    /**
     * Creates (not starts) a service container. With flags == null it runs the image's own entrypoint; otherwise
     * java with these flags and the image's classpath and main class.
     */
    String create(Svc svc, String instance, String alias, List<String> flags, Map<String, String> env) {
        String name = network + "-" + instance;
        List<String> args = new ArrayList<>(List.of("create", "--name", name, "--label", Docker.label(config),
            "--network", network, "--cpus", CPUS, "--memory", MEMORY, "--cpuset-cpus", Cpus.servers(),
            "--read-only", "--tmpfs", "/tmp"));
        if (alias != null) {
            args.addAll(List.of("--network-alias", alias));
        }
        for (Map.Entry<String, String> e : env(svc).entrySet()) {
            args.addAll(List.of("-e", e.getKey() + "=" + e.getValue()));
        }
        env.forEach((k, v) -> args.addAll(List.of("-e", k + "=" + v)));
        args.addAll(dockerArgs.getOrDefault(svc, List.of()));
        if (flags == null && serviceFlags.containsKey(svc)) {
            List<String> entrypoint = Docker.entrypoint(svc.image());
            flags = new ArrayList<>(entrypoint.subList(1, entrypoint.indexOf("-cp")));
        }
        if (flags == null) {
            args.add(svc.image());
        } else {
            List<String> entrypoint = Docker.entrypoint(svc.image());
            args.addAll(List.of("--entrypoint", "java", svc.image()));
            args.addAll(flags);
            args.addAll(serviceFlags.getOrDefault(svc, List.of()));
            args.addAll(entrypoint.subList(entrypoint.indexOf("-cp"), entrypoint.size()));
        }
        Docker.run(args.toArray(String[]::new));
        containers.add(name);
        return name;
    }

    /** Creates, starts and waits for readiness. */
    String start(Svc svc, String instance, String alias, List<String> flags, Map<String, String> env) {
        String name = create(svc, instance, alias, flags, env);
        Docker.run("start", name);
        awaitReady(svc, name, LocalRun.START_TIMEOUT);
        return name;
    }

    /** Polls the container's readiness from the host, over the bridge; returns when it answered 200. */
    static void awaitReady(Svc svc, String name, Duration timeout) {
        String ip = Docker.ip(name);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (Http.status(ip, svc.containerHealthPort(), Svc.READINESS, 1000) == 200) {
                return;
            }
            Sh.sleep(10);
        }
        throw new IllegalStateException(name + " not ready after " + timeout + ":\n" + Sh.run(Duration.ofSeconds(20),
            "docker", "logs", "--tail", "30", name).out());
    }

    void remove(String name) {
        Docker.remove(name);
        containers.remove(name);
    }

    private static Map<String, String> env(Svc svc) {
        return switch (svc) {
            case DATABASE -> Map.of("SHUTDOWN_LAME_DUCK", "0s", "DYNAMODB_TABLE_NAME", "items", "DYNAMODB_CREATE_TABLE", "true",
                "AWS_REGION", "us-east-1", "AWS_ACCESS_KEY_ID", "local", "AWS_SECRET_ACCESS_KEY", "local",
                "AWS_ENDPOINT_URL_DYNAMODB", "http://dynamodb:8000");
            case API -> Map.of("SHUTDOWN_LAME_DUCK", "0s",
                "MICRONAUT_HTTP_SERVICES_DATABASE_URL", "http://database.internal.local:8082");
            case WEB -> Map.of("SHUTDOWN_LAME_DUCK", "0s", "MICRONAUT_HTTP_SERVICES_API_URL", "http://api.internal.local:8081");
            case SPRING -> Map.of();
        };
    }

    @Override
    public void close() {
        for (String name : List.copyOf(containers)) {
            Docker.remove(name);
        }
        containers.clear();
        Sh.run(Duration.ofSeconds(30), "docker", "network", "rm", network);
        Cleanup.remove(cleanup);
    }
}
