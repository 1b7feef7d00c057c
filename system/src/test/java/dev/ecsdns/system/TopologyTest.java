package dev.ecsdns.system;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dev loop's JVMs run with the images' flags: the parent pom's {@code jib.jvm.flags}, which the build filters into
 * the system module, plus the tasks' memory as the size the heap is taken from.
 */
class TopologyTest {

    @Test
    void servicesRunWithTheImagesFlagsAndTheTasksMemory() throws IOException {
        String parentPom = Files.readString(Topology.projectRoot().resolve("pom.xml"));
        Matcher imageFlags = Pattern.compile("<jib\\.jvm\\.flags>([^<]+)</jib\\.jvm\\.flags>").matcher(parentPom);
        assertThat(imageFlags.find()).as("jib.jvm.flags in the parent pom").isTrue();

        List<String> expected = new ArrayList<>(List.of("-XX:MaxRAM=512m"));
        expected.addAll(List.of(imageFlags.group(1).split(",")));
        assertThat(Topology.SERVICE_JVM_FLAGS).containsExactlyElementsOf(expected);
    }
}
