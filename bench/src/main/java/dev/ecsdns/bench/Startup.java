package dev.ecsdns.bench;

import dev.ecsdns.system.ManagedProcess;
import dev.ecsdns.system.ServiceJvm;
import dev.ecsdns.system.Topology;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Launch to the first 200 from readiness, median of several starts after an untimed one: the jars as processes on one
 * CPU (the dev loop and the system tests), and the images as containers at 1 CPU and at the Fargate size.
 */
record Startup(Setup setup, Report report) {

    private static final HttpClient PROBE = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(200)).build();

    void run() {
        for (ServiceJvm jvm : List.of(setup.devJvm(), setup.plainJvm())) {
            for (String module : List.of("api", "web", "database")) {
                processRow(module, jvm);
            }
        }
        springProcessRow();
        if (setup.docker()) {
            for (String cpus : List.of("1", "0.25")) {
                for (String module : List.of("api", "web", "database")) {
                    containerRow(module, cpus);
                }
                containerRow("reference-spring", cpus);
            }
        }
    }

    private void processRow(String module, ServiceJvm jvm) {
        try (Topology topology = setup.topology("startup-" + module, jvm)) {
            Map<String, String> env = Map.of();
            if (module.equals("database")) {
                topology.startDynamoDb(Topology.freePort(), null);
                env = topology.databaseEnv();
            }
            Map<String, String> serviceEnv = env;
            List<double[]> samples = repeat(() -> {
                int port = Setup.port(module);
                ManagedProcess process = topology.launchService(module, module, Setup.ip(module), port, serviceEnv);
                double seconds = process.awaitHttpOk(Topology.managementUrl(Setup.ip(module), port) + "/health/readiness",
                    Duration.ofSeconds(120));
                double[] sample = {seconds, Procfs.servingCpuSeconds(process.pid()), Procfs.rssMb(process.pid())};
                process.kill();
                return sample;
            });
            boolean target = !module.equals("database") && jvm == setup.devJvm();
            addRow("start-up, `java -jar`, 1 CPU: " + module + " (" + jvm.describe() + ")", samples, "",
                target ? "<= 2.0 s" : "", target ? 2.0 : 0,
                "taskset -c " + Setup.SERVER_CPU + ", " + String.join(" ", Topology.SERVICE_JVM_FLAGS) + (jvm.feature() >= 25 && !jvm.describe().contains("no ")
                    ? " -XX:AOTCache=<jar>.aot (from a training run of the jar)" : ""));
        }
    }

    /** The Spring reference gets what our jars get: JDK 25 and an AOT cache from a training run of its own. */
    private void springProcessRow() {
        Path jar = setup.springJar();
        ServiceJvm jvm = setup.devJvm();
        List<String> base = new ArrayList<>(List.of("taskset", "-c", Setup.SERVER_CPU, jvm.java()));
        base.addAll(Topology.SERVICE_JVM_FLAGS);
        if (jvm.needsTraining(jar, Topology.SERVICE_JVM_FLAGS)) {
            List<String> training = new ArrayList<>(base);
            training.addAll(jvm.trainingFlags(jar, Topology.SERVICE_JVM_FLAGS));
            try (ManagedProcess process = startSpring(training)) {
                process.awaitHttpOk(Setup.springUrl() + "/health/readiness", Duration.ofSeconds(120));
                process.terminate();
                process.waitFor(Duration.ofSeconds(120));
            }
            jvm.keepTrained(jar, Topology.SERVICE_JVM_FLAGS);
        }
        List<String> command = new ArrayList<>(base);
        command.addAll(jvm.cacheFlags(jar, Topology.SERVICE_JVM_FLAGS));
        List<double[]> samples = repeat(() -> {
            try (ManagedProcess process = startSpring(command)) {
                double seconds = process.awaitHttpOk(Setup.springUrl() + "/health/readiness", Duration.ofSeconds(120));
                return new double[] {seconds, Procfs.servingCpuSeconds(process.pid()), Procfs.rssMb(process.pid())};
            }
        });
        addRow("start-up, 1 CPU: Spring Boot reference (" + jvm.describe() + ")", samples, "", "", 0,
            String.join(" ", command.subList(3, command.size())).replace(jar.getParent().toString(), "target"));
    }

    private ManagedProcess startSpring(List<String> jvmCommand) {
        List<String> command = new ArrayList<>(jvmCommand);
        command.addAll(setup.springClasspath());
        return ManagedProcess.start("reference-spring", command, Setup.springEnv(), setup.work());
    }

    /** From the container's process start (docker's own set-up before it is left out) to readiness. */
    private void containerRow(String image, String cpus) {
        boolean spring = image.equals("reference-spring");
        Containers containers = setup.containers();
        List<double[]> samples = repeat(() -> {
            String name = containers.startService(image, cpus);
            try {
                int port = spring ? 8080 : Setup.port(image) + Topology.MANAGEMENT_OFFSET;
                String path = spring ? "/health/readiness" : "/health/readiness";
                String url = "http://" + Docker.ip(name) + ":" + port + path;
                Instant ready = awaitOk(url, Duration.ofSeconds(180));
                Instant started = Instant.parse(Docker.run("inspect", "-f", "{{.State.StartedAt}}", name));
                long pid = Docker.pid(name);
                return new double[] {Duration.between(started, ready).toNanos() / 1e9, Procfs.servingCpuSeconds(pid), Procfs.rssMb(pid)};
            } finally {
                Docker.remove(name);
            }
        });
        boolean target = !spring;
        double limit = cpus.equals("1") ? 1.0 : 4.0;
        addRow("start-up, image, container --cpus " + cpus + " --memory 512m: " + image, samples, "", target ? "<= " + limit + " s" : "",
            target ? limit : 0, containers.describe(image));
    }

    private void addRow(String what, List<double[]> samples, String reference, String target, double limit, String how) {
        double median = median(samples, 0);
        report.add(new Report.Row(what, String.format(Locale.ROOT, "%.2f s", median), reference, target,
            limit > 0 ? Report.met(median <= limit) : "",
            String.format(Locale.ROOT, "median of %d (range %.2f-%.2f s), CPU to ready %.2f s, RSS then %.0f MB; %s",
                samples.size(), min(samples), max(samples), median(samples, 1), median(samples, 2), how)));
    }

    interface Start {
        double[] once();
    }

    private List<double[]> repeat(Start start) {
        List<double[]> samples = new ArrayList<>();
        for (int i = 0; i <= setup.runs(); i++) {
            double[] sample = start.once();
            if (i > 0) {
                samples.add(sample);
            }
        }
        return samples;
    }

    static Instant awaitOk(String url, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(1)).build();
        while (System.nanoTime() < deadline) {
            try {
                if (PROBE.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return Instant.now();
                }
            } catch (java.io.IOException e) {
                // not yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            ManagedProcess.sleep(10);
        }
        throw new IllegalStateException("not ready: " + url);
    }

    private static double median(List<double[]> samples, int index) {
        double[] values = samples.stream().mapToDouble(s -> s[index]).sorted().toArray();
        return values.length % 2 == 1 ? values[values.length / 2] : (values[values.length / 2 - 1] + values[values.length / 2]) / 2;
    }

    private static double min(List<double[]> samples) {
        return samples.stream().mapToDouble(s -> s[0]).min().orElse(Double.NaN);
    }

    private static double max(List<double[]> samples) {
        return samples.stream().mapToDouble(s -> s[0]).max().orElse(Double.NaN);
    }
}
