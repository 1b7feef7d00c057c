package dev.ecsdns.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** One dashboard with each service's golden signals, fed by the services' EMF metrics, ECS and the ALB. */
class ServiceDashboardTest {

    private final Stacks.Synthesized stack = Stacks.defaults();

    @ParameterizedTest
    @CsvSource({"web", "api", "database"})
    void showsRequestsErrorsAndP99OfEachServiceFromItsOwnMetrics(String service) throws IOException {
        assertThat(metricsOf(stack, service + " requests / min")).containsExactly(
                List.of("EcsDns", "Requests", "Service", service, "{\"stat\":\"Sum\"}"));
        assertThat(metricsOf(stack, service + " 5xx / min")).containsExactly(
                List.of("EcsDns", "Errors", "Service", service, "{\"stat\":\"Sum\"}"));
        assertThat(metricsOf(stack, service + " p99 latency (ms)")).containsExactly(
                List.of("EcsDns", "Latency", "Service", service, "{\"stat\":\"p99\"}"));
    }

    @ParameterizedTest
    @CsvSource({"web", "api", "database"})
    void showsCpuAndMemoryOfEachServiceFromEcs(String service) throws IOException {
        assertThat(metricsOf(stack, service + " CPU %")).singleElement().asString()
                .startsWith("[AWS/ECS, CPUUtilization, ClusterName, ").contains("ServiceName");
        assertThat(metricsOf(stack, service + " memory %")).singleElement().asString()
                .startsWith("[AWS/ECS, MemoryUtilization, ClusterName, ");
    }

    @ParameterizedTest
    @CsvSource({"web", "api"})
    void countsHealthyTargetsOfTheServicesBehindTheLoadBalancer(String service) throws IOException {
        assertThat(metricsOf(stack, service + " healthy instances")).singleElement().asString()
                .startsWith("[AWS/ApplicationELB, HealthyHostCount, LoadBalancer, ").contains("TargetGroup");
    }

    @Test
    void countsHealthyTargetsInBothTargetGroupsWhenDeploymentsShiftTrafficBetweenThem() throws IOException {
        List<List<String>> web = metricsOf(Stacks.blueGreen(), "web healthy instances");

        assertThat(web).hasSize(2).allSatisfy(metric -> assertThat(String.join(",", metric))
                .startsWith("AWS/ApplicationELB,HealthyHostCount,LoadBalancer,").contains("TargetGroup"));
        assertThat(web.get(0)).isNotEqualTo(web.get(1));
    }

    @Test
    void countsDatabaseInstancesThatReportThemselvesReady() throws IOException {
        assertThat(metricsOf(stack, "database healthy instances")).containsExactly(
                List.of("EcsDns", "Instances", "Service", "database", "{\"stat\":\"Sum\"}"));
    }

    @ParameterizedTest
    @CsvSource({"Web", "Api", "Database"})
    void turnsOnTheServicesEmbeddedMetricFormatLines(String service) {
        assertThat(Cfn.environment(Cfn.container(stack, service))).containsEntry(Observability.EMF_VARIABLE, "true");
    }

    /**
     * The metrics of the widget with this title, each as [namespace, name, dimension, value, ..., options]; the
     * dashboard body is a Fn::Join of JSON text and references, which are written as their logical ids here.
     */
    private static List<List<String>> metricsOf(Stacks.Synthesized stack, String title) throws IOException {
        JsonNode body = new ObjectMapper().readTree(dashboardBody(stack));
        for (JsonNode widget : body.path("widgets")) {
            if (title.equals(widget.path("properties").path("title").asText())) {
                List<List<String>> metrics = new ArrayList<>();
                for (JsonNode metric : widget.path("properties").path("metrics")) {
                    List<String> parts = new ArrayList<>();
                    metric.forEach(part -> parts.add(part.isObject() ? options(part) : part.asText()));
                    metrics.add(parts);
                }
                return metrics;
            }
        }
        throw new AssertionError("no widget titled " + title);
    }

    private static String options(JsonNode node) {
        return node.has("stat") ? "{\"stat\":\"" + node.get("stat").asText() + "\"}" : node.toString();
    }

    /** A Ref or Fn::GetAtt as the logical id it points at; other intrinsics (Fn::Select, ...) as their name. */
    private static String reference(JsonNode intrinsic) {
        if (intrinsic.has("Ref")) {
            return intrinsic.get("Ref").asText();
        }
        return intrinsic.has("Fn::GetAtt") ? intrinsic.get("Fn::GetAtt").get(0).asText()
                : intrinsic.fieldNames().next();
    }

    /** The synthesized DashboardBody (a Fn::Join of JSON text and references), references as text. */
    private static String dashboardBody(Stacks.Synthesized stack) throws IOException {
        Path template = stack.outdir().resolve(InfraApp.STACK_NAME + ".template.json");
        JsonNode resources = new ObjectMapper().readTree(template.toFile()).path("Resources");
        StringBuilder body = new StringBuilder();
        for (JsonNode resource : resources) {
            if ("AWS::CloudWatch::Dashboard".equals(resource.path("Type").asText())) {
                for (JsonNode part : resource.path("Properties").path("DashboardBody").path("Fn::Join").get(1)) {
                    body.append(part.isTextual() ? part.asText() : reference(part));
                }
            }
        }
        return body.toString();
    }
}
