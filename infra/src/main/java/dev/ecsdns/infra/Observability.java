package dev.ecsdns.infra;

import java.util.List;
import java.util.Map;
import software.amazon.awscdk.services.cloudwatch.Dashboard;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationTargetGroup;
import software.constructs.Construct;

/**
 * What operators watch: the services write CloudWatch metrics as Embedded Metric Format lines into their logs, a
 * dashboard shows each service's golden signals, and with {@code -c tracing=on} each task sends its spans to X-Ray
 * through a collector sidecar. Logs are JSON lines already (the services' default outside a terminal).
 */
final class Observability extends Construct {

    /** Turns on the services' Embedded Metric Format lines (common's EmfMetrics). */
    static final String EMF_VARIABLE = "METRICS_EMF_ENABLED";

    /**
     * @param tracing whether to add the X-Ray collector sidecars
     * @param targetGroups the load balancer's target groups of each service it fronts, by service name
     */
    record Props(boolean tracing, List<MicroService> services,
                 Map<String, List<ApplicationTargetGroup>> targetGroups) {
    }

    private final ServiceDashboard dashboard;

    Observability(Construct scope, String id, Props props) {
        super(scope, id);
        props.services().forEach(service -> service.container().addEnvironment(EMF_VARIABLE, "true"));
        if (props.tracing()) {
            new Tracing(this, "Tracing", new Tracing.Props(props.services()));
        }
        this.dashboard = new ServiceDashboard(this, "Dashboard",
                new ServiceDashboard.Props(props.services(), props.targetGroups()));
    }

    Dashboard dashboard() {
        return dashboard.dashboard();
    }
}
