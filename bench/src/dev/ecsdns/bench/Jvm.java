package dev.ecsdns.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Which JVM a number is on, and the flags a process run uses to stand in for the Fargate task. */
final class Jvm {

    private Jvm() {
    }

    /** The image's flags plus -XX:MaxRAM=512m: heap ergonomics as in the 512 MB task (taskset gives the 1 CPU). */
    static List<String> taskFlags(List<String> imageFlags) {
        List<String> flags = new ArrayList<>(imageFlags);
        flags.add("-XX:MaxRAM=512m");
        return flags;
    }

    /** E.g. "OpenJDK 17.0.15+6-Debian-1deb12u1" from java -version. */
    static String describe(String java) {
        return summarize(Sh.run(Duration.ofSeconds(30), java, "-version").out());
    }

    static String describeImage(String image) {
        return summarize(Sh.run(Duration.ofSeconds(60), "docker", "run", "--rm", "--entrypoint", "java", image, "-version").out());
    }

    private static String summarize(String versionOutput) {
        for (String line : versionOutput.split("\n")) {
            if (line.contains("Runtime Environment")) {
                String vendor = line.substring(0, line.indexOf("Runtime Environment")).trim();
                int build = line.indexOf("(build ");
                return (vendor.isEmpty() ? "Java" : vendor) + " " + (build < 0 ? "?" : line.substring(build + 7, line.indexOf(')', build)));
            }
        }
        return "unknown JVM";
    }
}
