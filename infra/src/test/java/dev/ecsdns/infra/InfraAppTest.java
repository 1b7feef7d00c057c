package dev.ecsdns.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Reading context: defaults, and clear errors for values CloudFormation would only reject much later. */
class InfraAppTest {

    @Test
    void defaultsToDnsDiscoveryOnAQuarterVcpuWithARetainedTable() {
        EcsDnsStackProps props = InfraApp.props(key -> null, Map.of());

        assertThat(props.discovery()).isEqualTo(DiscoveryMode.DNS);
        assertThat(props.dnsTtlSeconds()).isEqualTo(10);
        assertThat(props.cpu()).isEqualTo(256);
        assertThat(props.memory()).isEqualTo(512);
        assertThat(props.retainTable()).isTrue();
        assertThat(props.images()).isEqualTo(new ServiceImages(null, "latest"));
        assertThat(props.env()).isNull();
        assertThat(props.certificateArn()).isNull();
    }

    @Test
    void rejectsAnUnknownDiscoveryMode() {
        assertThatThrownBy(() -> InfraApp.props(Map.<String, Object>of("discovery", "app-mesh")::get, Map.of()))
                .hasMessageContaining("discovery must be 'dns' or 'service-connect'");
    }

    @Test
    void rejectsANonNumericCpu() {
        assertThatThrownBy(() -> InfraApp.props(Map.<String, Object>of("cpu", "quarter")::get, Map.of()))
                .hasMessageContaining("cpu must be a whole number");
    }

    @Test
    void rejectsRetainTableOtherThanTrueOrFalse() {
        assertThatThrownBy(() -> InfraApp.props(Map.<String, Object>of("retainTable", "no")::get, Map.of()))
                .hasMessageContaining("retainTable must be true or false");
    }

    @Test
    void explainsThatAnExistingVpcNeedsCredentials() {
        assertThatThrownBy(() -> InfraApp.props(Map.<String, Object>of("vpcId", "vpc-0a1b2c3d4e5f60718")::get,
                Map.of())).hasMessageContaining("CDK_DEFAULT_ACCOUNT");
    }

    @Test
    void acceptsNumbersFromCdkJsonAsWellAsStringsFromTheCommandLine() {
        EcsDnsStackProps props = InfraApp.props(Map.<String, Object>of("cpu", 1024, "memory", "2048")::get, Map.of());

        assertThat(props.cpu()).isEqualTo(1024);
        assertThat(props.memory()).isEqualTo(2048);
    }
}
