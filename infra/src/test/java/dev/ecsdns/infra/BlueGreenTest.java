package dev.ecsdns.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;

/**
 * {@code -c deployment=blue-green}: web's green tasks start behind an alternate target group, the deployment check
 * tests them through a test listener only it can reach, then ECS moves the production rule and bakes; alarms roll it
 * back. api keeps rolling in DNS mode (see {@code EcsDnsStack.apiDeployment}).
 */
class BlueGreenTest {

    private final Stacks.Synthesized stack = Stacks.blueGreen();

    @Test
    void deploysWebBlueGreenWithFiveMinutesOfBakeTime() {
        assertThat(deploymentOf("Web"))
                .containsEntry("Strategy", "BLUE_GREEN")
                .containsEntry("BakeTimeInMinutes", 5);
    }

    @Test
    void keepsApiRollingBecauseCloudMapRegistersGreenTasksBeforeAnyTrafficShifts() {
        Map<String, Object> api = Cfn.properties(stack, "Api/Service");

        assertThat(deploymentOf("Api")).containsEntry("Strategy", "ROLLING").doesNotContainKey("LifecycleHooks");
        assertThat(api).containsKey("ServiceRegistries");
        assertThat(Cfn.map(Cfn.list(api.get("LoadBalancers")).get(0))).doesNotContainKey("AdvancedConfiguration");
    }

    @Test
    void shiftsApiTooWhenServiceConnectCarriesWebsCalls() {
        Map<String, Object> api = Cfn.map(Cfn.properties(Stacks.serviceConnectCanary(), "Api/Service")
                .get("DeploymentConfiguration"));

        assertThat(api).containsEntry("Strategy", "CANARY")
                .containsEntry("CanaryConfiguration", Map.of("CanaryPercent", 10, "CanaryBakeTimeInMinutes", 3));
    }

    @Test
    void movesWebsTrafficOverInQuartersEveryTwoMinutesWhenLinear() {
        assertThat(Cfn.map(Cfn.properties(Stacks.linear(), "Web/Service").get("DeploymentConfiguration")))
                .containsEntry("Strategy", "LINEAR")
                .containsEntry("LinearConfiguration", Map.of("StepPercent", 25, "StepBakeTimeInMinutes", 2));
    }

    @Test
    void givesWebAnAlternateTargetGroupAndTheRulesEcsMovesBetweenBlueAndGreen() {
        Map<String, Object> loadBalancer = Cfn.map(Cfn.list(Cfn.properties(stack, "Web/Service")
                .get("LoadBalancers")).get(0));

        assertThat(Cfn.map(loadBalancer.get("AdvancedConfiguration")))
                .containsEntry("AlternateTargetGroupArn", ref("LoadBalancer/WebAlternateTargetGroup"))
                .containsEntry("ProductionListenerRule", ref("LoadBalancer/WebRule"))
                .containsEntry("TestListenerRule", ref("LoadBalancer/WebTestRule"))
                .containsKey("RoleArn");
        assertThat(loadBalancer).containsEntry("TargetGroupArn", ref("LoadBalancer/WebTargetGroup"));
    }

    @Test
    void carriesWebOnACatchAllRuleBecauseEcsShiftsRulesNotDefaultActions() {
        assertThat(Cfn.properties(stack, "LoadBalancer/WebRule"))
                .containsEntry("ListenerArn", ref("LoadBalancer/LoadBalancer/Https"))
                .containsEntry("Priority", 200)
                .containsEntry("Conditions", List.of(Map.of("Field", "path-pattern",
                        "PathPatternConfig", Map.of("Values", List.of("/*")))));
        assertThat(Cfn.properties(stack, "LoadBalancer/LoadBalancer/Https").get("DefaultActions").toString())
                .contains("fixed-response", "404");
    }

    @Test
    void putsTheTestRuleOnAPlainHttpListenerOnPort8000() {
        assertThat(Cfn.properties(stack, "LoadBalancer/WebTestRule"))
                .containsEntry("ListenerArn", ref("LoadBalancer/LoadBalancer/Test"));
        assertThat(Cfn.properties(stack, "LoadBalancer/LoadBalancer/Test"))
                .containsEntry("Port", 8000).containsEntry("Protocol", "HTTP");
    }

