package dev.ecsdns.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Reading context: defaults, and clear errors for values CloudFormation would only reject much later. */
class InfraAppTest {

    @Test
    void defaultsToDnsDiscoveryOnAQuarterVcpuWithARetainedTable() {
        EcsDnsStackProps props = InfraApp.props(Map.<String, Object>of("imageTag", "3f2a1bc")::get, Map.of());

        assertThat(props.discovery()).isEqualTo(DiscoveryMode.DNS);
        assertThat(props.dnsTtlSeconds()).isEqualTo(10);
        assertThat(props.cpu()).isEqualTo(256);
        assertThat(props.memory()).isEqualTo(512);
        assertThat(props.retainTable()).isTrue();
        assertThat(props.images()).isEqualTo(new ServiceImages(null, "3f2a1bc"));
        assertThat(props.env()).isNull();
        assertThat(props.publicName()).isNull();
        assertThat(props.natGateways()).isZero();
        assertThat(props.deployment()).isEqualTo(DeploymentMode.ROLLING);
    }

    @Test
    void defaultsToANatGatewayWhenTheDeploymentCheckOrServiceConnectGoesOut() {
        assertThat(InfraApp.props(context("deployment", "linear"), Map.of()).natGateways()).isEqualTo(1);
        assertThat(InfraApp.props(context("discovery", "service-connect"), Map.of()).natGateways()).isEqualTo(1);
    }

    @Test
    void refusesToSynthesizeWithoutAnImageTagInsteadOfRunningLatest() {
        assertThatThrownBy(() -> InfraApp.props(key -> null, Map.of()))
                .hasMessageContaining("-c imageTag=<tag> is required")
                .hasMessageContaining("'latest' is never pushed");
    }

    @Test
    void refusesACertificateWithoutTheNameItCovers() {
        assertThatThrownBy(() -> InfraApp.props(context("certificateArn", Stacks.CERTIFICATE_ARN), Map.of()))
                .hasMessageContaining("need -c domainName");
    }

    @Test
    void refusesADomainNameWithoutItsHostedZone() {
        assertThatThrownBy(() -> InfraApp.props(context("domainName", "items.example.com"), Map.of()))
                .hasMessageContaining("-c domainName needs -c hostedZoneId");
    }

    @Test
    void acceptsZeroOrOneNatGatewayOnly() {
        assertThatThrownBy(() -> InfraApp.props(context("natGateways", "2"), Map.of()))
                .hasMessageContaining("natGateways must be 0 or 1");
    }

    @Test
    void refusesBlueGreenWithoutTheNatGatewayItsCheckCallsFrom() {
        assertThatThrownBy(() -> InfraApp.props(
                Map.<String, Object>of("imageTag", "t", "deployment", "blue-green", "natGateways", "0")::get,
                Map.of())).hasMessageContaining("needs the stack's own VPC with its NAT gateway");
    }

    @Test
    void rejectsAnUnknownDeployment() {
        assertThatThrownBy(() -> InfraApp.props(context("deployment", "big-bang"), Map.of()))
                .hasMessageContaining("deployment must be 'rolling', 'blue-green', 'canary' or 'linear'");
    }

    @Test
    void rejectsAnUnknownDiscoveryMode() {
        assertThatThrownBy(() -> InfraApp.props(context("discovery", "app-mesh"), Map.of()))
                .hasMessageContaining("discovery must be 'dns' or 'service-connect'");
    }

    @Test
    void rejectsANonNumericCpu() {
        assertThatThrownBy(() -> InfraApp.props(context("cpu", "quarter"), Map.of()))
                .hasMessageContaining("cpu must be a whole number");
    }

    @Test
    void rejectsRetainTableOtherThanTrueOrFalse() {
        assertThatThrownBy(() -> InfraApp.props(context("retainTable", "no"), Map.of()))
                .hasMessageContaining("retainTable must be true or false");
    }

    @Test
    void explainsThatAnExistingVpcNeedsCredentials() {
        assertThatThrownBy(() -> InfraApp.props(context("vpcId", "vpc-0a1b2c3d4e5f60718"),
                Map.of())).hasMessageContaining("CDK_DEFAULT_ACCOUNT");
    }

    @Test
    void acceptsNumbersFromCdkJsonAsWellAsStringsFromTheCommandLine() {
        EcsDnsStackProps props = InfraApp.props(Map.<String, Object>of("cpu", 1024, "memory", "2048", "imageTag", "t")::get, Map.of());

        assertThat(props.cpu()).isEqualTo(1024);
        assertThat(props.memory()).isEqualTo(2048);
    }

    /** A context with an image tag (required) and {@code key}. */
    private static java.util.function.Function<String, Object> context(String key, String value) {
        return Map.<String, Object>of("imageTag", "3f2a1bc", key, value)::get;
    }
}
