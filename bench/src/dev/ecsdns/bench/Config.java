package dev.ecsdns.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** What run.sh found and built (environment) and what the command line asked for. */
record Config(Path root, Path bench, Path work, Path src, Path runDir, String runId, boolean quick, boolean soak,
              boolean experiments, Set<String> sections, int runs, List<String> imageFlags, List<String> extraFlags,
              String serviceJava, String jdk25Home, boolean docker, String baseImage, String dynamoDbImage,
              List<String> mavenRepo, int waitIdleMinutes) {

    static final List<String> ALL = List.of("startup", "memory", "hop", "convergence", "jib");

    static Config load(String[] args) {
        boolean quick = false;
        boolean soak = false;
        boolean experiments = false;
        Set<String> sections = new LinkedHashSet<>(ALL);
        Integer runs = null;
        List<String> extra = new ArrayList<>();
        int waitIdle = 0;
        for (String arg : args) {
            if (arg.equals("--quick")) {
                quick = true;
            } else if (arg.equals("--soak")) {
                soak = true;
            } else if (arg.equals("--experiments")) {
                experiments = true;
                sections.clear();
            } else if (arg.startsWith("--only=")) {
                sections = new LinkedHashSet<>(Arrays.asList(arg.substring(7).split(",")));
            } else if (arg.startsWith("--runs=")) {
                runs = Integer.parseInt(arg.substring(7));
            } else if (arg.startsWith("--jvm-flags=")) {
                extra.addAll(split(arg.substring(12), " "));
            } else if (arg.startsWith("--wait-idle=")) {
                waitIdle = Integer.parseInt(arg.substring(12));
            }
        }
        if (soak) {
            sections.add("memory");
        }
        String runId = env("BENCH_RUN_ID", "manual");
        Path work = Path.of(env("BENCH_WORK", "bench/.work")).toAbsolutePath();
        return new Config(Path.of(env("BENCH_ROOT", ".")).toAbsolutePath(), Path.of(env("BENCH_DIR", "bench")).toAbsolutePath(),
            work, Path.of(env("BENCH_SRC", work.resolve("src").toString())), work.resolve("run").resolve(runId), runId,
            quick, soak, experiments, sections, runs != null ? runs : (quick ? 5 : 7),
            split(env("BENCH_IMAGE_FLAGS", "-XX:MaxRAMPercentage=75.0,-XX:+ExitOnOutOfMemoryError,-XX:+UseSerialGC"), ","),
            extra, env("BENCH_SERVICE_JAVA", "java"), env("BENCH_JDK25_HOME", ""),
            env("BENCH_DOCKER", "0").equals("1"), env("BENCH_BASE_IMAGE_USED", "?"),
            env("BENCH_DYNAMODB_IMAGE_USED", "standin/dynamodb-local:2.6.1"),
            split(env("BENCH_MVN_REPO", ""), " "), waitIdle);
    }

    /** Seconds of warm-up and of measurement for one wrk figure. */
    int warmupSeconds() {
        return quick ? 4 : 10;
    }

    int measureSeconds() {
        return quick ? 8 : 20;
    }

    int loadSeconds() {
        return quick ? 20 : 60;
    }

    Path jar(String module) {
        return src.resolve(module).resolve("target").resolve(module + "-1.0.0-all.jar");
    }

    Path springDir() {
        return bench.resolve("reference-spring");
    }

    /** The JVM flags of the images plus whatever --jvm-flags added. */
    List<String> serviceFlags() {
        List<String> flags = new ArrayList<>(imageFlags);
        flags.addAll(extraFlags);
        return flags;
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    static List<String> split(String value, String separator) {
        List<String> parts = new ArrayList<>();
        for (String part : value.split(separator)) {
            if (!part.isBlank()) {
                parts.add(part.trim());
            }
        }
        return parts;
    }
}
