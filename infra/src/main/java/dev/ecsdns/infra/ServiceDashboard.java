package dev.ecsdns.infra;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.cloudwatch.Dashboard;
import software.amazon.awscdk.services.cloudwatch.GraphWidget;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.IWidget;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.TextWidget;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationTargetGroup;
import software.constructs.Construct;

/**
 * The golden signals of each service on one CloudWatch dashboard, a row per service: requests, 5xx errors, p99
 * latency (from the services' own Embedded Metric Format lines, so database, which no load balancer fronts, is
 * measured like the others), CPU and memory (ECS), and healthy instances (the ALB target group's healthy hosts for
 * web and api; for database the instances that report themselves ready).
 */
final class ServiceDashboard extends Construct {

    /** Where the services' EMF lines put their metrics (common's EmfMetrics): namespace, dimension. */
    static final String NAMESPACE = "EcsDns";
    static final String DIMENSION = "Service";
    static final Duration PERIOD = Duration.minutes(1);
    static final int WIDGET_WIDTH = 4;
    static final int WIDGET_HEIGHT = 6;

    /**
     * @param targetGroups the load balancer's target groups of each service it fronts, by service name: with a
     *                     traffic-shifting deployment both, since the tasks serve from either after a deploy
     */
    record Props(List<MicroService> services, Map<String, List<ApplicationTargetGroup>> targetGroups) {
    }

    private final Dashboard dashboard;

    ServiceDashboard(Construct scope, String id, Props props) {
        super(scope, id);
        this.dashboard = Dashboard.Builder.create(this, "Dashboard")
                .defaultInterval(Duration.hours(3))
                .build();
        dashboard.addWidgets(TextWidget.Builder.create()
                .markdown("# web, api, database\nPer service: requests and 5xx per minute, p99 latency (ms), CPU and "
                        + "memory (% of the task), healthy instances. Traces (with `-c tracing=on`): X-Ray.")
                .width(WIDGET_WIDTH * 6).height(2).build());
        for (MicroService service : props.services()) {
            dashboard.addWidgets(row(service, props.targetGroups().getOrDefault(service.name(), List.of())));
        }
    }

    Dashboard dashboard() {
        return dashboard;
    }

    private IWidget[] row(MicroService service, List<ApplicationTargetGroup> targetGroups) {
        String name = service.name();
        List<IWidget> widgets = new ArrayList<>();
        widgets.add(graph(name + " requests / min", List.of(serviceMetric(name, "Requests", "Sum"))));
        widgets.add(graph(name + " 5xx / min", List.of(serviceMetric(name, "Errors", "Sum"))));
        widgets.add(graph(name + " p99 latency (ms)", List.of(serviceMetric(name, "Latency", "p99"))));
        widgets.add(graph(name + " CPU %", List.of(service.service().metricCpuUtilization())));
        widgets.add(graph(name + " memory %", List.of(service.service().metricMemoryUtilization())));
        widgets.add(graph(name + " healthy instances", targetGroups.isEmpty()
                ? List.of(serviceMetric(name, "Instances", "Sum"))
                : targetGroups.stream().map(group -> (IMetric) group.getMetrics().healthyHostCount()).toList()));
        return widgets.toArray(IWidget[]::new);
    }

    private static Metric serviceMetric(String service, String metricName, String statistic) {
        return Metric.Builder.create()
                .namespace(NAMESPACE)
                .metricName(metricName)
                .dimensionsMap(Map.of(DIMENSION, service))
                .statistic(statistic)
                .period(PERIOD)
                .build();
    }

    private static GraphWidget graph(String title, List<IMetric> metrics) {
        return GraphWidget.Builder.create()
                .title(title)
                .left(metrics)
                .width(WIDGET_WIDTH)
                .height(WIDGET_HEIGHT)
                .build();
    }
}
