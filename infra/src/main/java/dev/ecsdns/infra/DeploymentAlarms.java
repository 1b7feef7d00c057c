package dev.ecsdns.infra;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.MathExpression;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationTargetGroup;
import software.amazon.awscdk.services.elasticloadbalancingv2.HttpCodeTarget;
import software.constructs.Construct;

/**
 * The alarms a deployment of an ALB-fronted service rolls back on: 5xx answers of its tasks and their p99 response
 * time, summed (or the worse of the two) over its production and alternate target groups, so green's errors count
 * while traffic shifts and during the bake time.
 */
final class DeploymentAlarms extends Construct {

    /** More than this many 5xx answers from the service's tasks in each of two consecutive minutes. */
    static final int SERVER_ERRORS_PER_MINUTE = 5;

    /** p99 above this in each of three consecutive minutes (the services' read timeout downstream is 3 s). */
    static final Duration SLOW_P99 = Duration.seconds(2);

    record Props(String service, List<ApplicationTargetGroup> targetGroups) {
    }

    private final List<Alarm> alarms;

    DeploymentAlarms(Construct scope, String id, Props props) {
        super(scope, id);
        Duration minute = Duration.minutes(1);
        IMetric errors = combine(props, "SUM", group -> group.getMetrics().httpCodeTarget(
                HttpCodeTarget.TARGET_5XX_COUNT, MetricOptions.builder().statistic("Sum").period(minute).build()));
        IMetric p99 = combine(props, "MAX", group -> group.getMetrics().targetResponseTime(
                MetricOptions.builder().statistic("p99").period(minute).build()));
        this.alarms = List.of(
                Alarm.Builder.create(this, "ServerErrors")
                        .alarmDescription(props.service() + ": tasks answer 5xx; a deployment rolls back")
                        .metric(errors)
                        .threshold(SERVER_ERRORS_PER_MINUTE)
                        .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD)
                        .evaluationPeriods(2)
                        .treatMissingData(TreatMissingData.NOT_BREACHING)
                        .build(),
                Alarm.Builder.create(this, "SlowResponses")
                        .alarmDescription(props.service() + ": p99 response time too high; a deployment rolls back")
                        .metric(p99)
                        .threshold(SLOW_P99.toSeconds())
                        .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD)
                        .evaluationPeriods(3)
                        .treatMissingData(TreatMissingData.NOT_BREACHING)
                        .build());
    }

    /** One target group's metric as is; two as one series (their sum, or the larger at each minute). */
    private static IMetric combine(Props props, String function, Function<ApplicationTargetGroup, IMetric> metric) {
        if (props.targetGroups().size() == 1) {
            return metric.apply(props.targetGroups().get(0));
        }
        Map<String, IMetric> metrics = new LinkedHashMap<>();
        for (int i = 0; i < props.targetGroups().size(); i++) {
            metrics.put("m" + i, metric.apply(props.targetGroups().get(i)));
        }
        String series = String.join(", ", metrics.keySet().stream().map(key -> "FILL(" + key + ", 0)").toList());
        return MathExpression.Builder.create()
                .expression(function + "([" + series + "])")
                .usingMetrics(metrics)
                .period(Duration.minutes(1))
                .build();
    }

    List<String> alarmNames() {
        return alarms.stream().map(Alarm::getAlarmName).toList();
    }
}
