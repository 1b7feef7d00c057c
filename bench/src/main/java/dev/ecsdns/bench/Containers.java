package dev.ecsdns.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The images as containers on a network of this run's own: ours as built (entrypoint and AOT cache from
 * scripts/build-images.sh), the Spring reference with an AOT cache from a training run of its own image.
 */
final class Containers {

    private final String prefix;
    private final String dynamoDbImage;
    private final Path springCache;
    private final String network = "bench-" + Setup.env("BENCH_RUN_ID", "manual");
    private String dynamoDbUrl;

    Containers(String prefix, String dynamoDbImage, Path springCache) {
        this.prefix = prefix;
        this.dynamoDbImage = dynamoDbImage;
        this.springCache = springCache;
    }

    /** Starts one container of the image (the module name) with the given CPU quota and 512 MB; returns its name. */
    String startService(String image, String cpus) {
        List<String> args = new ArrayList<>(List.of("run", "-d", "--label", Docker.LABEL, "--network", network(),
            "--cpus", cpus, "--memory", "512m", "-e", "SHUTDOWN_LAME_DUCK=0s"));
        if (image.equals("database")) {
            args.addAll(List.of("-e", "AWS_ENDPOINT_URL_DYNAMODB=" + dynamoDb(), "-e", "AWS_REGION=us-east-1",
                "-e", "AWS_ACCESS_KEY_ID=local", "-e", "AWS_SECRET_ACCESS_KEY=local", "-e", "DYNAMODB_TABLE_NAME=items",
                "-e", "DYNAMODB_CREATE_TABLE=true"));
        }
        if (image.equals("reference-spring")) {
            args.addAll(List.of("-v", springCache() + ":/aot:ro", "--entrypoint", "java", prefix + image));
            args.addAll(springCommand("-XX:AOTCache=/aot/app.aot"));
        } else {
            args.add(prefix + image);
        }
        return Docker.run(args.toArray(String[]::new));
    }

    /** What a row should say about how the image started. */
    String describe(String image) {
        List<String> entrypoint = entrypoint(prefix + (image.equals("reference-spring") ? "api" : image));
        String flags = String.join(" ", entrypoint.subList(1, entrypoint.indexOf("-cp")));
        return image.equals("reference-spring") ? "image " + prefix + image + ", the same base and flags as ours, "
            + "-XX:AOTCache from a training run of its own image (mounted)" : "image " + prefix + image + ", entrypoint flags " + flags;
    }

    private List<String> entrypoint(String image) {
        return Arrays.asList(Docker.run("image", "inspect", "-f", "{{range .Config.Entrypoint}}{{println .}}{{end}}", image)
            .split("\n"));
    }

    /** The image's own flags (read from our api image: the reference is built with the same) plus the cache flag. */
    private List<String> springCommand(String cacheFlag) {
        List<String> entrypoint = entrypoint(prefix + "reference-spring");
        List<String> command = new ArrayList<>(entrypoint.subList(1, entrypoint.indexOf("-cp")));
        command.add(cacheFlag);
        command.addAll(entrypoint.subList(entrypoint.indexOf("-cp"), entrypoint.size()));
        return command;
    }

    /** One training run of the reference's image, as scripts/build-images.sh does for ours: start, ready, SIGTERM. */
    private String springCache() {
        if (Files.exists(springCache.resolve("app.aot"))) {
            return springCache.toString();
        }
        try {
            Files.createDirectories(springCache);
            springCache.toFile().setWritable(true, false);
            List<String> args = new ArrayList<>(List.of("run", "-d", "--label", Docker.LABEL, "--network", network(),
                "-v", springCache + ":/aot", "--entrypoint", "java", prefix + "reference-spring"));
            args.addAll(springCommand("-XX:AOTCacheOutput=/aot/app.aot"));
            String name = Docker.run(args.toArray(String[]::new));
            Startup.awaitOk("http://" + Docker.ip(name) + ":8080/health/readiness", Duration.ofSeconds(180));
            Docker.run("stop", "-t", "120", name);
            Docker.remove(name);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        if (!Files.exists(springCache.resolve("app.aot"))) {
            throw new IllegalStateException("the reference's training run wrote no AOT cache");
        }
        return springCache.toString();
    }

    private synchronized String network() {
        if (Docker.run("network", "ls", "-q", "--filter", "name=^" + network + "$").isEmpty()) {
            Docker.run("network", "create", "--label", Docker.LABEL, network);
        }
        return network;
    }

    private synchronized String dynamoDb() {
        if (dynamoDbUrl == null) {
            String name = Docker.run("run", "-d", "--label", Docker.LABEL, "--network", network(), dynamoDbImage,
                "-jar", "DynamoDBLocal.jar", "-inMemory", "-sharedDb", "-disableTelemetry");
            dynamoDbUrl = "http://" + Docker.ip(name) + ":8000";
        }
        return dynamoDbUrl;
    }
}
