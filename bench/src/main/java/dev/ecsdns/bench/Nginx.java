package dev.ecsdns.bench;

import dev.ecsdns.system.ManagedProcess;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The physical-limit reference: an nginx origin answering a static JSON item (the size of api's answer) and an nginx
 * proxy in front of it over pooled keep-alive connections, one worker each, on the servers' CPU.
 */
record Nginx(ManagedProcess origin, ManagedProcess proxy) implements AutoCloseable {

    private static final String ORIGIN = "127.0.9.6:8080";
    private static final String PROXY = "127.0.9.7:8080";
    /** An item as api answers it: the same fields and about the same size. */
    private static final String ITEM = "{\"id\":\"5f0c3a8e-1b7d-4c2a-9e51-3d2f7a6b8c90\",\"name\":\"bench item\",\"quantity\":7,"
        + "\"version\":1,\"createdAt\":\"2026-11-29T20:00:00.000Z\",\"updatedAt\":\"2026-11-29T20:00:00.000Z\"}";

    static Nginx start(Setup setup) {
        try {
            Path dir = setup.work().resolve("nginx");
            Files.createDirectories(dir.resolve("www"));
            Files.createDirectories(dir.resolve("tmp"));
            Files.writeString(dir.resolve("www/item.json"), ITEM);
            ManagedProcess origin = start(setup, dir, "origin", ORIGIN);
            ManagedProcess proxy = start(setup, dir, "proxy", PROXY);
            return new Nginx(origin, proxy);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ManagedProcess start(Setup setup, Path dir, String name, String address) throws IOException {
        String conf = Files.readString(setup.root().resolve("bench/nginx").resolve(name + ".conf"))
            .replace("@DIR@", dir.toString()).replace("@ADDRESS@", address).replace("@ORIGIN@", ORIGIN);
        Path file = dir.resolve(name + ".conf");
        Files.writeString(file, conf);
        ManagedProcess process = ManagedProcess.start("nginx-" + name, List.of("taskset", "-c", Setup.SERVER_CPU, "nginx", "-p",
            dir.toString(), "-c", file.toString(), "-e", dir.resolve(name + "-startup.log").toString()), Map.of(), dir);
        String[] hostPort = address.split(":");
        process.awaitPort(hostPort[0], Integer.parseInt(hostPort[1]), Duration.ofSeconds(10));
        return process;
    }

    String originUrl() {
        return "http://" + ORIGIN + "/";
    }

    String proxyUrl() {
        return "http://" + PROXY + "/";
    }

    @Override
    public void close() {
        proxy.close();
        origin.close();
    }
}
