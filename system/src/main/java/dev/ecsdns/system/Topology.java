package dev.ecsdns.system;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The recipe's topology as local processes: DynamoDB Local, then database, api and web jars, each on its own
 * loopback address and found by its production DNS name through a shared hosts file.
 */
public final class Topology implements AutoCloseable {

    public static final String DATABASE_NAME = "database.internal.local";
    public static final String API_NAME = "api.internal.local";
    public static final String WEB_NAME = "web.internal.local";
    public static final int WEB_PORT = 8080;
    public static final int API_PORT = 8081;
    public static final int DATABASE_PORT = 8082;
    /** Each service's management port (health with details) is its traffic port + 1000, as on AWS and in compose. */
    public static final int MANAGEMENT_OFFSET = 1000;
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration TRAINING_EXIT_TIMEOUT = Duration.ofSeconds(120);

    private final Path root;
    private final Path workDir;
    private final HostsFile hosts;
    private final List<ManagedProcess> processes = new ArrayList<>();
    private final List<LocalLoadBalancer> loadBalancers = new ArrayList<>();
    /**
     * The images' JVM flags (the parent pom's jib.jvm.flags, filtered into {@code image-jvm-flags.txt} by the build)
     * with the tasks' 512 MB as the memory the JVM sizes its heap from, so a service here has the heap it has in a
     * container, whatever this machine's memory.
     */
    public static final List<String> SERVICE_JVM_FLAGS = serviceJvmFlags();

    private final List<String> serviceJvmOptions = new ArrayList<>(SERVICE_JVM_FLAGS);
    private final ServiceJvm jvm;
    private List<String> launcher = List.of();
    private String dynamoDbEndpoint;

    public Topology(Path root, Path workDir) {
        this(root, workDir, ServiceJvm.fromEnvironment());
    }

    public Topology(Path root, Path workDir, ServiceJvm jvm) {
        this.root = root;
        this.workDir = workDir;
        this.hosts = new HostsFile(workDir.resolve("hosts"));
        this.jvm = jvm;
    }

    private static List<String> serviceJvmFlags() {
        List<String> flags = new ArrayList<>(List.of("-XX:MaxRAM=512m"));
        try (InputStream in = Topology.class.getResourceAsStream("image-jvm-flags.txt")) {
            if (in == null) {
                throw new IllegalStateException("image-jvm-flags.txt is missing from the system module's classes");
            }
            for (String flag : new String(in.readAllBytes(), StandardCharsets.UTF_8).strip().split(",")) {
                if (!flag.strip().startsWith("-")) {
                    throw new IllegalStateException("not a JVM flag in image-jvm-flags.txt: '" + flag + "'");
                }
                flags.add(flag.strip());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return List.copyOf(flags);
    }

    /** The project root: the {@code project.root} system property (set by the build), or found from the cwd. */
    public static Path projectRoot() {
        String fromBuild = System.getProperty("project.root");
        Path start = fromBuild != null ? Path.of(fromBuild) : Path.of("").toAbsolutePath();
        for (Path dir = start.toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("system")) && Files.exists(dir.resolve("mvnw"))) {
                return dir;
            }
        }
        throw new IllegalStateException("cannot find the project root from " + start);
    }

    public HostsFile hosts() {
        return hosts;
    }

    public Path workDir() {
        return workDir;
    }

    public ServiceJvm jvm() {
        return jvm;
    }

    /** A command every service is started under from now on, e.g. {@code taskset -c 0}. */
    public Topology launcher(List<String> command) {
        launcher = List.copyOf(command);
        return this;
    }

    /** The service jar of a module, as the build leaves it. */
    public Path jar(String module) {
        return root.resolve(module).resolve("target").resolve(module + "-" + version() + "-all.jar");
    }

    /** Extra JVM options for every service started after this call (e.g. the lame-duck period). */
    public Topology serviceJvmOption(String option) {
        serviceJvmOptions.add(option);
        return this;
    }

    /** Starts DynamoDB Local on 127.0.0.1:port, in memory, or in dataDir when one is given. */
    public ManagedProcess startDynamoDb(int port, Path dataDir) {
        List<String> command = new ArrayList<>(List.of(java(), "-Xmx256m", "-cp", System.getProperty("java.class.path"),
            "com.amazonaws.services.dynamodbv2.local.main.ServerRunner", "-disableTelemetry", "-sharedDb",
            "-port", String.valueOf(port)));
        if (dataDir == null) {
            command.add("-inMemory");
        } else {
            createDirectories(dataDir);
            command.addAll(List.of("-dbPath", dataDir.toString()));
        }
        ManagedProcess dynamoDb = track(ManagedProcess.start("dynamodb-local", command, Map.of(), workDir));
        dynamoDb.awaitPort("127.0.0.1", port, START_TIMEOUT);
        dynamoDbEndpoint = "http://127.0.0.1:" + port;
        return dynamoDb;
    }

    public ManagedProcess startDatabase(String name, String ip) {
        return startDatabase(name, ip, DATABASE_PORT);
    }

    /** database on a port of the caller's choosing (its management port is that + 1000). */
    public ManagedProcess startDatabase(String name, String ip, int port) {
        return startService("database", name, ip, port, databaseEnv());
    }

    /** What database needs to use the DynamoDB Local this topology started. */
    public Map<String, String> databaseEnv() {
        if (dynamoDbEndpoint == null) {
            throw new IllegalStateException("start DynamoDB Local first");
        }
        Map<String, String> env = new HashMap<>();
        env.put("AWS_ENDPOINT_URL_DYNAMODB", dynamoDbEndpoint);
        env.put("AWS_REGION", "us-east-1");
        env.put("AWS_ACCESS_KEY_ID", "local");
        env.put("AWS_SECRET_ACCESS_KEY", "local");
        env.put("DYNAMODB_TABLE_NAME", "items");
        env.put("DYNAMODB_CREATE_TABLE", "true");
        return env;
    }

