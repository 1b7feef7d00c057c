package dev.ecsdns.system;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The JVM that runs the service jars, and the class cache that makes them start in a fraction of the time: on JDK 25+
 * an AOT cache (JEP 483/514/515), on older JDKs a dynamic class data sharing archive. The first start of a jar (or
 * the first after it was rebuilt) is preceded by a training run that writes the cache when it exits; later starts use
 * it. A cache is kept per set of JVM options ({@code -X...} and {@code --...}): the JVM refuses a cache trained with
 * options that differ from its own in ways it checks (the collector, native access), and starts without it, silently
 * slower. Which JDK: {@code
 * SERVICE_JAVA_HOME}, else this JVM if it is 25+, else a JDK 25+ under /usr/lib/jvm, else this JVM.
 */
public final class ServiceJvm {

    private static final Pattern VERSION = Pattern.compile("JAVA_VERSION=\"(\\d+)");

    private final Path home;
    private final int feature;
    private final boolean cache;

    /** The JDK in {@code home}, with the class cache or without it (to measure what it saves). */
    public ServiceJvm(Path home, boolean cache) {
        this.home = home;
        this.feature = feature(home);
        this.cache = cache;
    }

    /** The JDK named by SERVICE_JAVA_HOME, else the newest choice described above. */
    public static ServiceJvm fromEnvironment() {
        String configured = System.getenv("SERVICE_JAVA_HOME");
        if (configured != null && !configured.isBlank()) {
            return new ServiceJvm(Path.of(configured), true);
        }
        Path own = Path.of(System.getProperty("java.home"));
        if (Runtime.version().feature() >= 25) {
            return new ServiceJvm(own, true);
        }
        try (DirectoryStream<Path> jdks = Files.newDirectoryStream(Path.of("/usr/lib/jvm"))) {
            for (Path jdk : jdks) {
                if (feature(jdk) >= 25 && Files.isExecutable(jdk.resolve("bin/java"))) {
                    return new ServiceJvm(jdk, true);
                }
            }
        } catch (IOException e) {
            // no JDKs there: this JVM
        }
        return new ServiceJvm(own, true);
    }

    public String java() {
        return home.resolve("bin").resolve("java").toString();
    }

    public int feature() {
        return feature;
    }

    /** What a report should say about these starts, e.g. "JDK 25 + AOT cache". */
    public String describe() {
        return "JDK " + feature + (!cache ? ", no class cache" : feature >= 25 ? " + AOT cache" : " + CDS archive");
    }

    /** Whether {@code jar}, started with {@code options}, should get a training run first: no fresh cache for them. */
    public boolean needsTraining(Path jar, List<String> options) {
        return cache && !isFresh(cacheOf(jar, options), jar);
    }

    /** The flags that start {@code jar} with {@code options} from its cache, if a fresh one exists. */
    public List<String> cacheFlags(Path jar, List<String> options) {
        Path file = cacheOf(jar, options);
        if (!cache || !isFresh(file, jar)) {
            return List.of();
        }
        return List.of(feature >= 25 ? "-XX:AOTCache=" + file : "-XX:SharedArchiveFile=" + file);
    }

    /** The flags of a training run with {@code options}: it writes the cache to a temporary file when it exits. */
    public List<String> trainingFlags(Path jar, List<String> options) {
        Path partial = partialOf(jar, options);
        return List.of(feature >= 25 ? "-XX:AOTCacheOutput=" + partial : "-XX:ArchiveClassesAtExit=" + partial);
    }

    /** Moves what an exited training run with {@code options} wrote into place; false if it wrote nothing. */
    public boolean keepTrained(Path jar, List<String> options) {
        try {
            Files.move(partialOf(jar, options), cacheOf(jar, options), StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private Path partialOf(Path jar, List<String> options) {
        Path file = cacheOf(jar, options);
        return file.resolveSibling(file.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
    }

    /** {@code <jar>.jdk25-<8 hex digits of the options' hash>.aot}; system properties ({@code -D}) do not count. */
    Path cacheOf(Path jar, List<String> options) {
        String key = String.join(" ", options.stream().filter(o -> o.startsWith("-X") || o.startsWith("--")).toList());
        return jar.resolveSibling(jar.getFileName() + ".jdk" + feature + "-" + String.format("%08x", key.hashCode())
            + (feature >= 25 ? ".aot" : ".jsa"));
    }

    private static boolean isFresh(Path cache, Path jar) {
        try {
            return Files.getLastModifiedTime(cache).compareTo(Files.getLastModifiedTime(jar)) > 0;
        } catch (IOException e) {
            return false;
        }
    }

    private static int feature(Path home) {
        try {
            Matcher matcher = VERSION.matcher(Files.readString(home.resolve("release")));
            return matcher.find() ? Integer.parseInt(matcher.group(1)) : 0;
        } catch (IOException | NumberFormatException e) {
            return home.equals(Path.of(System.getProperty("java.home"))) ? Runtime.version().feature() : 0;
        }
    }
}
