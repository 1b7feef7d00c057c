package dev.ecsdns.bench;

import dev.ecsdns.system.ServiceJvm;
import dev.ecsdns.system.Topology;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What bench/run.sh built and found (environment variables) and what the command line asked for, plus where each
 * server listens: its own loopback address, with the services' usual ports (so they never meet other runs' servers).
 */
record Setup(Path root, Path work, boolean quick, boolean docker, ServiceJvm devJvm, ServiceJvm plainJvm,
             Containers containers) {

    static final String SERVER_CPU = "0";

    static Setup fromEnvironment(boolean quick) {
        Path root = Path.of(env("BENCH_ROOT", ".")).toAbsolutePath();
        Path work = Path.of(env("BENCH_WORK", root.resolve("bench/.work").toString()), "run-" + env("BENCH_RUN_ID", "manual"));
        boolean docker = !env("BENCH_DOCKER", "1").equals("0") && Docker.available();
        return new Setup(root, work, quick, docker, ServiceJvm.fromEnvironment(),
            new ServiceJvm(Path.of(env("BENCH_PLAIN_JAVA_HOME", System.getProperty("java.home"))), false),
            new Containers(env("BENCH_IMAGE_PREFIX", "bench/"), env("BENCH_DYNAMODB_IMAGE", "amazon/dynamodb-local:2.6.1"),
                work.resolve("spring-aot")));
    }

    /** Start-ups per figure (after one untimed start). */
    int runs() {
        return smoke() ? 1 : quick ? 3 : 5;
    }

    /** BENCH_SMOKE=1: every step once and briefly, to check the harness itself; its figures mean nothing. */
    static boolean smoke() {
        return env("BENCH_SMOKE", "0").equals("1");
    }

    Topology topology(String name, ServiceJvm jvm) {
        return new Topology(root, work.resolve(name), jvm).launcher(List.of("taskset", "-c", SERVER_CPU));
    }

    static String ip(String module) {
        return switch (module) {
            case "database" -> "127.0.9.2";
            case "api" -> "127.0.9.3";
            case "web" -> "127.0.9.4";
            default -> throw new IllegalArgumentException(module);
        };
    }

    static int port(String module) {
        return switch (module) {
            case "database" -> Topology.DATABASE_PORT;
            case "api" -> Topology.API_PORT;
            case "web" -> Topology.WEB_PORT;
            default -> throw new IllegalArgumentException(module);
        };
    }

    static String url(String module) {
        return "http://" + ip(module) + ":" + port(module);
    }

    Path springJar() {
        return root.resolve("bench/reference-spring/target/reference-spring-1.0.0.jar");
    }

    /** The reference's class path (a jar, so that its own classes can be cached too) and main class. */
    List<String> springClasspath() {
        try {
            String libs = Files.readString(root.resolve("bench/reference-spring/target/classpath.txt")).trim();
            return List.of("-cp", springJar() + ":" + libs, "dev.ecsdns.reference.ReferenceApplication");
        } catch (IOException e) {
            throw new UncheckedIOException("bench/reference-spring is not built", e);
        }
    }

    static String springUrl() {
        return "http://127.0.9.5:8080";
    }

    static Map<String, String> springEnv() {
        return Map.of("SERVER_ADDRESS", "127.0.9.5", "SERVER_PORT", "8080");
    }

    static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
