package dev.ecsdns.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import software.amazon.awscdk.CfnElement;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Template;
import software.constructs.IConstruct;

/** Small readers of a synthesized template, addressed by construct path rather than by hashed logical IDs. */
final class Cfn {

    private Cfn() {
    }

    /** The logical ID of the CloudFormation resource behind {@code path} (e.g. "Web/SecurityGroup"). */
    static String logicalId(Stack stack, String path) {
        IConstruct node = stack;
        for (String segment : path.split("/")) {
            node = node.getNode().findChild(segment);
        }
        IConstruct resource = node instanceof CfnElement ? node : node.getNode().getDefaultChild();
        return (String) stack.resolve(((CfnElement) resource).getLogicalId());
    }

    /** The resource at {@code path}: its Properties. */
    static Map<String, Object> properties(Stacks.Synthesized synthesized, String path) {
        String id = logicalId(synthesized.stack(), path);
        return properties(resource(synthesized.template(), id));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> resource(Template template, String logicalId) {
        Map<String, Object> resources = (Map<String, Object>) template.toJSON().get("Resources");
        assertThat(resources).containsKey(logicalId);
        return (Map<String, Object>) resources.get(logicalId);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> properties(Map<String, Object> resource) {
        return (Map<String, Object>) resource.getOrDefault("Properties", Map.of());
    }

    /** The logical ID that a {@code Ref} or {@code Fn::GetAtt} points at. */
    @SuppressWarnings("unchecked")
    static String target(Object reference) {
        Map<String, Object> intrinsic = (Map<String, Object>) reference;
        if (intrinsic.containsKey("Ref")) {
            return (String) intrinsic.get("Ref");
        }
        return (String) ((List<Object>) intrinsic.get("Fn::GetAtt")).get(0);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object value) {
        return value instanceof List ? (List<Object>) value : List.of(value);
    }

    /** The container definition of the {@code service}'s task ("Web", "Api", "Database"). */
    static Map<String, Object> container(Stacks.Synthesized synthesized, String service) {
        List<Object> containers =
                list(properties(synthesized, service + "/TaskDefinition").get("ContainerDefinitions"));
        assertThat(containers).hasSize(1);
        return map(containers.get(0));
    }

    /** The name=value environment of a container definition. */
    static Map<String, Object> environment(Map<String, Object> container) {
        Map<String, Object> environment = new java.util.TreeMap<>();
        for (Object entry : list(container.get("Environment"))) {
            environment.put((String) map(entry).get("Name"), map(entry).get("Value"));
        }
        return environment;
    }

    /** Every policy statement attached to the role with this logical ID. */
    static List<Map<String, Object>> statementsOfRole(Template template, String roleLogicalId) {
        return template.findResources("AWS::IAM::Policy").values().stream()
                .map(Cfn::properties)
                .filter(policy -> list(policy.get("Roles")).contains(Map.of("Ref", roleLogicalId)))
                .flatMap(policy -> list(map(policy.get("PolicyDocument")).get("Statement")).stream())
                .map(Cfn::map)
                .toList();
    }

    /** The logical ID of the task role of {@code service} ("Web", "Api", "Database"). */
    static String taskRole(Stacks.Synthesized synthesized, String service) {
        return target(properties(synthesized, service + "/TaskDefinition").get("TaskRoleArn"));
    }
}