    public ManagedProcess startApi(String name, String ip) {
        return startService("api", name, ip, API_PORT, Map.of());
    }

    public ManagedProcess startWeb(String name, String ip) {
        return startService("web", name, ip, WEB_PORT, Map.of());
    }

    /** Starts a service jar bound to ip:port and waits until its readiness endpoint (management port) answers 200. */
    public ManagedProcess startService(String module, String name, String ip, int port, Map<String, String> extraEnv) {
        ManagedProcess process = launchService(module, name, ip, port, extraEnv);
        process.awaitHttpOk(managementUrl(ip, port) + "/health/readiness", START_TIMEOUT);
        return process;
    }

    /**
     * Starts a service jar bound to ip:port without waiting for it (for those who time its start-up). The first start
     * of a jar that has no fresh class cache is preceded by a training run that writes one (see {@link ServiceJvm}).
     */
    public ManagedProcess launchService(String module, String name, String ip, int port, Map<String, String> extraEnv) {
        Path jar = jar(module);
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: build it first (./mvnw package)");
        }
        if (jvm.needsTraining(jar, serviceJvmOptions)) {
            train(module, name, ip, port, extraEnv, jar);
        }
        return track(ManagedProcess.start(name, serviceCommand(jar, jvm.cacheFlags(jar, serviceJvmOptions)), serviceEnv(name, ip, port, extraEnv),
            workDir));
    }

    /** Start, ready, SIGTERM without a lame duck: the JVM writes the cache at exit (a second JVM assembles it). */
    private void train(String module, String name, String ip, int port, Map<String, String> extraEnv, Path jar) {
        List<String> flags = new ArrayList<>(jvm.trainingFlags(jar, serviceJvmOptions));
        flags.add("-Dshutdown.lame-duck=0s");
        try (ManagedProcess training = ManagedProcess.start(name + "-training", serviceCommand(jar, flags),
            serviceEnv(name, ip, port, extraEnv), workDir)) {
            training.awaitHttpOk(managementUrl(ip, port) + "/health/readiness", START_TIMEOUT);
            training.terminate();
            training.waitFor(TRAINING_EXIT_TIMEOUT);
        }
        if (!jvm.keepTrained(jar, serviceJvmOptions)) {
            System.err.println("[topology] the training run of " + module + " wrote no class cache: starting without");
        }
    }

    private List<String> serviceCommand(Path jar, List<String> cacheFlags) {
        List<String> command = new ArrayList<>(launcher);
        command.add(jvm.java());
        command.add("-Djdk.net.hosts.file=" + hosts.path());
        command.addAll(serviceJvmOptions);
        command.addAll(cacheFlags);
        command.addAll(List.of("-jar", jar.toString()));
        return command;
    }

    private Map<String, String> serviceEnv(String name, String ip, int port, Map<String, String> extraEnv) {
        Map<String, String> env = new HashMap<>(extraEnv);
        env.put("MICRONAUT_SERVER_HOST", ip);
        env.put("MICRONAUT_SERVER_PORT", String.valueOf(port));
        env.put("ENDPOINTS_ALL_PORT", String.valueOf(port + MANAGEMENT_OFFSET));
        env.put("HOSTNAME", name);
        // The production names and ports, unless the caller points a service elsewhere (tests on free ports).
        env.putIfAbsent("MICRONAUT_HTTP_SERVICES_API_URL", "http://" + API_NAME + ":" + API_PORT);
        env.putIfAbsent("MICRONAUT_HTTP_SERVICES_DATABASE_URL", "http://" + DATABASE_NAME + ":" + DATABASE_PORT);
        return env;
    }

    /**
     * Starts the ALB's routing on ip:8080 (web's port, as the ALB listens where users expect the page): /api/* to
     * the api instances on the given addresses, the rest to the web instances.
     */
    public LocalLoadBalancer startLoadBalancer(String ip, List<String> apiIps, List<String> webIps) {
        LocalLoadBalancer alb = new LocalLoadBalancer(new InetSocketAddress(ip, WEB_PORT),
            apiIps.stream().map(api -> URI.create("http://" + api + ":" + API_PORT)).toList(),
            webIps.stream().map(web -> URI.create("http://" + web + ":" + WEB_PORT)).toList());
        loadBalancers.add(alb);
        return alb;
    }

    /** Where the service bound to ip:port serves its management endpoints. */
    public static String managementUrl(String ip, int port) {
        return "http://" + ip + ":" + (port + MANAGEMENT_OFFSET);
    }

    /** A free port whose management port (+1000) is free as well, for a service in tests that need no fixed port. */
    public static int freeServicePort() {
        for (int attempt = 0; attempt < 100; attempt++) {
            int port = freePort();
            if (port + MANAGEMENT_OFFSET <= 65535 && isFree(port + MANAGEMENT_OFFSET)) {
                return port;
            }
        }
        throw new IllegalStateException("no free port pair (p, p + " + MANAGEMENT_OFFSET + ") found");
    }

    private static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket(port)) {
            return true;
        } catch (IOException taken) {
            return false;
        }
    }

    /** A free TCP port on loopback, for DynamoDB Local in tests. */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        loadBalancers.forEach(LocalLoadBalancer::close);
        loadBalancers.clear();
        // Callers first, storage last, so no service logs errors about a dependency that left before it.
        for (int i = processes.size() - 1; i >= 0; i--) {
            processes.get(i).close();
        }
        processes.clear();

    }

    private ManagedProcess track(ManagedProcess process) {
        processes.add(process);
        return process;
    }

    private static String version() {
        return System.getProperty("project.version", "1.0.0");
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static void createDirectories(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
