package dev.ecsdns.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;

/** {@code -c tracing=on}: a collector sidecar per task sends the service's spans to X-Ray; off, nothing of it. */
class TracingTest {

    private final Stacks.Synthesized on = Stacks.tracing();
    private final Stacks.Synthesized off = Stacks.defaults();

    @ParameterizedTest
    @CsvSource({"Web,web", "Api,api", "Database,database"})
    void runsThePinnedCollectorBesideEachServiceWithoutMakingItEssential(String service, String name) {
        Map<String, Object> collector = container(on, service, Tracing.CONTAINER_NAME);

        assertThat(collector.get("Image")).isEqualTo(Tracing.COLLECTOR_IMAGE);
        assertThat(collector).containsEntry("Essential", false).containsEntry("Memory", Tracing.COLLECTOR_MEMORY_MIB)
                .containsEntry("ReadonlyRootFilesystem", true);
        assertThat(Cfn.map(collector.get("HealthCheck")).get("Command")).isEqualTo(List.of("CMD", "/healthcheck"));
        assertThat(Cfn.map(Cfn.map(collector.get("LogConfiguration")).get("Options")))
                .containsEntry("awslogs-stream-prefix", Tracing.CONTAINER_NAME);
        assertThat(container(on, service, name)).containsEntry("Essential", true);
    }

    @Test
    void collectorListensOnTheTasksLoopbackOnlyAndExportsToXRay() {
        String config = (String) Cfn.environment(container(on, "Api", Tracing.CONTAINER_NAME)).get("AOT_CONFIG_CONTENT");

        assertThat(config).contains("endpoint: 127.0.0.1:4318", "awsxray:", "exporters: [awsxray]")
                .doesNotContain("0.0.0.0", "awsemf", "prometheus");
    }

    @ParameterizedTest
    @CsvSource({"Web,web", "Api,api", "Database,database"})
    void pointsEachServiceAtItsCollectorWithTheStandardOpenTelemetryVariables(String service, String name) {
        assertThat(Cfn.environment(container(on, service, name)))
                .containsEntry("OTEL_TRACES_EXPORTER", "otlp")
                .containsEntry("OTEL_EXPORTER_OTLP_ENDPOINT", "http://localhost:4318")
                .containsEntry("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf")
                .containsEntry("OTEL_TRACES_SAMPLER", "parentbased_traceidratio")
                .containsEntry("OTEL_TRACES_SAMPLER_ARG", Tracing.SAMPLE_RATIO);
    }

    @ParameterizedTest
    @CsvSource({"Web", "Api", "Database"})
    void letsEachTaskRolePutTraceSegmentsAndNothingElseOfXRay(String service) {
        List<Map<String, Object>> xray = statements(on, service).stream()
                .filter(statement -> Cfn.list(statement.get("Action")).stream()
                        .anyMatch(action -> action.toString().startsWith("xray:")))
                .toList();

        assertThat(xray).singleElement().satisfies(statement -> {
            assertThat(statement.get("Action")).isEqualTo("xray:PutTraceSegments");
            assertThat(statement.get("Effect")).isEqualTo("Allow");
        });
    }

    @Test
    void keepsDatabasesTablePermissionsAsTheyAre() {
        assertThat(statements(on, "Database")).hasSize(2)
                .anySatisfy(statement -> assertThat(Cfn.list(statement.get("Action")))
                        .contains("dynamodb:GetItem", "dynamodb:PutItem"));
    }

    @ParameterizedTest
    @CsvSource({"Web,web", "Api,api", "Database,database"})
    void offAddsNoContainerNoPermissionAndNoTracingVariable(String service, String name) {
        List<Object> containers = Cfn.list(Cfn.properties(off, service + "/TaskDefinition").get("ContainerDefinitions"));

        assertThat(containers).hasSize(1);
        assertThat(Cfn.environment(Cfn.map(containers.get(0)))).doesNotContainKeys("OTEL_TRACES_EXPORTER",
                "OTEL_EXPORTER_OTLP_ENDPOINT");
        assertThat(statements(off, service)).noneMatch(statement -> statement.toString().contains("xray:"));
    }

    @Test
    void isOffUnlessTheContextSaysOnAndRejectsAnythingElse() {
        assertThat(InfraApp.props(context(null), Map.of()).tracing()).isFalse();
        assertThat(InfraApp.props(context("on"), Map.of()).tracing()).isTrue();
        assertThatThrownBy(() -> InfraApp.props(context("true"), Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tracing must be on or off");
    }

    /** The context of a deploy with this tracing value: only the image tag besides. */
    private static Function<String, Object> context(String tracing) {
        return key -> switch (key) {
            case "imageTag" -> Stacks.IMAGE_TAG;
            case "tracing" -> tracing;
            default -> null;
        };
    }

    @Test
    void cdkNagFindsNothingUnsuppressedWithTracingOn() {
        assertThat(Annotations.fromStack(on.stack()).findError("*", Match.stringLikeRegexp("AwsSolutions-.*")))
                .isEmpty();
        assertThat(Annotations.fromStack(on.stack()).findWarning("*", Match.stringLikeRegexp("AwsSolutions-.*")))
                .isEmpty();
    }

    private static Map<String, Object> container(Stacks.Synthesized stack, String service, String name) {
        return Cfn.list(Cfn.properties(stack, service + "/TaskDefinition").get("ContainerDefinitions")).stream()
                .map(Cfn::map).filter(container -> name.equals(container.get("Name"))).findFirst()
                .orElseThrow(() -> new AssertionError("no container " + name + " in " + service));
    }

    /** The statements of every policy attached to the service's task role. */
    private static List<Map<String, Object>> statements(Stacks.Synthesized stack, String service) {
        String role = Cfn.logicalId(stack.stack(), service + "/TaskDefinition/TaskRole");
        return stack.template().findResources("AWS::IAM::Policy").values().stream()
                .map(Cfn::properties)
                .filter(policy -> Cfn.list(policy.get("Roles")).contains(Map.of("Ref", role)))
                .flatMap(policy -> Cfn.list(Cfn.map(policy.get("PolicyDocument")).get("Statement")).stream())
                .map(Cfn::map)
                .toList();
    }
}
