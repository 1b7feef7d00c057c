package dev.ecsdns.infra;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.ecs.AwsLogDriverProps;
import software.amazon.awscdk.services.ecs.ContainerDefinitionOptions;
import software.amazon.awscdk.services.ecs.ContainerImage;
import software.amazon.awscdk.services.ecs.HealthCheck;
import software.amazon.awscdk.services.ecs.LogDrivers;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.logs.LogGroup;
import software.constructs.Construct;

/**
 * {@code -c tracing=on}: an AWS Distro for OpenTelemetry collector beside each service's container, receiving the
 * service's spans over OTLP on localhost and sending them to X-Ray. The task role may only put trace segments.
 * Off, none of this exists: no sidecar, no permission, no cost.
 */
final class Tracing extends Construct {

    /** The ADOT collector, pinned: a new version is a reviewed change, not a surprise at the next task start. */
    static final String COLLECTOR_IMAGE = "public.ecr.aws/aws-observability/aws-otel-collector:v0.47.0";

    static final String CONTAINER_NAME = "otel-collector";

    /** OTLP over HTTP on the task's loopback (awsvpc: the containers of a task share it); nothing else listens. */
    static final String OTLP_ENDPOINT = "http://localhost:4318";

    /** Share of new traces recorded (callers' decisions are followed): X-Ray bills per trace recorded. */
    static final String SAMPLE_RATIO = "0.1";

    /** Hard limit: a collector that grows is restarted by nobody and stops alone (not essential), the service stays. */
    static final int COLLECTOR_MEMORY_MIB = 96;

    /**
     * Receives OTLP/HTTP on loopback only, batches, sends to X-Ray (in the task's region, from AWS_REGION); a health
     * endpoint for the container check.
     */
    static final String COLLECTOR_CONFIG = """
            extensions:
              health_check:
                endpoint: 127.0.0.1:13133
            receivers:
              otlp:
                protocols:
                  http:
                    endpoint: 127.0.0.1:4318
            processors:
              batch/traces:
                timeout: 1s
                send_batch_size: 50
            exporters:
              awsxray: {}
            service:
              extensions: [health_check]
              pipelines:
                traces:
                  receivers: [otlp]
                  processors: [batch/traces]
                  exporters: [awsxray]
            """;

    /** The application container's view: the standard OpenTelemetry variables, nothing project-specific. */
    static final Map<String, String> SERVICE_ENVIRONMENT = Map.of(
            "OTEL_TRACES_EXPORTER", "otlp",
            "OTEL_EXPORTER_OTLP_ENDPOINT", OTLP_ENDPOINT,
            "OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf",
            "OTEL_TRACES_SAMPLER", "parentbased_traceidratio",
            "OTEL_TRACES_SAMPLER_ARG", SAMPLE_RATIO);

    record Props(List<MicroService> services) {
    }

    Tracing(Construct scope, String id, Props props) {
        super(scope, id);
        props.services().forEach(this::addCollector);
    }

    private void addCollector(MicroService service) {
        service.service().getTaskDefinition().addContainer(
                service.name() + "Collector", ContainerDefinitionOptions.builder()
                        .containerName(CONTAINER_NAME)
                        .image(ContainerImage.fromRegistry(COLLECTOR_IMAGE))
                        .essential(false)
                        .memoryLimitMiB(COLLECTOR_MEMORY_MIB)
                        .readonlyRootFilesystem(true)
                        .environment(Map.of("AOT_CONFIG_CONTENT", COLLECTOR_CONFIG, "AWS_REGION", Aws.REGION))
                        .healthCheck(HealthCheck.builder()
                                .command(List.of("CMD", "/healthcheck"))
                                .interval(Duration.seconds(10))
                                .timeout(Duration.seconds(5))
                                .retries(3)
                                .startPeriod(Duration.seconds(10))
                                .build())
                        .logging(LogDrivers.awsLogs(AwsLogDriverProps.builder()
                                .streamPrefix(CONTAINER_NAME)
                                .logGroup(LogGroup.Builder.create(this, service.name() + "CollectorLogs")
                                        .retention(MicroService.LOG_RETENTION)
                                        .removalPolicy(RemovalPolicy.DESTROY)
                                        .build())
                                .build()))
                        .build());
        SERVICE_ENVIRONMENT.forEach(service.container()::addEnvironment);
        // X-Ray's PutTraceSegments has no resource-level permissions: the action alone is what can be narrowed.
        service.taskRole().addToPrincipalPolicy(PolicyStatement.Builder.create()
                .actions(List.of("xray:PutTraceSegments"))
                .resources(List.of("*"))
                .build());
        NagSuppressions.addResourceSuppressions(service.taskRole(), List.of(NagPackSuppression.builder()
                .id("AwsSolutions-IAM5")
                .appliesTo(List.of("Resource::*"))
                .reason("xray:PutTraceSegments supports no resource-level permissions (AWS requires Resource *); "
                        + "it is the only X-Ray action granted, for the tracing collector sidecar.")
                .build()), true);
    }
}
