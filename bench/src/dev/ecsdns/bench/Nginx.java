package dev.ecsdns.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Debian's nginx as two processes from bench/nginx: an origin serving a static JSON, and a proxy in front of it. */
final class Nginx {

    static final String ORIGIN_IP = "127.0.9.6";
    static final int ORIGIN_PORT = 18090;
    static final String PROXY_IP = "127.0.9.7";
    static final int PROXY_PORT = 18091;

    private Nginx() {
    }

    /** Starts both, pinned to cpus, serving body; returns [origin, proxy]. */
    static List<Proc> start(Config config, Path dir, String body, String cpus) {
        try {
            Path nginxDir = dir.resolve("nginx");
            Files.createDirectories(nginxDir.resolve("www"));
            Files.createDirectories(nginxDir.resolve("tmp"));
            Files.writeString(nginxDir.resolve("www/item.json"), body);
            Proc origin = start(config, nginxDir, "origin", ORIGIN_IP + ":" + ORIGIN_PORT, cpus);
            origin.awaitPort(ORIGIN_IP, ORIGIN_PORT, Duration.ofSeconds(10));
            Proc proxy = start(config, nginxDir, "proxy", PROXY_IP + ":" + PROXY_PORT, cpus);
            proxy.awaitPort(PROXY_IP, PROXY_PORT, Duration.ofSeconds(10));
            return List.of(origin, proxy);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Proc start(Config config, Path dir, String name, String address, String cpus) throws IOException {
        String conf = Files.readString(config.bench().resolve("nginx").resolve(name + ".conf"))
            .replace("@DIR@", dir.toString())
            .replace("@ADDRESS@", address)
            .replace("@ORIGIN@", ORIGIN_IP + ":" + ORIGIN_PORT);
        Path file = dir.resolve(name + ".conf");
        Files.writeString(file, conf);
        List<String> command = LocalRun.pinned(cpus);
        command.addAll(List.of("nginx", "-p", dir.toString(), "-c", file.toString(), "-e", dir.resolve(name + "-startup.log").toString()));
        return Proc.start("nginx-" + name, command, Map.of(), dir);
    }
}
