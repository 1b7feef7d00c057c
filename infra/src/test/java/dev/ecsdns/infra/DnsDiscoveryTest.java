package dev.ecsdns.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awscdk.assertions.Match;

/** The default discovery: Cloud Map A records in the private zone internal.local, kept by ECS. */
class DnsDiscoveryTest {

    private final Stacks.Synthesized stack = Stacks.defaults();

    @Test
    void createsThePrivateZoneInternalLocalInTheStacksVpc() {
        stack.template().hasResourceProperties("AWS::ServiceDiscovery::PrivateDnsNamespace", Map.of(
                "Name", "internal.local",
                "Vpc", Map.of("Ref", Cfn.logicalId(stack.stack(), "Network/Vpc"))));
    }

    @ParameterizedTest
    @CsvSource({"web", "api", "database"})
    void answersEachServiceNameWithEveryHealthyTaskAsTenSecondARecords(String name) {
        stack.template().hasResourceProperties("AWS::ServiceDiscovery::Service", Map.of(
                "Name", name,
                "DnsConfig", Map.of(
                        "DnsRecords", List.of(Map.of("Type", "A", "TTL", 10)),
                        "RoutingPolicy", "MULTIVALUE")));
    }

    @ParameterizedTest
    @CsvSource({"web", "api", "database"})
    void letsEcsReportTaskHealthInsteadOfRoute53HealthChecks(String name) {
        stack.template().hasResourceProperties("AWS::ServiceDiscovery::Service", Map.of(
                "Name", name,
                "HealthCheckCustomConfig", Map.of("FailureThreshold", 1),
                "HealthCheckConfig", Match.absent()));
    }

    @ParameterizedTest
    @CsvSource({"Web,web", "Api,api", "Database,database"})
    void registersEachEcsServiceInItsOwnCloudMapService(String service, String name) {
        String cloudMapService = Cfn.logicalId(stack.stack(), "ServiceDiscovery/Namespace/" + name);
        Map<String, Object> registry = Cfn.map(Cfn.list(
                Cfn.properties(stack, service + "/Service").get("ServiceRegistries")).get(0));

        assertThat(Cfn.target(registry.get("RegistryArn"))).isEqualTo(cloudMapService);
        assertThat(Cfn.properties(stack, service + "/Service")).doesNotContainKey("ServiceConnectConfiguration");
    }

    @Test
    void pointsWebAtApiByItsDnsName() {
        assertThat(Cfn.environment(Cfn.container(stack, "Web")))
                .containsEntry("MICRONAUT_HTTP_SERVICES_API_URL", "http://api.internal.local:8081");
    }

    @Test
    void pointsApiAtDatabaseByItsDnsName() {
        assertThat(Cfn.environment(Cfn.container(stack, "Api")))
                .containsEntry("MICRONAUT_HTTP_SERVICES_DATABASE_URL", "http://database.internal.local:8082");
    }
}
