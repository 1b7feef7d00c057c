package dev.ecsdns.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Sizing and image context keys: {@code -c cpu=512 -c memory=1024 -c dnsTtl=30 -c imageTag=3f2a1bc}. */
class ContextOverridesTest {

    private final Stacks.Synthesized stack = Stacks.https();

    @ParameterizedTest
    @CsvSource({"Web", "Api", "Database"})
    void sizesTasksFromCpuAndMemory(String service) {
        assertThat(Cfn.properties(stack, service + "/TaskDefinition"))
                .containsEntry("Cpu", "512")
                .containsEntry("Memory", "1024");
    }

    @ParameterizedTest
    @CsvSource({"web", "api", "database"})
    void setsTheRecordTtlFromDnsTtl(String name) {
        stack.template().hasResourceProperties("AWS::ServiceDiscovery::Service", Map.of(
                "Name", name,
                "DnsConfig", Map.of("DnsRecords", List.of(Map.of("Type", "A", "TTL", 30)),
                        "RoutingPolicy", "MULTIVALUE")));
    }

    @ParameterizedTest
    @CsvSource({"Web,web", "Api,api", "Database,database"})
    void runsTheImageTagFromImageTag(String service, String repository) {
        assertThat(Cfn.container(stack, service).get("Image").toString()).endsWith("/" + repository + ":3f2a1bc]]}");
    }
}
