package dev.ecsdns.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.yaml.snakeyaml.Yaml;

/**
 * docker-compose.yml (with compose/alb.conf) is the AWS deployment on one machine: this test holds it to the
 * synthesized template, so that neither side changes alone. Each aspect is one check that takes the compose document
 * as an argument, so that a test can also hand it an altered copy and see the check fail.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ComposeParityTest {

    private static final List<String> SERVICES = List.of("web", "api", "database");
    /** Settings only the local run has: DynamoDB Local's endpoint, dummy credentials, and who creates the table. */
    private static final Set<String> LOCAL_ONLY = Set.of("AWS_ENDPOINT_URL_DYNAMODB", "AWS_ACCESS_KEY_ID",
            "AWS_SECRET_ACCESS_KEY", "DYNAMODB_CREATE_TABLE");
    private static final Pattern ALB_LOCATION = Pattern.compile(
            "location\\s+(\\S+)\\s*\\{\\s*set\\s+\\$\\w+\\s+http://([a-z]+)\\.internal\\.local:(\\d+);");

    private Map<String, Object> compose;
    private String albConf;
    private Stacks.Synthesized stack;

    @BeforeAll
    void read() throws IOException {
        compose = new Yaml().load(Files.readString(Path.of("../docker-compose.yml")));
        albConf = Files.readString(Path.of("../compose/alb.conf"));
        stack = Stacks.defaults();
    }

    @Test
    void sameServicesUnderTheSameDnsNames() {
        servicesAndNames(compose);
    }

    @Test
    void sameTrafficAndManagementPorts() {
        ports(compose);
    }

    @Test
    void sameRoutingRules() {
        Map<String, String> local = new TreeMap<>();
        Matcher location = ALB_LOCATION.matcher(albConf);
        while (location.find()) {
            local.put(location.group(1), location.group(2) + ":" + location.group(3));
        }
        Map<String, String> aws = new TreeMap<>();
        aws.put("/", targetOf(defaultTargetGroup()));
        stack.template().findResources("AWS::ElasticLoadBalancingV2::ListenerRule").values().forEach(rule -> {
            Map<String, Object> properties = Cfn.properties(rule);
            for (Object condition : Cfn.list(properties.get("Conditions"))) {
                for (Object pattern : Cfn.list(Cfn.map(Cfn.map(condition).get("PathPatternConfig")).get("Values"))) {
                    Object action = Cfn.list(properties.get("Actions")).get(0);
                    aws.put(((String) pattern).replaceAll("\\*$", ""),
                            targetOf(Cfn.target(Cfn.map(action).get("TargetGroupArn"))));
                }
            }
        });
        assertThat(local).isEqualTo(aws).containsEntry("/api/", "api:8081").containsEntry("/", "web:8080");
    }

    @Test
    void sameHealthChecks() {
        healthChecks(compose);
    }

    @Test
    void sameEnvironmentVariableNames() {
        for (String service : SERVICES) {
            Set<String> local = new TreeSet<>(environment(compose, service).keySet());
            local.removeAll(LOCAL_ONLY);
            local.removeIf(ComposeParityTest::namesTelemetryDestination);
            Set<String> aws = new TreeSet<>(Cfn.environment(container(service)).keySet());
            aws.removeIf(ComposeParityTest::namesTelemetryDestination);
            assertThat(local).as(service).isEqualTo(aws);
        }
    }

    /**
     * Where traces and metrics go differs by place on purpose: zipkin under compose; CloudWatch (EMF lines) and,
     * with -c tracing=on, the collector sidecar on AWS. Every other variable has the same name in both.
     */
    private static boolean namesTelemetryDestination(String name) {
        return name.startsWith("OTEL_") || name.equals("METRICS_EMF_ENABLED");
    }

    @Test
    void networksAllowWhatTheSecurityGroupsAllow() {
        Set<String> local = new TreeSet<>();
        Map<String, Object> services = services(compose);
        Map<String, List<String>> members = new HashMap<>();
        services.forEach((name, service) -> networks(Cfn.map(service)).keySet()
                .forEach(network -> members.computeIfAbsent(network, n -> new ArrayList<>()).add(name)));
        members.values().forEach(names -> {
            for (String a : names) {
                for (String b : names) {
                    if (a.compareTo(b) < 0 && isTier(a) && isTier(b)) {
                        local.add(a + " - " + b);
                    }
                }
            }
        });
        Set<String> aws = new TreeSet<>();
        Set<String> ingress = SecurityGroupGraph.ingress(stack);
        for (String rule : ingress) {
            String[] parts = rule.split(" ");
            if (isTier(parts[0]) && isTier(parts[2])) {
                aws.add(parts[0].compareTo(parts[2]) < 0 ? parts[0] + " - " + parts[2] : parts[2] + " - " + parts[0]);
            }
        }
        assertThat(local).isEqualTo(aws).contains("alb - web", "alb - api", "api - web", "api - database");
        // ... and each pair on the port the caller uses in compose.
        assertThat(ingress).contains("web <- alb tcp 8080", "api <- alb tcp 8081", "api <- web tcp 8081",
                "database <- api tcp 8082");
    }

    @Test
    void containerLimitsAreTheTaskSize() {
        for (String service : SERVICES) {
            Map<String, Object> local = Cfn.map(services(compose).get(service));
            Map<String, Object> task = Cfn.properties(Cfn.resource(stack.template(), taskDefinitionOf(service)));
            double vcpu = Integer.parseInt(task.get("Cpu").toString()) / 1024.0;
            assertThat(((Number) local.get("cpus")).doubleValue()).as(service + " cpus").isEqualTo(vcpu);
            assertThat(local.get("mem_limit")).as(service + " mem_limit").isEqualTo(task.get("Memory") + "m");
        }
    }

    @Test
    void sameLameDuckAndStopTimeouts() {
        for (String service : SERVICES) {
            Map<String, Object> container = container(service);
            assertThat(environment(compose, service).get("SHUTDOWN_LAME_DUCK")).as(service + " lame duck")
                    .isEqualTo(Cfn.environment(container).get("SHUTDOWN_LAME_DUCK"));
            assertThat(Cfn.map(services(compose).get(service)).get("stop_grace_period")).as(service + " stop")
                    .isEqualTo(container.get("StopTimeout") + "s");
        }
        // What the design sets: database must outlast Cloud Map's deregistration, the TTL and callers' DNS cache.
        assertThat(environment(compose, "database")).containsEntry("SHUTDOWN_LAME_DUCK", "45s");
        assertThat(Cfn.map(services(compose).get("database")).get("stop_grace_period")).isEqualTo("75s");
    }

    @Test
    void sameLoadSheddingBounds() {
        for (String service : SERVICES) {
            assertThat(environment(compose, service).get(LoadShedding.VARIABLE)).as(service)
                    .isEqualTo(Cfn.environment(container(service)).get(LoadShedding.VARIABLE))
                    .isEqualTo(Integer.toString(LoadShedding.maxInFlight(service)));
        }
    }

    @Test
    void failsWhenComposesHealthPathChangesAlone() {
        Map<String, Object> altered = new Yaml().load(new Yaml().dump(compose));
        Map<String, Object> healthcheck = Cfn.map(Cfn.map(services(altered).get("api")).get("healthcheck"));
        List<Object> test = new ArrayList<>(Cfn.list(healthcheck.get("test")));
        test.set(3, ((String) test.get(3)).replace("/health/readiness", "/health"));
        healthcheck.put("test", test);

        healthChecks(compose);
        assertThatThrownBy(() -> healthChecks(altered)).isInstanceOf(AssertionError.class)
                .hasMessageContaining("/health ");
    }

    @Test
    void failsWhenComposesPortChangesAlone() {
        Map<String, Object> altered = new Yaml().load(new Yaml().dump(compose));
        environment(altered, "database").put("MICRONAUT_SERVER_PORT", "8083");

        assertThatThrownBy(() -> ports(altered)).isInstanceOf(AssertionError.class).hasMessageContaining("8083");
    }

    // ---- the checks that take the compose document

    private void servicesAndNames(Map<String, Object> compose) {
        Set<String> tiers = new TreeSet<>(services(compose).keySet());
        tiers.retainAll(Set.of("web", "api", "database", "alb", "dynamodb"));
        assertThat(tiers).containsExactlyInAnyOrder("alb", "web", "api", "database", "dynamodb");
        Set<String> cloudMap = new TreeSet<>();
        stack.template().findResources("AWS::ServiceDiscovery::Service").values()
                .forEach(service -> cloudMap.add((String) Cfn.properties(service).get("Name")));
        String namespace = (String) Cfn.properties(stack.template().findResources(
                "AWS::ServiceDiscovery::PrivateDnsNamespace").values().iterator().next()).get("Name");
        Set<String> aliases = new TreeSet<>();
        for (String service : SERVICES) {
            networks(Cfn.map(services(compose).get(service))).values().forEach(network -> {
                if (network instanceof Map<?, ?> settings && settings.get("aliases") != null) {
                    Cfn.list(settings.get("aliases")).forEach(alias -> aliases.add((String) alias));
                }
            });
        }
        Set<String> names = new TreeSet<>();
        cloudMap.forEach(name -> names.add(name + "." + namespace));
        assertThat(aliases).isEqualTo(names);
        for (String service : SERVICES) {
            Map<String, Object> local = environment(compose, service);
            Map<String, Object> aws = Cfn.environment(container(service));
            for (String url : List.of("MICRONAUT_HTTP_SERVICES_API_URL", "MICRONAUT_HTTP_SERVICES_DATABASE_URL")) {
                assertThat(local.get(url)).as(service + " " + url).isEqualTo(aws.get(url));
            }
        }
    }

    private void ports(Map<String, Object> compose) {
        for (String service : SERVICES) {
            Map<String, Object> local = environment(compose, service);
            Map<String, Object> container = container(service);
            Object containerPort = Cfn.map(Cfn.list(container.get("PortMappings")).get(0)).get("ContainerPort");
            assertThat(local.get("MICRONAUT_SERVER_PORT")).as(service + " traffic port")
                    .isEqualTo(String.valueOf(containerPort));
            assertThat(local.get("ENDPOINTS_ALL_PORT")).as(service + " management port")
                    .isEqualTo(Cfn.environment(container).get("ENDPOINTS_ALL_PORT"))
                    .isEqualTo(String.valueOf(((Number) containerPort).intValue() + 1000));
        }
    }

    private void healthChecks(Map<String, Object> compose) {
        for (String service : SERVICES) {
            List<Object> local = Cfn.list(Cfn.map(Cfn.map(services(compose).get(service)).get("healthcheck"))
                    .get("test"));
            List<Object> aws = Cfn.list(Cfn.map(container(service).get("HealthCheck")).get("Command"));
            // The same command; compose writes $ as $$, and probes readiness where ECS probes liveness, so that
            // `up --wait` waits until a service can serve.
            String command = ((String) local.get(3)).replace("$$", "$");
            assertThat(local.subList(0, 3)).as(service).isEqualTo(aws.subList(0, 3));
            assertThat(command).as(service + " health check")
                    .isEqualTo(((String) aws.get(3)).replace("/health/liveness", "/health/readiness"));
            assertThat(command).as(service + " health check")
                    .contains("/dev/tcp/127.0.0.1/" + environment(compose, service).get("ENDPOINTS_ALL_PORT") + " ");
        }
        for (String service : List.of("web", "api")) {
            Map<String, Object> group = Cfn.properties(Cfn.resource(stack.template(), targetGroupOf(service)));
            String command = (String) Cfn.list(Cfn.map(Cfn.map(services(compose).get(service)).get("healthcheck"))
                    .get("test")).get(3);
            assertThat(command).as(service + ": the ALB's health check").contains(
                    "/dev/tcp/127.0.0.1/" + group.get("HealthCheckPort") + " ",
                    "GET " + group.get("HealthCheckPath") + " ");
        }
    }

    // ---- readers

    private static Map<String, Object> services(Map<String, Object> compose) {
        return Cfn.map(compose.get("services"));
    }

    private static Map<String, Object> environment(Map<String, Object> compose, String service) {
        return Cfn.map(Cfn.map(services(compose).get(service)).get("environment"));
    }

    private static Map<String, Object> networks(Map<String, Object> service) {
        Object networks = service.get("networks");
        if (networks instanceof List<?> names) {
            Map<String, Object> byName = new TreeMap<>();
            names.forEach(name -> byName.put((String) name, Map.of()));
            return byName;
        }
        return networks == null ? Map.of() : Cfn.map(networks);
    }

    private static boolean isTier(String name) {
        return Set.of("alb", "web", "api", "database").contains(name);
    }

    /** The logical ID of the task definition whose container is named {@code service}. */
    private String taskDefinitionOf(String service) {
        return stack.template().findResources("AWS::ECS::TaskDefinition").entrySet().stream()
                .filter(task -> Cfn.map(Cfn.list(Cfn.properties(task.getValue()).get("ContainerDefinitions")).get(0))
                        .get("Name").equals(service))
                .map(Map.Entry::getKey).findFirst().orElseThrow(() -> new AssertionError("no task for " + service));
    }

    private Map<String, Object> container(String service) {
        Map<String, Object> task = Cfn.properties(Cfn.resource(stack.template(), taskDefinitionOf(service)));
        return Cfn.map(Cfn.list(task.get("ContainerDefinitions")).get(0));
    }

    /** The ECS service that runs {@code service}'s task definition. */
    private Map<String, Object> ecsService(String service) {
        String task = taskDefinitionOf(service);
        return stack.template().findResources("AWS::ECS::Service").values().stream().map(Cfn::properties)
                .filter(properties -> Cfn.target(properties.get("TaskDefinition")).equals(task))
                .findFirst().orElseThrow(() -> new AssertionError("no ECS service runs " + task));
    }

    /** The logical ID of the target group the ECS service of {@code service} registers with. */
    private String targetGroupOf(String service) {
        return Cfn.target(Cfn.map(Cfn.list(ecsService(service).get("LoadBalancers")).get(0)).get("TargetGroupArn"));
    }

    private String defaultTargetGroup() {
        Map<String, Object> listener = Cfn.properties(stack.template().findResources(
                "AWS::ElasticLoadBalancingV2::Listener").values().iterator().next());
        return Cfn.target(Cfn.map(Cfn.list(listener.get("DefaultActions")).get(0)).get("TargetGroupArn"));
    }

    /** "service:port" of the ECS service that registers with the target group {@code logicalId}. */
    private String targetOf(String logicalId) {
        for (String service : SERVICES) {
            for (Object balancer : Cfn.list(ecsService(service).getOrDefault("LoadBalancers", List.of()))) {
                if (Cfn.target(Cfn.map(balancer).get("TargetGroupArn")).equals(logicalId)) {
                    return service + ":" + Cfn.map(balancer).get("ContainerPort");
                }
            }
        }
        return "no service behind " + logicalId;
    }
}
