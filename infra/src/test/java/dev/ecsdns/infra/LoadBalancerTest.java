package dev.ecsdns.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awscdk.assertions.Match;

/** The public ALB without a certificate: port 80, web by default, /api/* to api. */
class LoadBalancerTest {

    private final Stacks.Synthesized stack = Stacks.defaults();

    @Test
    void isInternetFacingInThePublicSubnets() {
        Map<String, Object> alb = Cfn.properties(stack, "LoadBalancer/LoadBalancer");

        assertThat(alb).containsEntry("Scheme", "internet-facing");
        assertThat(Cfn.list(alb.get("Subnets"))).map(Cfn::target).allMatch(id -> id.contains("PublicSubnet"));
    }

    @Test
    void sendsEverythingOnPort80ToWebByDefault() {
        assertThat(Cfn.properties(stack, "LoadBalancer/LoadBalancer/Http")).containsEntry("Port", 80)
                .containsEntry("Protocol", "HTTP")
                .containsEntry("DefaultActions", List.of(Map.of("Type", "forward",
                        "TargetGroupArn", Map.of("Ref", Cfn.logicalId(stack.stack(), "LoadBalancer/WebTargetGroup")))));
    }

    @Test
    void sendsApiPathsToApiWithRulePriority100() {
        stack.template().hasResourceProperties("AWS::ElasticLoadBalancingV2::ListenerRule", Map.of(
                "ListenerArn", Map.of("Ref", Cfn.logicalId(stack.stack(), "LoadBalancer/LoadBalancer/Http")),
                "Priority", 100,
                "Conditions", List.of(Map.of("Field", "path-pattern",
                        "PathPatternConfig", Map.of("Values", List.of("/api/*")))),
                "Actions", List.of(Map.of("Type", "forward",
                        "TargetGroupArn",
                        Map.of("Ref", Cfn.logicalId(stack.stack(), "LoadBalancer/ApiTargetGroup"))))));
    }

    @ParameterizedTest
    @CsvSource({"WebTargetGroup,8080", "ApiTargetGroup,8081"})
    void targetsTaskIpsOnTheServicePort(String targetGroup, int port) {
        assertThat(Cfn.properties(stack, "LoadBalancer/" + targetGroup))
                .containsEntry("TargetType", "ip")
                .containsEntry("Protocol", "HTTP")
                .containsEntry("Port", port);
    }

    @ParameterizedTest
    @CsvSource({"WebTargetGroup,9080", "ApiTargetGroup,9081"})
    void probesReadinessOnTheManagementPortEveryTenSecondsAndDecidesAfterTwo(String targetGroup, String port) {
        assertThat(Cfn.properties(stack, "LoadBalancer/" + targetGroup))
                .containsEntry("HealthCheckPath", "/health/readiness")
                .containsEntry("HealthCheckPort", port)
                .containsEntry("HealthCheckIntervalSeconds", 10)
                .containsEntry("HealthyThresholdCount", 2)
                .containsEntry("UnhealthyThresholdCount", 2)
                .containsEntry("Matcher", Map.of("HttpCode", "200"));
    }

    @ParameterizedTest
    @CsvSource({"WebTargetGroup", "ApiTargetGroup"})
    void drainsTargetsJustLongerThanTheLameDuckPeriod(String targetGroup) {
        Map<String, Object> attributes = Cfn.list(Cfn.properties(stack, "LoadBalancer/" + targetGroup)
                .get("TargetGroupAttributes")).stream().map(Cfn::map)
                .collect(java.util.stream.Collectors.toMap(a -> (String) a.get("Key"), a -> a.get("Value")));
        int delay = Integer.parseInt((String) attributes.get("deregistration_delay.timeout_seconds"));

        assertThat(delay).isEqualTo(20).isGreaterThan(Timings.WEB.lameDuckSeconds()).isLessThan(300);
    }

    @ParameterizedTest
    @CsvSource({"Web,WebTargetGroup,web,8080", "Api,ApiTargetGroup,api,8081"})
    void registersTheServicesTasksInItsTargetGroup(String service, String targetGroup, String container, int port) {
        assertThat(Cfn.list(Cfn.properties(stack, service + "/Service").get("LoadBalancers"))).containsExactly(Map.of(
                "ContainerName", container,
                "ContainerPort", port,
                "TargetGroupArn", Map.of("Ref", Cfn.logicalId(stack.stack(), "LoadBalancer/" + targetGroup))));
    }

    @ParameterizedTest
    @CsvSource({"defaults", "https", "service-connect", "blue-green", "service-connect-canary"})
    void routesRequestsOnlyToTrafficPortsNeverToAManagementPort(String variant) {
        Stacks.Synthesized synthesized = Stacks.named(variant);

        assertThat(synthesized.template().findResources("AWS::ElasticLoadBalancingV2::TargetGroup").values().stream()
                .map(Cfn::properties).map(group -> group.get("Port"))).isNotEmpty().allMatch(
                        port -> port.equals(EcsDnsStack.WEB_PORT) || port.equals(EcsDnsStack.API_PORT));
    }

    @Test
    void keepsDatabaseOutOfTheLoadBalancer() {
        assertThat(Cfn.properties(stack, "Database/Service")).doesNotContainKey("LoadBalancers");
    }

    @Test
    void dropsInvalidHeaderFields() {
        stack.template().hasResourceProperties("AWS::ElasticLoadBalancingV2::LoadBalancer", Map.of(
                "LoadBalancerAttributes", Match.arrayWith(List.of(Map.of(
                        "Key", "routing.http.drop_invalid_header_fields.enabled", "Value", "true")))));
    }
}
