package dev.ecsdns.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Least privilege between the tiers: each service accepts only its callers, on its own port. */
class SecurityGroupsTest {

    private final Stacks.Synthesized stack = Stacks.defaults();

    @Test
    void allowsExactlyInternetToAlbToWebAndApiAndWebToApiAndApiToDatabase() {
        assertThat(SecurityGroupGraph.ingress(stack)).containsExactlyInAnyOrder(
                "alb <- 0.0.0.0/0 tcp 80",
                "web <- alb tcp 8080",
                "api <- alb tcp 8081",
                "api <- web tcp 8081",
                "database <- api tcp 8082");
    }

    @Test
    void letsTheLoadBalancerConnectOnlyToWebAndApiPorts() {
        assertThat(SecurityGroupGraph.loadBalancerEgress(stack)).containsExactlyInAnyOrder(
                "alb -> web tcp 8080",
                "alb -> api tcp 8081");
    }

    @ParameterizedTest
    @CsvSource({"Web", "Api", "Database"})
    void putsEachServicesTasksInTheirOwnSecurityGroupOnly(String service) {
        Map<String, Object> awsvpc = Cfn.map(Cfn.map(Cfn.properties(stack, service + "/Service")
                .get("NetworkConfiguration")).get("AwsvpcConfiguration"));

        assertThat(Cfn.list(awsvpc.get("SecurityGroups")))
                .containsExactly(Map.of("Fn::GetAtt", List.of(Cfn.logicalId(stack.stack(), service + "/SecurityGroup"),
                        "GroupId")));
    }
}
