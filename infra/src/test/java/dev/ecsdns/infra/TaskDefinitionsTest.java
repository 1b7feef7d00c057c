package dev.ecsdns.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What each task runs and how its container is hardened, probed, stopped and logged. */
class TaskDefinitionsTest {

    private final Stacks.Synthesized stack = Stacks.defaults();

    @ParameterizedTest
    @CsvSource({"Web", "Api", "Database"})
    void sizesTasksAtAQuarterVcpuAndHalfAGigabyteOnLinuxX86(String service) {
        assertThat(Cfn.properties(stack, service + "/TaskDefinition"))
                .containsEntry("Cpu", "256")
                .containsEntry("Memory", "512")
                .containsEntry("RequiresCompatibilities", List.of("FARGATE"))
                .containsEntry("RuntimePlatform",
                        Map.of("CpuArchitecture", "X86_64", "OperatingSystemFamily", "LINUX"));
    }

    @ParameterizedTest
    @CsvSource({"Web,web,8080", "Api,api,8081", "Database,database,8082"})
    void namesTheContainerAndItsPortAfterTheService(String service, String name, int port) {
        Map<String, Object> container = Cfn.container(stack, service);

        assertThat(container).containsEntry("Name", name).containsEntry("Essential", true);
        assertThat(Cfn.list(container.get("PortMappings"))).containsExactly(Map.of(
                "Name", name, "ContainerPort", port, "Protocol", "tcp", "AppProtocol", "http"));
    }

    @ParameterizedTest
    @CsvSource({"Web,9080", "Api,9081", "Database,9082"})
    void probesLivenessOnTheManagementPortWithBashAloneNoCurl(String service, int port) {
        assertThat(Cfn.container(stack, service)).containsEntry("HealthCheck", Map.of(
                "Command", List.of("CMD", "bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/" + port
                        + " && printf 'GET /health/liveness HTTP/1.0\\r\\n\\r\\n' >&3"
                        + " && read -r -t 2 _ code _ <&3 && [ \"$code\" = 200 ]"),
                "Interval", 10,
                "Timeout", 5,
                "Retries", 3,
                "StartPeriod", 45));
    }

    @ParameterizedTest
    @CsvSource({"Web", "Api", "Database"})
    void runsAsTheImagesNonRootUserOnAReadOnlyRootFilesystem(String service) {
        assertThat(Cfn.container(stack, service))
                .containsEntry("User", "10001:10001")
                .containsEntry("ReadonlyRootFilesystem", true);
    }

    @ParameterizedTest
    @CsvSource({"Web", "Api", "Database"})
    void mountsAWritableTaskVolumeAtTmp(String service) {
        assertThat(Cfn.container(stack, service)).containsEntry("MountPoints", List.of(Map.of(
                "ContainerPath", "/tmp", "ReadOnly", false, "SourceVolume", "tmp")));
        assertThat(Cfn.properties(stack, service + "/TaskDefinition"))
                .containsEntry("Volumes", List.of(Map.of("Name", "tmp")));
    }

    @ParameterizedTest
    @CsvSource({"Web,web,60", "Api,api,60", "Database,database,75"})
    void waitsLongEnoughAfterSigtermForTheLameDuckPeriodAndGracefulShutdown(String service, String name,
                                                                           int expected) {
        int stopTimeout = (Integer) Cfn.container(stack, service).get("StopTimeout");

        assertThat(stopTimeout).isEqualTo(expected)
                .isGreaterThan(Timings.of(name).lameDuckSeconds() + Timings.GRACEFUL_SHUTDOWN_SECONDS)
                .isLessThanOrEqualTo(Timings.MAX_STOP_TIMEOUT_SECONDS);
    }

    @ParameterizedTest
    @CsvSource({"Web,web", "Api,api", "Database,database"})
    void logsToItsOwnGroupKeptForThirtyDays(String service, String prefix) {
        Map<String, Object> options = Cfn.map(Cfn.map(Cfn.container(stack, service).get("LogConfiguration"))
                .get("Options"));
        String logGroup = Cfn.target(options.get("awslogs-group"));

        assertThat(options).containsEntry("awslogs-stream-prefix", prefix);
        assertThat(logGroup).isEqualTo(Cfn.logicalId(stack.stack(), service + "/Logs"));
        assertThat(Cfn.properties(Cfn.resource(stack.template(), logGroup))).containsEntry("RetentionInDays", 30);
    }

    @ParameterizedTest
    @CsvSource({"Web,8080,9080", "Api,8081,9081", "Database,8082,9082"})
    void tellsEachServiceItsTrafficAndManagementPorts(String service, String port, String managementPort) {
        assertThat(Cfn.environment(Cfn.container(stack, service)))
                .containsEntry("MICRONAUT_SERVER_PORT", port)
                .containsEntry("ENDPOINTS_ALL_PORT", managementPort);
    }

    @ParameterizedTest
    @CsvSource({"Web,15s", "Api,15s", "Database,45s"})
    void givesDatabaseALongerLameDuckThanTheServicesTheLoadBalancerDrains(String service, String lameDuck) {
        assertThat(Cfn.environment(Cfn.container(stack, service))).containsEntry("SHUTDOWN_LAME_DUCK", lameDuck);
    }

    @Test
    void tellsDatabaseItsTableAndRegion() {
        assertThat(Cfn.environment(Cfn.container(stack, "Database")))
                .containsEntry("DYNAMODB_TABLE_NAME", Map.of("Ref", ItemTable.LOGICAL_ID))
                .containsEntry("AWS_REGION", Map.of("Ref", "AWS::Region"));
    }

    @ParameterizedTest
    @CsvSource({"Web,web", "Api,api", "Database,database"})
    void pullsTheTaggedImageFromTheAccountsRepositoryNamedAfterTheService(String service, String repository) {
        assertThat(Cfn.container(stack, service).get("Image").toString())
                .contains(".dkr.ecr.")
                .endsWith("/" + repository + ":" + Stacks.IMAGE_TAG + "]]}");
    }
}
