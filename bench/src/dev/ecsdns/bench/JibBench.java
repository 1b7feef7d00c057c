package dev.ecsdns.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Jib: the time of an image rebuild after a one-line code change in api (in run.sh's snapshot of the working tree,
 * never in the checkout; the file is restored afterwards), and the size of each image's layers, which tells how
 * much a deploy of a code change moves.
 */
record JibBench(Config config, Report report) {

    record Layer(String comment, long bytes, String diffId) {
    }

    void run() throws IOException {
        Path source = config.src().resolve("api/src/main/java/dev/ecsdns/api/Application.java");
        String original = Files.readString(source);
        if (!original.contains("class Application {")) {
            throw new IllegalStateException("cannot find the class line in " + source);
        }
        List<Double> seconds = new ArrayList<>();
        try {
            for (int i = 0; i < (config.quick() ? 1 : 3); i++) {
                Files.writeString(source, original.replace("class Application {",
                    "class Application {\n    static final String REBUILD_MARK = \"" + System.nanoTime() + "\";"));
                List<String> command = new ArrayList<>(List.of("./mvnw", "-B", "-q", "-o"));
                command.addAll(config.mavenRepo());
                command.addAll(List.of("-pl", "api", "-DskipTests", "package", "jib:dockerBuild", "-Djib.to.image=bench/api:rebuild",
                    "-Djib.to.tag=rebuild",
                    "-Djib.from.image=" + config.baseImage()));
                Sh.Result result = Sh.run(config.src(), Duration.ofMinutes(5), command);
                if (!result.ok()) {
                    throw new IllegalStateException("rebuild failed: " + result.out());
                }
                seconds.add(result.seconds());
            }
        } finally {
            Files.writeString(source, original);
        }
        List<Layer> before = jibLayers("bench/api:latest");
        List<Layer> after = jibLayers("bench/api:rebuild");
        List<String> changed = new ArrayList<>();
        long changedBytes = 0;
        for (Layer layer : after) {
            if (before.stream().noneMatch(b -> b.diffId().equals(layer.diffId()))) {
                changed.add(layer.comment() + " " + kb(layer.bytes()));
                changedBytes += layer.bytes();
            }
        }
        report.add(new Report.Row("jib", "api", "image rebuild after a one-line code change, median of " + seconds.size(),
            Stats.median(seconds), "s", "", null, null, "", "", String.format(Locale.ROOT,
                "./mvnw -o -pl api -DskipTests package jib:dockerBuild to the local engine, base %s, warm Jib cache, "
                    + "without the CDS training (scripts/build-images.sh adds a training run and a second Jib pass); "
                    + "runs %s s; layers that changed: %s (%s)", config.baseImage(), seconds.stream().map(s -> String.format(Locale.ROOT, "%.1f", s))
                    .toList(), changed, kb(changedBytes))));
        for (Svc svc : List.of(Svc.DATABASE, Svc.API, Svc.WEB, Svc.SPRING)) {
            Map<String, Long> sizes = new LinkedHashMap<>();
            jibLayers(svc.image() + ":latest").forEach(l -> sizes.merge(l.comment(), l.bytes(), Long::sum));
            long app = sizes.entrySet().stream().filter(e -> !e.getKey().contains("dependencies"))
                .mapToLong(Map.Entry::getValue).sum();
            long total = Long.parseLong(Docker.run("image", "inspect", "-f", "{{.Size}}", svc.image() + ":latest"));
            StringBuilder layers = new StringBuilder();
            sizes.forEach((k, v) -> layers.append(layers.length() == 0 ? "" : ", ").append(k).append(' ').append(kb(v)));
            report.add(new Report.Row("jib", svc == Svc.SPRING ? "Spring Boot reference" : svc.id,
                "application layers (all but dependencies)", app / 1024.0, "KB", "", null, null, "", "",
                "Jib layers: " + layers + "; whole image " + String.format(Locale.ROOT, "%.0f MB", total / 1048576.0)));
        }
        Sh.run(Duration.ofMinutes(1), "docker", "rmi", "bench/api:rebuild");
    }

    /** Jib's layers (history entries created by jib), oldest first, with the diff ids they map to. */
    private static List<Layer> jibLayers(String image) {
        List<String> history = new ArrayList<>(List.of(Docker.run("history", "--no-trunc", "--human=false", "--format",
            "{{.Size}}\t{{.Comment}}\t{{.CreatedBy}}", image).split("\n")));
        java.util.Collections.reverse(history);
        List<String[]> jib = history.stream().map(h -> h.split("\t", -1)).filter(h -> h.length == 3 && h[2].startsWith("jib-"))
            .toList();
        String[] diffIds = Docker.run("image", "inspect", "-f", "{{range .RootFS.Layers}}{{.}} {{end}}", image).trim().split(" ");
        List<Layer> layers = new ArrayList<>();
        for (int i = 0; i < jib.size(); i++) {
            layers.add(new Layer(jib.get(i)[1], Long.parseLong(jib.get(i)[0]), diffIds[diffIds.length - jib.size() + i]));
        }
        return layers;
    }

    private static String kb(long bytes) {
        return bytes >= 1048576 ? String.format(Locale.ROOT, "%.1f MB", bytes / 1048576.0)
            : String.format(Locale.ROOT, "%.1f KB", bytes / 1024.0);
    }
}
