package dev.ecsdns.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The new VPC built when no vpcId is given. */
class NetworkTest {

    private final Stacks.Synthesized stack = Stacks.defaults();

    @Test
    void spreadsPublicAndPrivateSubnetsOverTwoZones() {
        Map<String, Map<String, Object>> subnets = stack.template().findResources("AWS::EC2::Subnet");

        assertThat(subnets.values().stream().map(Cfn::properties)
                .map(subnet -> subnet.get("MapPublicIpOnLaunch") + " " + subnet.get("AvailabilityZone")))
                .containsExactlyInAnyOrder(
                        "true " + zone(0), "true " + zone(1), "false " + zone(0), "false " + zone(1));
    }

    @Test
    void addsOneNatGatewayWhenSomethingGoesOutToTheInternet() {
        assertThat(Stacks.blueGreen().template().findResources("AWS::EC2::NatGateway").values()).singleElement()
                .satisfies(nat -> assertThat(Cfn.target(Cfn.properties(nat).get("SubnetId")))
                        .contains("PublicSubnet1"));
    }

    @Test
    void reachesDynamoDbAndS3ThroughGatewayEndpointsAndEcrAndLogsThroughInterfaceEndpoints() {
        assertThat(stack.template().findResources("AWS::EC2::VPCEndpoint").values().stream()
                .map(Cfn::properties)
                .map(endpoint -> endpoint.get("VpcEndpointType") + " " + endpoint.get("ServiceName").toString()))
                .hasSize(5)
                .anyMatch(endpoint -> endpoint.startsWith("Gateway") && endpoint.contains(".dynamodb"))
                .anyMatch(endpoint -> endpoint.startsWith("Gateway") && endpoint.contains(".s3"))
                .anyMatch(endpoint -> endpoint.startsWith("Interface") && endpoint.contains(".ecr.api"))
                .anyMatch(endpoint -> endpoint.startsWith("Interface") && endpoint.contains(".ecr.dkr"))
                .anyMatch(endpoint -> endpoint.startsWith("Interface") && endpoint.contains(".logs"));
    }

    @Test
    void resolvesTheInterfaceEndpointsByTheServicesOwnNamesInThePrivateSubnets() {
        assertThat(stack.template().findResources("AWS::EC2::VPCEndpoint").values().stream().map(Cfn::properties)
                .filter(endpoint -> "Interface".equals(endpoint.get("VpcEndpointType"))))
                .hasSize(3)
                .allSatisfy(endpoint -> {
                    assertThat(endpoint).containsEntry("PrivateDnsEnabled", true);
                    assertThat(Cfn.list(endpoint.get("SubnetIds"))).map(Cfn::target)
                            .allMatch(subnet -> subnet.contains("PrivateSubnet"));
                });
    }

    @Test
    void buildsNoNatGatewayWhenNothingNeedsOneAndKeepsTheTasksSubnetsIsolated() {
        assertThat(stack.template().findResources("AWS::EC2::NatGateway")).isEmpty();
        assertThat(stack.template().findResources("AWS::EC2::Route").values().stream().map(Cfn::properties))
                .noneMatch(route -> route.containsKey("NatGatewayId"));
    }

    @Test
    void logsRejectedConnectionsForAMonth() {
        Map<String, Object> flowLog = Cfn.properties(stack, "Network/Vpc/RejectedTraffic");

        assertThat(flowLog).containsEntry("TrafficType", "REJECT").containsEntry("ResourceType", "VPC");
        assertThat(Cfn.properties(stack, "Network/FlowLogs")).containsEntry("RetentionInDays", 30);
    }

    private static String zone(int index) {
        return "{Fn::Select=[" + index + ", {Fn::GetAZs=}]}";
    }
}
