package dev.ecsdns.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Least privilege between the tiers: each service accepts only its callers and reaches only what it needs. */
class SecurityGroupsTest {

    private final Stacks.Synthesized stack = Stacks.defaults();

    @Test
    void allowsExactlyInternetToAlbToWebAndApiAndWebToApiAndApiToDatabase() {
        assertThat(SecurityGroupGraph.ingress(stack)).containsExactlyInAnyOrder(
                "alb <- 0.0.0.0/0 tcp 80",
                "web <- alb tcp 8080",
                "web <- alb tcp 9080",
                "api <- alb tcp 8081",
                "api <- alb tcp 9081",
                "api <- web tcp 8081",
                "database <- api tcp 8082",
                "endpoints <- web tcp 443",
                "endpoints <- api tcp 443",
                "endpoints <- database tcp 443");
    }

    @Test
    void letsTheLoadBalancerConnectOnlyToWebAndApiTrafficAndHealthCheckPorts() {
        assertThat(SecurityGroupGraph.egressOf(stack, "alb")).containsExactlyInAnyOrder(
                "alb -> web tcp 8080",
                "alb -> web tcp 9080",
                "alb -> api tcp 8081",
                "alb -> api tcp 9081");
    }

    @Test
    void letsWebReachApiAndTheImageAndLogEndpointsOnly() {
        assertThat(SecurityGroupGraph.egressOf(stack, "web")).containsExactlyInAnyOrder(
                "web -> api tcp 8081",
                "web -> endpoints tcp 443",
                "web -> s3 tcp 443");
    }

    @Test
    void letsApiReachDatabaseAndTheImageAndLogEndpointsOnly() {
        assertThat(SecurityGroupGraph.egressOf(stack, "api")).containsExactlyInAnyOrder(
                "api -> database tcp 8082",
                "api -> endpoints tcp 443",
                "api -> s3 tcp 443");
    }

    @Test
    void letsDatabaseReachDynamoDbAndTheImageAndLogEndpointsOnly() {
        assertThat(SecurityGroupGraph.egressOf(stack, "database")).containsExactlyInAnyOrder(
                "database -> dynamodb tcp 443",
                "database -> endpoints tcp 443",
                "database -> s3 tcp 443");
    }

    @Test
    void neverAllowsAllOutboundTrafficFromAnyGroup() {
        assertThat(SecurityGroupGraph.egress(stack)).noneMatch(rule -> rule.contains("0.0.0.0/0"));
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
