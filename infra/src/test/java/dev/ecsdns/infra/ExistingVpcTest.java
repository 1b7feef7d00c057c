package dev.ecsdns.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code -c vpcId=...}: the stack builds no network and uses the looked-up VPC's subnets. */
class ExistingVpcTest {

    private final Stacks.Synthesized stack = Stacks.existingVpc();

    @Test
    void createsNoVpcNatGatewayOrFlowLog() {
        assertThat(stack.template().findResources("AWS::EC2::VPC")).isEmpty();
        assertThat(stack.template().findResources("AWS::EC2::NatGateway")).isEmpty();
        assertThat(stack.template().findResources("AWS::EC2::FlowLog")).isEmpty();
    }

    @Test
    void isBoundToTheCallersAccountAndRegion() {
        assertThat(stack.stack().getAccount()).isEqualTo(Stacks.ACCOUNT);
        assertThat(stack.stack().getRegion()).isEqualTo(Stacks.REGION);
    }

    @Test
    void putsTheLoadBalancerInTheVpcsPublicSubnets() {
        assertThat(Cfn.properties(stack, "LoadBalancer/LoadBalancer"))
                .containsEntry("Subnets", List.copyOf(Stacks.EXISTING_PUBLIC_SUBNETS));
    }

    @ParameterizedTest
    @CsvSource({"Web", "Api", "Database"})
    void putsTasksInTheVpcsPrivateSubnets(String service) {
        Map<String, Object> awsvpc = Cfn.map(Cfn.map(Cfn.properties(stack, service + "/Service")
                .get("NetworkConfiguration")).get("AwsvpcConfiguration"));

        assertThat(awsvpc).containsEntry("Subnets", List.copyOf(Stacks.EXISTING_PRIVATE_SUBNETS))
                .containsEntry("AssignPublicIp", "DISABLED");
    }

    @ParameterizedTest
    @CsvSource({"web", "api", "database"})
    void letsTasksReachAwsOn443ThroughTheVpcsOwnRoutesAsItHasNoEndpointsOfTheStack(String service) {
        assertThat(SecurityGroupGraph.egressOf(stack, service)).contains(service + " -> 0.0.0.0/0 tcp 443");
        assertThat(stack.template().findResources("AWS::EC2::VPCEndpoint")).isEmpty();
    }

    @Test
    void attachesTheNamespaceToTheVpc() {
        stack.template().hasResourceProperties("AWS::ServiceDiscovery::PrivateDnsNamespace",
                Map.of("Name", "internal.local", "Vpc", Stacks.EXISTING_VPC_ID));
    }
}