    @Test
    void opensTheTestListenerOnlyToTheNatGatewaysAddress() {
        List<Map<String, Object>> testPortRules = Cfn.list(Cfn.properties(stack, "LoadBalancer/SecurityGroup")
                .get("SecurityGroupIngress")).stream().map(Cfn::map)
                .filter(rule -> Integer.valueOf(8000).equals(rule.get("FromPort"))).toList();

        assertThat(testPortRules).singleElement().satisfies(rule -> assertThat(rule.get("CidrIp")).isEqualTo(
                Map.of("Fn::Join", List.of("", List.of(Map.of("Fn::GetAtt",
                        List.of(Cfn.logicalId(stack.stack(), "Network/Vpc/PublicSubnet1/EIP"), "PublicIp")),
                        "/32")))));
    }

    @Test
    void runsTheDeploymentCheckOnceTestTrafficReachesGreen() {
        assertThat(Cfn.list(deploymentOf("Web").get("LifecycleHooks"))).containsExactly(Map.of(
                "HookTargetArn", Map.of("Fn::GetAtt",
                        List.of(Cfn.logicalId(stack.stack(), "Web/DeploymentCheck/Function"), "Arn")),
                "LifecycleStages", List.of("POST_TEST_TRAFFIC_SHIFT"),
                "RoleArn", Map.of("Fn::GetAtt",
                        List.of(Cfn.logicalId(stack.stack(), "Web/DeploymentCheck/InvokerRole"), "Arn"))));
    }

    @Test
    void pointsTheDeploymentCheckAtWebsChecksOnTheTestListener() {
        Map<String, Object> variables = Cfn.map(Cfn.map(Cfn.properties(stack, "Web/DeploymentCheck/Function")
                .get("Environment")).get("Variables"));

        assertThat(variables).containsEntry("SERVICE", "web");
        assertThat(variables.get("TEST_URL").toString()).startsWith("{Fn::Join=[, [http://, {Fn::GetAtt=[")
                .endsWith("DNSName]}, :8000]]}");
    }

    @Test
    void letsTheDeploymentCheckOutOnlyToTheTestListenersPort() {
        assertThat(SecurityGroupGraph.egressOf(stack, "web-check"))
                .containsExactly("web-check -> 0.0.0.0/0 tcp 8000");
    }

    @Test
    void rollsBackOnFiveHundredsOrSlowResponsesOfBlueAndGreenTogether() {
        assertThat(deploymentOf("Web")).containsEntry("Alarms", Map.of(
                "AlarmNames", List.of(ref("Web/Alarms/ServerErrors"), ref("Web/Alarms/SlowResponses")),
                "Enable", true,
                "Rollback", true));
        stack.template().hasResourceProperties("AWS::CloudWatch::Alarm", Map.of(
                "AlarmDescription", "web: tasks answer 5xx; a deployment rolls back",
                "Metrics", Match.arrayWith(List.of(Match.objectLike(Map.of(
                        "Expression", "SUM([FILL(m0, 0), FILL(m1, 0)])"))))));
    }

    @Test
    void requestsADnsValidatedCertificateForThePublicNameWhenNoneIsGiven() {
        stack.template().hasResourceProperties("AWS::CertificateManager::Certificate", Map.of(
                "DomainName", Stacks.DOMAIN_NAME,
                "ValidationMethod", "DNS",
                "DomainValidationOptions", List.of(Map.of(
                        "DomainName", Stacks.DOMAIN_NAME, "HostedZoneId", Stacks.HOSTED_ZONE_ID))));
        assertThat(Cfn.properties(stack, "LoadBalancer/LoadBalancer/Https")).containsEntry("Certificates",
                List.of(Map.of("CertificateArn", ref("LoadBalancer/Certificate"))));
    }

    private Map<String, Object> deploymentOf(String service) {
        return Cfn.map(Cfn.properties(stack, service + "/Service").get("DeploymentConfiguration"));
    }

    private Map<String, Object> ref(String path) {
        return Map.of("Ref", Cfn.logicalId(stack.stack(), path));
    }
}
