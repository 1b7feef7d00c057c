package dev.ecsdns.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the deploy and verify scripts read back from the stack. */
class OutputsTest {

    private final Stacks.Synthesized stack = Stacks.defaults();

    @Test
    void printsTheApplicationsUrl() {
        stack.template().hasOutput("LoadBalancerUrl", Map.of("Value", Map.of("Fn::Join", List.of("", List.of(
                "http://", Map.of("Fn::GetAtt", List.of(Cfn.logicalId(stack.stack(), "LoadBalancer/LoadBalancer"),
                        "DNSName")))))));
    }

    @Test
    void printsClusterNamespaceAndTable() {
        stack.template().hasOutput("ClusterName",
                Map.of("Value", Map.of("Ref", Cfn.logicalId(stack.stack(), "Cluster/Cluster"))));
        stack.template().hasOutput("NamespaceId", Map.of("Value", Map.of("Fn::GetAtt",
                List.of(Cfn.logicalId(stack.stack(), "ServiceDiscovery/Namespace"), "Id"))));
        stack.template().hasOutput("TableName", Map.of("Value", Map.of("Ref", ItemTable.LOGICAL_ID)));
    }

    @Test
    void printsBothTargetGroupsForHealthChecks() {
        stack.template().hasOutput("WebTargetGroupArn",
                Map.of("Value", Map.of("Ref", Cfn.logicalId(stack.stack(), "LoadBalancer/WebTargetGroup"))));
        stack.template().hasOutput("ApiTargetGroupArn",
                Map.of("Value", Map.of("Ref", Cfn.logicalId(stack.stack(), "LoadBalancer/ApiTargetGroup"))));
    }

    @Test
    void namesTheDiscoveryModeSoADeployCanRefuseToSwitchIt() {
        stack.template().hasOutput("DiscoveryMode", Map.of("Value", "dns"));
        Stacks.serviceConnect().template().hasOutput("DiscoveryMode", Map.of("Value", "service-connect"));
    }

    @Test
    void namesOnlyOutputsTheScriptsUse() {
        assertThat(stack.template().findOutputs("*")).containsOnlyKeys("LoadBalancerUrl", "ClusterName",
                "NamespaceId", "DiscoveryMode", "TableName", "WebTargetGroupArn", "ApiTargetGroupArn");
    }
}
