package dev.ecsdns.bench;

import dev.ecsdns.system.HostsFile;
import dev.ecsdns.system.Topology;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Services as local processes (the system module's Topology idea): DynamoDB Local, database, api and web jars (and
 * the Spring reference) on their own loopback addresses, found by their production DNS names through a hosts file,
 * each pinned to the CPUs asked for.
 */
final class LocalRun implements AutoCloseable {

    static final String DATABASE_NAME = "database.internal.local";
    static final String API_NAME = "api.internal.local";
    static final Duration START_TIMEOUT = Duration.ofSeconds(120);

    private final Config config;
    private final Path dir;
    private final HostsFile hosts;
    private final String java;
    private final List<String> flags;
    private final Map<String, String> env;
    private final List<Proc> procs = new ArrayList<>();
    private final Map<Svc, List<String>> serviceFlags = new HashMap<>();
    private String dynamoDbEndpoint;

    LocalRun(Config config, String name, String java, List<String> flags, Map<String, String> env) {
        this.config = config;
        this.dir = config.runDir().resolve(name);
        this.hosts = new HostsFile(dir.resolve("hosts"));
        this.java = java;
        this.flags = flags;
        this.env = env;
        hosts.set(DATABASE_NAME, Svc.DATABASE.ip).set(API_NAME, Svc.API.ip);
    }

    HostsFile hosts() {
        return hosts;
    }

    Path dir() {
        return dir;
    }

    /** Flags for one service only (an AppCDS archive or AOT cache is per service), after the common ones. */
    LocalRun serviceFlags(Svc svc, List<String> flags) {
        serviceFlags.put(svc, flags);
        return this;
    }

    /** DynamoDB Local (in memory) from the Maven artifact the system module uses, on 127.0.0.1. */
    Proc dynamoDb(String cpus) {
        try {
            Path classpath = config.work().resolve("dynamodb-classpath.txt");
            int port = Topology.freePort();
            List<String> command = pinned(cpus);
            command.addAll(List.of(config.serviceJava(), "-Xmx256m", "-XX:+UseSerialGC", "-cp", Files.readString(classpath).trim(),
                "com.amazonaws.services.dynamodbv2.local.main.ServerRunner", "-disableTelemetry", "-inMemory", "-sharedDb",
                "-port", String.valueOf(port)));
            Proc proc = track(Proc.start("dynamodb-local", command, Map.of(), dir));
            proc.awaitPort("127.0.0.1", port, START_TIMEOUT);
            dynamoDbEndpoint = "http://127.0.0.1:" + port;
            return proc;
        } catch (IOException e) {
            throw new IllegalStateException("no DynamoDB Local classpath (bench/.work/dynamodb-classpath.txt): " + e);
        }
    }

    /** Launches a service without waiting (start-up runs time it themselves). */
    Proc launch(Svc svc, String instance, String ip, String cpus) {
        List<String> command = pinned(cpus);
        command.add(java);
        command.addAll(flags);
        command.addAll(serviceFlags.getOrDefault(svc, List.of()));
        Map<String, String> environment = new HashMap<>();
        if (svc.micronaut()) {
            command.add("-Djdk.net.hosts.file=" + hosts.path());
            command.addAll(List.of("-jar", config.jar(svc.id).toString()));
            environment.put("MICRONAUT_SERVER_HOST", ip);
            environment.put("MICRONAUT_SERVER_PORT", String.valueOf(svc.port));
            environment.put("ENDPOINTS_ALL_PORT", String.valueOf(svc.healthPort()));
            environment.put("HOSTNAME", instance);
            environment.put("SHUTDOWN_LAME_DUCK", "0s");
            environment.put("MICRONAUT_HTTP_SERVICES_API_URL", "http://" + API_NAME + ":" + Svc.API.port);
            environment.put("MICRONAUT_HTTP_SERVICES_DATABASE_URL", "http://" + DATABASE_NAME + ":" + Svc.DATABASE.port);
            if (svc == Svc.DATABASE) {
                if (dynamoDbEndpoint == null) {
                    throw new IllegalStateException("start DynamoDB Local first");
                }
                environment.putAll(Map.of("AWS_ENDPOINT_URL_DYNAMODB", dynamoDbEndpoint, "AWS_REGION", "us-east-1",
                    "AWS_ACCESS_KEY_ID", "local", "AWS_SECRET_ACCESS_KEY", "local", "DYNAMODB_TABLE_NAME", "items",
                    "DYNAMODB_CREATE_TABLE", "true"));
            }
        } else {
            Path spring = config.springDir();
            try {
                command.addAll(List.of("-cp", spring.resolve("target/classes") + ":"
                    + Files.readString(spring.resolve("target/classpath.txt")).trim(), "dev.ecsdns.reference.ReferenceApplication"));
            } catch (IOException e) {
                throw new IllegalStateException("reference-spring is not built: " + e);
            }
            environment.put("SERVER_ADDRESS", ip);
            environment.put("SERVER_PORT", String.valueOf(svc.port));
        }
        environment.putAll(env);
        return track(Proc.start(instance, command, environment, dir));
    }

    Proc start(Svc svc, String instance, String ip, String cpus) {
        Proc proc = launch(svc, instance, ip, cpus);
        proc.awaitReady(ip, svc.healthPort(), Svc.READINESS, START_TIMEOUT);
        return proc;
    }

    private Proc track(Proc proc) {
        procs.add(proc);
        return proc;
    }

    static List<String> pinned(String cpus) {
        List<String> command = new ArrayList<>();
        if (cpus != null) {
            command.addAll(List.of("taskset", "-c", cpus));
        }
        return command;
    }

    @Override
    public void close() {
        for (int i = procs.size() - 1; i >= 0; i--) {
            procs.get(i).kill();
        }
        procs.clear();
    }
}
