package dev.ecsdns.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code -c discovery=service-connect}: Envoy proxies instead of DNS, under the very same names. */
class ServiceConnectTest {

    private final Stacks.Synthesized stack = Stacks.serviceConnect();

    @Test
    void keepsInstancesInAnHttpNamespaceCalledInternalLocalWithoutAHostedZone() {
        stack.template().hasResourceProperties("AWS::ServiceDiscovery::HttpNamespace",
                Map.of("Name", "internal.local"));
        assertThat(stack.template().findResources("AWS::ServiceDiscovery::PrivateDnsNamespace")).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({"Web,web,8080", "Api,api,8081", "Database,database,8082"})
    void answersTheSameDnsNameAndPortThroughAClientAlias(String service, String name, int port) {
        Map<String, Object> serviceConnect = Cfn.map(Cfn.properties(stack, service + "/Service")
                .get("ServiceConnectConfiguration"));

        assertThat(serviceConnect).containsAllEntriesOf(Map.of(
                "Enabled", true,
                "Namespace", Map.of("Fn::GetAtt", List.of(Cfn.logicalId(stack.stack(), "ServiceDiscovery/Namespace"),
                        "Arn")),
                "Services", List.of(Map.of(
                        "PortName", name,
                        "DiscoveryName", name,
                        "ClientAliases", List.of(Map.of("DnsName", name + ".internal.local", "Port", port))))));
    }

    @ParameterizedTest
    @CsvSource({"Web", "Api", "Database"})
    void registersNoDnsRecords(String service) {
        assertThat(Cfn.properties(stack, service + "/Service")).doesNotContainKey("ServiceRegistries");
        assertThat(stack.template().findResources("AWS::ServiceDiscovery::Service")).isEmpty();
    }

    @Test
    void leavesTheServicesConfigurationUnchanged() {
        assertThat(Cfn.environment(Cfn.container(stack, "Web")))
                .containsEntry("MICRONAUT_HTTP_SERVICES_API_URL", "http://api.internal.local:8081");
        assertThat(Cfn.environment(Cfn.container(stack, "Api")))
                .containsEntry("MICRONAUT_HTTP_SERVICES_DATABASE_URL", "http://database.internal.local:8082");
    }

    @Test
    void keepsTheSameSecurityGroupGraph() {
        assertThat(SecurityGroupGraph.ingress(stack)).isEqualTo(SecurityGroupGraph.ingress(Stacks.defaults()));
    }

    @ParameterizedTest
    @CsvSource({"web", "api", "database"})
    void letsTheProxyReachItsControlPlaneOn443(String group) {
        assertThat(SecurityGroupGraph.egressOf(stack, group)).contains(group + " -> 0.0.0.0/0 tcp 443");
    }

    @ParameterizedTest
    @CsvSource({"Web", "Api", "Database"})
    void growsTheTaskByTheProxysShareAndKeepsTheServiceContainerAtTheSizeAskedFor(String service) {
        assertThat(Cfn.properties(stack, service + "/TaskDefinition"))
                .containsEntry("Cpu", "512")
                .containsEntry("Memory", "1024");
        assertThat(Cfn.container(stack, service)).containsEntry("Cpu", 256).containsEntry("Memory", 512);
    }

    @ParameterizedTest
    @CsvSource({"Web,web", "Api,api", "Database,database"})
    void logsTheProxyToItsOwnGroup(String service, String name) {
        Map<String, Object> logs = Cfn.map(Cfn.map(Cfn.properties(stack, service + "/Service")
                .get("ServiceConnectConfiguration")).get("LogConfiguration"));

        assertThat(logs).containsEntry("LogDriver", "awslogs");
        assertThat(Cfn.map(logs.get("Options"))).containsEntry("awslogs-stream-prefix", name + "-proxy")
                .containsEntry("awslogs-group", Map.of("Ref", Cfn.logicalId(stack.stack(), service + "/ProxyLogs")));
    }

    @ParameterizedTest
    @CsvSource({"Web,web", "Api,api", "Database,database"})
    void pullsImagesFromImageRegistryWhenGiven(String service, String name) {
        assertThat(Cfn.container(stack, service)).containsEntry("Image", "ghcr.io/acme/" + name + ":v1.2.3");
    }
}
