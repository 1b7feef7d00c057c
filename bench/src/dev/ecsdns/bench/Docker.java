package dev.ecsdns.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The docker CLI, with every container and network labelled with this run's id (run.sh's trap removes them too). */
final class Docker {

    private static final Duration LIMIT = Duration.ofMinutes(2);

    private Docker() {
    }

    static String label(Config config) {
        return "dev.ecsdns.bench.run=" + config.runId();
    }

    static String run(String... args) {
        List<String> command = new ArrayList<>();
        command.add("docker");
        command.addAll(Arrays.asList(args));
        return Sh.ok(LIMIT, command.toArray(String[]::new));
    }

    static String inspect(String container, String format) {
        return run("inspect", "-f", format, container);
    }

    static String ip(String container) {
        return inspect(container, "{{range .NetworkSettings.Networks}}{{.IPAddress}} {{end}}").split(" ")[0];
    }

    static long hostPid(String container) {
        return Long.parseLong(inspect(container, "{{.State.Pid}}"));
    }

    static Instant startedAt(String container) {
        return Instant.parse(inspect(container, "{{.State.StartedAt}}"));
    }

    static void remove(String container) {
        Sh.run(LIMIT, "docker", "rm", "-f", "-v", container);
    }

    /** The image's entrypoint, e.g. [java, -XX:..., -cp, @/app/jib-classpath-file, main.Class]. */
    static List<String> entrypoint(String image) {
        String json = run("image", "inspect", "-f", "{{json .Config.Entrypoint}}", image);
        List<String> parts = new ArrayList<>();
        for (String part : json.replaceAll("^\\[|\\]$", "").split("\",\"")) {
            parts.add(part.replace("\"", ""));
        }
        return parts;
    }

    static boolean imageExists(String image) {
        return Sh.run(LIMIT, "docker", "image", "inspect", image).ok();
    }
}
