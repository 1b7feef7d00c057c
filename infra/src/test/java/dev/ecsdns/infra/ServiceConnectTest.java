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
        assertThat(Cfn.properties(stack, service + "/Service")).containsEntry("ServiceConnectConfiguration", Map.of(
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
        assertThat(SecurityGroupGraph.ingress(stack)).containsExactlyInAnyOrder(
                "alb <- 0.0.0.0/0 tcp 80",
                "web <- alb tcp 8080",
                "api <- alb tcp 8081",
                "api <- web tcp 8081",
                "database <- api tcp 8082");
    }

    @ParameterizedTest
    @CsvSource({"Web,web", "Api,api", "Database,database"})
    void pullsImagesFromImageRegistryWhenGiven(String service, String name) {
        assertThat(Cfn.container(stack, service)).containsEntry("Image", "ghcr.io/acme/" + name + ":v1.2.3");
    }
}
