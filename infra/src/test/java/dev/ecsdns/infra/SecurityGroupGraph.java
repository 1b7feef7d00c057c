package dev.ecsdns.infra;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Every ingress and egress rule of a template, standalone resources and inline rules alike, written as
 * {@code "web <- alb tcp 8080"}: the security groups are named after their owners, CIDRs stay as they are.
 */
final class SecurityGroupGraph {

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
                Cfn.list(Cfn.properties(resource).getOrDefault("SecurityGroupIngress", java.util.List.of()))
                        .forEach(inline -> rules.add(rule(names.getOrDefault(id, id), "<-",
                                peer(names, Cfn.map(inline), "SourceSecurityGroupId"), Cfn.map(inline)))));
        return rules;
    }

    /** Egress rules of the load balancer's group, the only group that does not allow all outbound traffic. */
    static Set<String> loadBalancerEgress(Stacks.Synthesized stack) {
        Map<String, String> names = names(stack);
        Set<String> rules = new TreeSet<>();
        stack.template().findResources("AWS::EC2::SecurityGroupEgress").values().forEach(resource -> {
            Map<String, Object> rule = Cfn.properties(resource);
            rules.add(rule(name(names, rule.get("GroupId")), "->",
                    peer(names, rule, "DestinationSecurityGroupId"), rule));
        });
        return rules;
    }

    private static Map<String, String> names(Stacks.Synthesized stack) {
        return Map.of(
                Cfn.logicalId(stack.stack(), "LoadBalancer/SecurityGroup"), "alb",
                Cfn.logicalId(stack.stack(), "Web/SecurityGroup"), "web",
                Cfn.logicalId(stack.stack(), "Api/SecurityGroup"), "api",
                Cfn.logicalId(stack.stack(), "Database/SecurityGroup"), "database");
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
