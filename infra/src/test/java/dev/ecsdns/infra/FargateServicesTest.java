package dev.ecsdns.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awscdk.assertions.Match;

/** The three ECS services: how many tasks, where, how they deploy and scale. */
class FargateServicesTest {

    private final Stacks.Synthesized stack = Stacks.defaults();

    @Test
    void runsTheClusterWithContainerInsights() {
        stack.template().hasResourceProperties("AWS::ECS::Cluster", Map.of(
                "ClusterSettings", List.of(Map.of("Name", "containerInsights", "Value", "enabled"))));
    }

    @ParameterizedTest
    @CsvSource({"Web", "Api", "Database"})
    void runsOnThePlainFargateLaunchTypeSoNoCapacityProviderAssociationCanBeDeletedFirst(String service) {
        assertThat(Cfn.properties(stack, service + "/Service"))
                .containsEntry("LaunchType", "FARGATE")
                .doesNotContainKey("CapacityProviderStrategy");
        assertThat(stack.template().findResources("AWS::ECS::ClusterCapacityProviderAssociations")).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({"Web", "Api", "Database"})
    void leavesTheTaskCountToTheScalableTargetSoADeployKeepsAScaledOutService(String service) {
        assertThat(Cfn.properties(stack, service + "/Service")).doesNotContainKey("DesiredCount");
    }

    @ParameterizedTest
    @CsvSource({"Web", "Api", "Database"})
    void placesTasksInPrivateSubnetsWithoutPublicIps(String service) {
        Map<String, Object> awsvpc = Cfn.map(Cfn.map(Cfn.properties(stack, service + "/Service")
                .get("NetworkConfiguration")).get("AwsvpcConfiguration"));

        assertThat(awsvpc).containsEntry("AssignPublicIp", "DISABLED");
        assertThat(Cfn.list(awsvpc.get("Subnets"))).hasSize(2).map(Cfn::target)
                .allMatch(subnet -> subnet.contains("PrivateSubnet"));
    }

    @ParameterizedTest
    @CsvSource({"Web", "Api", "Database"})
    void rollsBackFailedDeploymentsWithoutEverDroppingBelowDesiredCount(String service) {
        assertThat(Cfn.map(Cfn.properties(stack, service + "/Service").get("DeploymentConfiguration")))
                .containsEntry("DeploymentCircuitBreaker", Map.of("Enable", true, "Rollback", true))
                .containsEntry("MinimumHealthyPercent", 100)
                .containsEntry("MaximumPercent", 200)
                .containsEntry("Strategy", "ROLLING");
    }

    @ParameterizedTest
    @CsvSource({"Web", "Api"})
    void rollsBackADeploymentWhenItsLoadBalancerAlarmsFireEvenWhenRolling(String service) {
        Map<String, Object> alarms = Cfn.map(Cfn.map(Cfn.properties(stack, service + "/Service")
                .get("DeploymentConfiguration")).get("Alarms"));

        assertThat(alarms).containsEntry("Enable", true).containsEntry("Rollback", true);
        assertThat(Cfn.list(alarms.get("AlarmNames"))).containsExactly(
                Map.of("Ref", Cfn.logicalId(stack.stack(), service + "/Alarms/ServerErrors")),
                Map.of("Ref", Cfn.logicalId(stack.stack(), service + "/Alarms/SlowResponses")));
    }

    @ParameterizedTest
    @CsvSource({"Web", "Api", "Database"})
    void ignoresHealthChecksForThreeTimesTheSlowestMeasuredStartUp(String service) {
        assertThat(Cfn.properties(stack, service + "/Service")).containsEntry("HealthCheckGracePeriodSeconds", 45);
    }

    @ParameterizedTest
    @CsvSource({"Web", "Api", "Database"})
    void scalesBetweenTwoAndEightTasksBecauseDnsAnswersAtMostEight(String service) {
        assertThat(Cfn.properties(Cfn.resource(stack.template(), scalableTarget(service))))
                .containsEntry("MinCapacity", 2)
                .containsEntry("MaxCapacity", 8)
                .containsEntry("ScalableDimension", "ecs:service:DesiredCount");
    }

    @ParameterizedTest
    @CsvSource({"Web", "Api", "Database"})
    void scalesOnAverageCpu(String service) {
        Map<String, Object> metric = Map.of("PredefinedMetricType", "ECSServiceAverageCPUUtilization");

        stack.template().hasResourceProperties("AWS::ApplicationAutoScaling::ScalingPolicy", Map.of(
                "ScalingTargetId", Map.of("Ref", scalableTarget(service)),
                "TargetTrackingScalingPolicyConfiguration", Match.objectLike(Map.of(
                        "PredefinedMetricSpecification", metric,
                        "TargetValue", 60))));
    }

    @ParameterizedTest
    @CsvSource({"Web,WebTargetGroup", "Api,ApiTargetGroup"})
    void scalesWebAndApiOnRequestsPerTaskOfTheirTargetGroup(String service, String targetGroup) {
        Map<String, Object> targetGroupName = Map.of("Fn::GetAtt",
                List.of(Cfn.logicalId(stack.stack(), "LoadBalancer/" + targetGroup), "TargetGroupFullName"));
        Object resourceLabel = Match.objectLike(Map.of("Fn::Join",
                Match.arrayWith(List.of(Match.arrayWith(List.of(targetGroupName))))));

        stack.template().hasResourceProperties("AWS::ApplicationAutoScaling::ScalingPolicy", Map.of(
                "ScalingTargetId", Map.of("Ref", scalableTarget(service)),
                "TargetTrackingScalingPolicyConfiguration", Match.objectLike(Map.of(
                        "PredefinedMetricSpecification", Map.of(
                                "PredefinedMetricType", "ALBRequestCountPerTarget",
                                "ResourceLabel", resourceLabel),
                        "TargetValue", 1200))));
    }

    @Test
    void scalesDatabaseOnCpuOnly() {
        String target = scalableTarget("Database");
        List<Object> metrics = stack.template().findResources("AWS::ApplicationAutoScaling::ScalingPolicy").values()
                .stream().map(Cfn::properties)
                .filter(policy -> Map.of("Ref", target).equals(policy.get("ScalingTargetId")))
                .map(policy -> Cfn.map(Cfn.map(policy.get("TargetTrackingScalingPolicyConfiguration"))
                        .get("PredefinedMetricSpecification")).get("PredefinedMetricType"))
                .toList();

        assertThat(metrics).containsExactly("ECSServiceAverageCPUUtilization");
    }

    private String scalableTarget(String service) {
        return Cfn.logicalId(stack.stack(), service + "/Service/TaskCount/Target");
    }
}
