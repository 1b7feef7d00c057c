package dev.ecsdns.infra;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import software.constructs.IConstruct;

/**
 * Every ingress and egress rule of a template, standalone resources and inline rules alike, written as
 * {@code "web <- alb tcp 8080"} or {@code "database -> dynamodb tcp 443"}: the security groups are named after their
 * owners, the gateway endpoints' prefix lists after their service, CIDRs stay as they are.
 */
final class SecurityGroupGraph {

    private static final Map<String, String> GROUPS = Map.of(
            "LoadBalancer/SecurityGroup", "alb",
            "Web/SecurityGroup", "web",
            "Api/SecurityGroup", "api",
            "Database/SecurityGroup", "database",
            "Network/EndpointSecurityGroup", "endpoints",
            "Web/DeploymentCheck/SecurityGroup", "web-check",
            "Api/DeploymentCheck/SecurityGroup", "api-check",
            "Network/S3PrefixList", "s3",
            "Network/DynamoDbPrefixList", "dynamodb");

    private SecurityGroupGraph() {
    }

    static Set<String> ingress(Stacks.Synthesized stack) {
        Map<String, String> names = names(stack);
        Set<String> rules = new TreeSet<>();
        stack.template().findResources("AWS::EC2::SecurityGroupIngress").values().forEach(resource -> {
            Map<String, Object> rule = Cfn.properties(resource);
            rules.add(rule(name(names, rule.get("GroupId")), "<-", peer(names, rule, "SourceSecurityGroupId"), rule));
        });
        stack.template().findResources("AWS::EC2::SecurityGroup").forEach((id, resource) ->
                Cfn.list(Cfn.properties(resource).getOrDefault("SecurityGroupIngress", List.of()))
                        .forEach(inline -> rules.add(rule(names.getOrDefault(id, id), "<-",
                                peer(names, Cfn.map(inline), "SourceSecurityGroupId"), Cfn.map(inline)))));
        return rules;
    }

    /** Every egress rule of the stack's own groups (none of them allows all outbound traffic). */
    static Set<String> egress(Stacks.Synthesized stack) {
        Map<String, String> names = names(stack);
        Set<String> rules = new TreeSet<>();
        stack.template().findResources("AWS::EC2::SecurityGroupEgress").values().forEach(resource -> {
            Map<String, Object> rule = Cfn.properties(resource);
            String peer = rule.containsKey("DestinationPrefixListId")
                    ? name(names, rule.get("DestinationPrefixListId"))
                    : peer(names, rule, "DestinationSecurityGroupId");
            rules.add(rule(name(names, rule.get("GroupId")), "->", peer, rule));
        });
        stack.template().findResources("AWS::EC2::SecurityGroup").forEach((id, resource) ->
                Cfn.list(Cfn.properties(resource).getOrDefault("SecurityGroupEgress", List.of()))
                        .forEach(inline -> rules.add(rule(names.getOrDefault(id, id), "->",
                                peer(names, Cfn.map(inline), "DestinationSecurityGroupId"), Cfn.map(inline)))));
        return rules;
    }

    /** The egress rules of one group, by its name. */
    static Set<String> egressOf(Stacks.Synthesized stack, String group) {
        Set<String> rules = new TreeSet<>();
        egress(stack).stream().filter(rule -> rule.startsWith(group + " ->")).forEach(rules::add);
        return rules;
    }

    private static Map<String, String> names(Stacks.Synthesized stack) {
        Map<String, String> names = new HashMap<>();
        GROUPS.forEach((path, name) -> {
            IConstruct node = stack.stack();
            for (String segment : path.split("/")) {
                node = node == null ? null : node.getNode().tryFindChild(segment);
            }
            if (node != null) {
                names.put(Cfn.logicalId(stack.stack(), path.endsWith("PrefixList") ? path + "/Resource/Default"
                        : path), name);
            }
        });
        return names;
    }

    private static String name(Map<String, String> names, Object reference) {
        String id = Cfn.target(reference);
        return names.getOrDefault(id, id);
    }

    private static String peer(Map<String, String> names, Map<String, Object> rule, String groupKey) {
        if (rule.containsKey(groupKey)) {
            return name(names, rule.get(groupKey));
        }
        return String.valueOf(rule.containsKey("CidrIp") ? rule.get("CidrIp") : rule.get("CidrIpv6"));
    }

    private static String rule(String group, String arrow, String peer, Map<String, Object> rule) {
        Object from = rule.get("FromPort");
        Object to = rule.get("ToPort");
        String ports = from == null ? "all" : from.equals(to) ? from.toString() : from + "-" + to;
        return group + " " + arrow + " " + peer + " " + rule.get("IpProtocol") + " " + ports;
    }
}
