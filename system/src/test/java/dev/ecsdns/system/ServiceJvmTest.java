package dev.ecsdns.system;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A class cache serves the JVM options it was trained with: after a flag changes, the next start trains again instead
 * of handing the JVM a cache it would refuse.
 */
class ServiceJvmTest {

    private static final List<String> SERIAL = List.of("-XX:MaxRAM=512m", "-XX:+UseSerialGC");
    private static final List<String> NATIVE_ACCESS = List.of("-XX:MaxRAM=512m", "-XX:+UseSerialGC",
        "--enable-native-access=ALL-UNNAMED");

    @Test
    void aCacheTrainedWithOtherOptionsIsNotUsed(@TempDir Path dir) throws IOException {
        ServiceJvm jvm = jdk25(dir);
        Path jar = builtJar(dir, "api-all.jar");
        assertThat(jvm.needsTraining(jar, SERIAL)).isTrue();
        assertThat(jvm.cacheFlags(jar, SERIAL)).isEmpty();

        trainedWith(jvm, jar, SERIAL);

        assertThat(jvm.needsTraining(jar, SERIAL)).isFalse();
        assertThat(jvm.cacheFlags(jar, SERIAL)).singleElement().asString().startsWith("-XX:AOTCache=")
            .endsWith(".aot");
        assertThat(jvm.needsTraining(jar, NATIVE_ACCESS)).as("another option set").isTrue();
        assertThat(jvm.cacheFlags(jar, NATIVE_ACCESS)).isEmpty();

        trainedWith(jvm, jar, NATIVE_ACCESS);

        assertThat(jvm.cacheFlags(jar, NATIVE_ACCESS)).isNotEqualTo(jvm.cacheFlags(jar, SERIAL));
        assertThat(jvm.needsTraining(jar, SERIAL)).as("the first set's cache is still there").isFalse();
    }

    @Test
    void systemPropertiesDoNotNeedACacheOfTheirOwn(@TempDir Path dir) throws IOException {
        ServiceJvm jvm = jdk25(dir);
        Path jar = builtJar(dir, "web-all.jar");
        trainedWith(jvm, jar, SERIAL);

        List<String> withProperty = List.of("-XX:MaxRAM=512m", "-Djdk.net.hosts.file=/tmp/hosts", "-XX:+UseSerialGC");
        assertThat(jvm.needsTraining(jar, withProperty)).isFalse();
        assertThat(jvm.cacheFlags(jar, withProperty)).isEqualTo(jvm.cacheFlags(jar, SERIAL));
    }

    @Test
    void aRebuiltJarIsTrainedAgain(@TempDir Path dir) throws IOException {
        ServiceJvm jvm = jdk25(dir);
        Path jar = builtJar(dir, "database-all.jar");
        trainedWith(jvm, jar, SERIAL);

        Files.setLastModifiedTime(jar, FileTime.from(Instant.now().plusSeconds(60)));

        assertThat(jvm.needsTraining(jar, SERIAL)).isTrue();
        assertThat(jvm.cacheFlags(jar, SERIAL)).isEmpty();
    }

    /** A jar built before any cache this test writes. */
    private static Path builtJar(Path dir, String name) throws IOException {
        Path jar = Files.writeString(dir.resolve(name), "jar");
        Files.setLastModifiedTime(jar, FileTime.from(Instant.parse("2026-01-01T00:00:00Z")));
        return jar;
    }

    /** A JDK home that says it is 25 (the cache's kind follows the release file, not a running JVM). */
    private static ServiceJvm jdk25(Path dir) throws IOException {
        Path home = Files.createDirectories(dir.resolve("jdk"));
        Files.writeString(home.resolve("release"), "JAVA_VERSION=\"25.0.1\"\n");
        return new ServiceJvm(home, true);
    }

    /** What a training run leaves: the partial file the JVM writes at exit, moved into place. */
    private static void trainedWith(ServiceJvm jvm, Path jar, List<String> options) throws IOException {
        String output = jvm.trainingFlags(jar, options).get(0);
        Files.writeString(Path.of(output.substring(output.indexOf('=') + 1)), "cache");
        assertThat(jvm.keepTrained(jar, options)).isTrue();
    }
}
