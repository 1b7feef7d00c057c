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
 * it. Which JDK: {@code
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

    /** Whether {@code jar} should get a training run first: the cache is on and none is newer than the jar. */
    public boolean needsTraining(Path jar) {
        return cache && !isFresh(cacheOf(jar), jar);
    }

    /** The flags that start {@code jar} from its cache, if a fresh one exists. */
    public List<String> cacheFlags(Path jar) {
        Path file = cacheOf(jar);
        if (!cache || !isFresh(file, jar)) {
            return List.of();
        }
        return List.of(feature >= 25 ? "-XX:AOTCache=" + file : "-XX:SharedArchiveFile=" + file);
    }

    /** The flags of a training run: it writes the cache to a temporary file when it exits. */
    public List<String> trainingFlags(Path jar) {
        Path partial = partialOf(jar);
        return List.of(feature >= 25 ? "-XX:AOTCacheOutput=" + partial : "-XX:ArchiveClassesAtExit=" + partial);
    }

    /** Moves what an exited training run wrote into place; false if it wrote nothing. */
    public boolean keepTrained(Path jar) {
        try {
            Files.move(partialOf(jar), cacheOf(jar), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private Path partialOf(Path jar) {
        Path file = cacheOf(jar);
        return file.resolveSibling(file.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
    }

    private Path cacheOf(Path jar) {
        return jar.resolveSibling(jar.getFileName() + (feature >= 25 ? ".jdk" + feature + ".aot" : ".jdk" + feature + ".jsa"));
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
