package dev.ecsdns.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * cfn-lint (1.51, pinned in the CI image) over every synthesized variant: no finding but the two explained here.
 * <ul>
 *   <li>E3002 on {@code Tags} of {@code AWS::ElasticLoadBalancingV2::ListenerRule} and
 *   {@code AWS::CloudWatch::Dashboard}: cfn-lint 1.51's resource schemas predate taggable listener rules and dashboards (CDK's L1 classes of both are
 *   taggable); CloudFormation accepts them (the stack tags every resource).</li>
 *   <li>W3005, a {@code DependsOn} next to a {@code Ref}/{@code GetAtt} that already implies it: CDK writes these
 *   for its own constructs (custom-resource providers, listener rules before services); they change nothing.</li>
 * </ul>
 */
class CfnLintTest {

    /** Resource types CloudFormation (and CDK 2.263's L1 classes) can tag, but cfn-lint 1.51's schemas cannot. */
    private static final Set<Object> SCHEMA_PREDATES_TAGS =
            Set.of("AWS::ElasticLoadBalancingV2::ListenerRule", "AWS::CloudWatch::Dashboard");

    private static List<Map<String, Object>> findings;

    @ParameterizedTest
    @MethodSource("dev.ecsdns.infra.Stacks#names")
    void findsNothingButTheExplainedFindings(String variant) throws IOException, InterruptedException {
        Stacks.Synthesized stack = Stacks.named(variant);
        Map<String, Object> resources = Cfn.map(stack.template().toJSON().get("Resources"));
        List<String> unexplained = findings().stream()
                .filter(finding -> Path.of(finding.get("Filename").toString()).normalize()
                        .equals(stack.templateFile().normalize()))
                .filter(finding -> !explained(finding, resources))
                .map(finding -> Cfn.map(finding.get("Rule")).get("Id") + " " + Cfn.map(finding.get("Location"))
                        .get("Path") + ": " + finding.get("Message"))
                .toList();

        assertThat(unexplained).isEmpty();
    }

    private static boolean explained(Map<String, Object> finding, Map<String, Object> resources) {
        String rule = (String) Cfn.map(finding.get("Rule")).get("Id");
        List<Object> path = Cfn.list(Cfn.map(finding.get("Location")).get("Path"));
        if (rule.equals("W3005")) {
            return true;
        }
        return rule.equals("E3002") && path.size() == 4 && path.get(3).equals("Tags")
                && SCHEMA_PREDATES_TAGS.contains(Cfn.map(resources.get(path.get(1))).get("Type"));
    }

    /** One cfn-lint run over every variant's template (it takes seconds to start). */
    private static synchronized List<Map<String, Object>> findings() throws IOException, InterruptedException {
        if (findings == null) {
            List<String> command =
                    new ArrayList<>(List.of(PythonCommands.command("cfn-lint"), "--format", "json", "--"));
            Stacks.names().map(Stacks::named).forEach(stack -> command.add(stack.templateFile().toString()));
            Process lint;
            try {
                lint = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            } catch (IOException e) {
                throw new IllegalStateException("cfn-lint is not on the PATH: pip install cfn-lint==1.51.0", e);
            }
            String output = new String(lint.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(lint.waitFor(300, TimeUnit.SECONDS)).as("cfn-lint finished within 300 s").isTrue();
            findings = new ObjectMapper().readValue(output, new TypeReference<List<Map<String, Object>>>() { });
        }
        return findings;
    }
}
