package dev.ecsdns.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;

/** cdk-nag's AWS Solutions pack finds nothing that is not suppressed with a rule id and a reason, in every mode. */
class CdkNagTest {

    @ParameterizedTest
    @MethodSource("dev.ecsdns.infra.Stacks#names")
    void reportsNoUnsuppressedError(String mode) {
        assertThat(Annotations.fromStack(stack(mode).stack())
                .findError("*", Match.stringLikeRegexp("AwsSolutions-.*"))).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("dev.ecsdns.infra.Stacks#names")
    void reportsNoUnsuppressedWarning(String mode) {
        assertThat(Annotations.fromStack(stack(mode).stack())
                .findWarning("*", Match.stringLikeRegexp("AwsSolutions-.*"))).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("dev.ecsdns.infra.Stacks#names")
    void ranTheChecksAndFoundEveryRuleCompliantOrSuppressed(String mode) throws IOException {
        Path report = stack(mode).nagReport();
        List<String> rows = Files.readAllLines(report).stream().skip(1).toList();

        assertThat(rows).isNotEmpty()
                .allMatch(row -> row.contains("\"Compliant\"") || row.contains("\"Suppressed\""));
    }

    @ParameterizedTest
    @MethodSource("dev.ecsdns.infra.Stacks#names")
    void explainsEverySuppressionWithARuleAndAReason(String mode) {
        List<Map<String, Object>> suppressions = stack(mode).template().toJSON().entrySet().stream()
                .filter(section -> section.getKey().equals("Resources"))
                .flatMap(section -> Cfn.map(section.getValue()).values().stream().map(Cfn::map))
                .map(resource -> Cfn.map(resource.getOrDefault("Metadata", Map.of())).get("cdk_nag"))
                .filter(java.util.Objects::nonNull)
                .flatMap(nag -> Cfn.list(Cfn.map(nag).get("rules_to_suppress")).stream().map(Cfn::map))
                .toList();

        assertThat(suppressions).isNotEmpty().allSatisfy(suppression -> {
            assertThat((String) suppression.get("id")).matches("AwsSolutions-[A-Z]+[0-9]+");
            assertThat((String) suppression.get("reason")).hasSizeGreaterThan(40);
        });
    }

    private static Stacks.Synthesized stack(String mode) {
        return Stacks.named(mode);
    }
}
