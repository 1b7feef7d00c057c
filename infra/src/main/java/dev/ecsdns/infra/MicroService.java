package dev.ecsdns.infra;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.applicationautoscaling.EnableScalingProps;
import software.amazon.awscdk.services.ec2.IConnectable;
import software.amazon.awscdk.services.ec2.Port;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ecs.AppProtocol;
import software.amazon.awscdk.services.ecs.AwsLogDriverProps;
import software.amazon.awscdk.services.ecs.CapacityProviderStrategy;
import software.amazon.awscdk.services.ecs.ContainerDefinition;
import software.amazon.awscdk.services.ecs.ContainerDefinitionOptions;
import software.amazon.awscdk.services.ecs.ContainerImage;
import software.amazon.awscdk.services.ecs.CpuArchitecture;
import software.amazon.awscdk.services.ecs.CpuUtilizationScalingProps;
import software.amazon.awscdk.services.ecs.DeploymentCircuitBreaker;
import software.amazon.awscdk.services.ecs.FargateService;
import software.amazon.awscdk.services.ecs.FargateTaskDefinition;
import software.amazon.awscdk.services.ecs.HealthCheck;
import software.amazon.awscdk.services.ecs.ICluster;
import software.amazon.awscdk.services.ecs.LoadBalancerTargetOptions;
import software.amazon.awscdk.services.ecs.LogDrivers;
import software.amazon.awscdk.services.ecs.MountPoint;
import software.amazon.awscdk.services.ecs.OperatingSystemFamily;
import software.amazon.awscdk.services.ecs.PortMapping;
import software.amazon.awscdk.services.ecs.PropagatedTagSource;
import software.amazon.awscdk.services.ecs.RequestCountScalingProps;
import software.amazon.awscdk.services.ecs.RuntimePlatform;
import software.amazon.awscdk.services.ecs.ScalableTaskCount;
import software.amazon.awscdk.services.ecs.Volume;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationTargetGroup;
import software.amazon.awscdk.services.iam.IRole;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.constructs.Construct;

/** One Micronaut service on Fargate: task definition, hardened container, ECS service and its autoscaling. */
final class MicroService extends Construct {

    /** Two tasks in two zones: one can stop (deploy, zone trouble) while the other answers. */
    static final int DESIRED_COUNT = 2;

    /** Route 53 answers a MULTIVALUE query with at most 8 records: a ninth task would never be called by DNS. */
    static final int MAX_COUNT = 8;

    /** Target tracking keeps average CPU around this; the JVM needs headroom for GC and JIT bursts. */
    static final int TARGET_CPU_PERCENT = 60;

    /** ALB requests per task per minute that target tracking aims at (20 per second); set from the benchmark. */
    static final int TARGET_REQUESTS_PER_TASK_PER_MINUTE = 1200;

    /** The user the images are built with (Jib `container.user`); ECS enforces it too. */
    static final String USER = "10001:10001";

    static final RetentionDays LOG_RETENTION = RetentionDays.ONE_MONTH;

    /**
     * @param name the service's one word: container, Cloud Map service, DNS label, image and log stream prefix
     * @param cpu Fargate CPU units (256 = 0.25 vCPU)
     * @param memory MiB
     */
    record Props(ICluster cluster, SubnetSelection subnets, String name, int port, ContainerImage image,
                 Map<String, String> environment, int cpu, int memory) {
    }

    private final Props props;
    private final FargateTaskDefinition taskDefinition;
    private final ContainerDefinition container;
    private final FargateService service;
    private final ScalableTaskCount scaling;

    MicroService(Construct scope, String id, Props props) {
        super(scope, id);
        this.props = props;
        this.taskDefinition = newTaskDefinition();
        this.container = taskDefinition.addContainer("Container", containerOptions());
        // The only writable path of the read-only container (JVM hsperfdata, Netty's native libraries). Fargate gives
        // the volume the image's /tmp permissions only if the image declares VOLUME /tmp (deploy.sh has Jib add it).
        taskDefinition.addVolume(Volume.builder().name("tmp").build());
        container.addMountPoints(
                MountPoint.builder().sourceVolume("tmp").containerPath("/tmp").readOnly(false).build());
        explainNagFindings();
        this.service = newService();
        this.scaling = service.autoScaleTaskCount(EnableScalingProps.builder()
                .minCapacity(DESIRED_COUNT).maxCapacity(MAX_COUNT).build());
        scaling.scaleOnCpuUtilization("Cpu", CpuUtilizationScalingProps.builder()
                .targetUtilizationPercent(TARGET_CPU_PERCENT)
                .scaleOutCooldown(Duration.seconds(60))
                .build());
    }

    private FargateTaskDefinition newTaskDefinition() {
        return FargateTaskDefinition.Builder.create(this, "TaskDefinition")
                .cpu(props.cpu())
                .memoryLimitMiB(props.memory())
                // Jib builds linux/amd64 images unless told otherwise.
                .runtimePlatform(RuntimePlatform.builder()
                        .operatingSystemFamily(OperatingSystemFamily.LINUX)
                        .cpuArchitecture(CpuArchitecture.X86_64)
                        .build())
                .build();
    }

    private FargateService newService() {
        return FargateService.Builder.create(this, "Service")
                .cluster(props.cluster())
                .taskDefinition(taskDefinition)
                .desiredCount(DESIRED_COUNT)
                .vpcSubnets(props.subnets())
                .assignPublicIp(false)
                .securityGroups(List.of(SecurityGroup.Builder.create(this, "SecurityGroup")
                        .vpc(props.cluster().getVpc())
                        .description(props.name() + " tasks")
                        // Out through NAT to ECR, CloudWatch Logs, DynamoDB; in only what the stack allows.
                        .allowAllOutbound(true)
                        .build()))
                .capacityProviderStrategies(List.of(
                        CapacityProviderStrategy.builder().capacityProvider("FARGATE").weight(1).build()))
                // Never fewer healthy tasks than desired: with every record gone, resolvers cache NXDOMAIN.
                .minHealthyPercent(100)
                .maxHealthyPercent(200)
                .circuitBreaker(DeploymentCircuitBreaker.builder().enable(true).rollback(true).build())
                .healthCheckGracePeriod(Timings.HEALTH_CHECK_GRACE_PERIOD)
                // Tasks carry the stack's tags: cost allocation sees them.
                .enableEcsManagedTags(true)
                .propagateTags(PropagatedTagSource.SERVICE)
                .build();
    }

    private void explainNagFindings() {
        NagSuppressions.addResourceSuppressions(taskDefinition, List.of(
                NagPackSuppression.builder().id("AwsSolutions-ECS2")
                        .reason("Plain configuration only (port, downstream URLs, table name, region, lame-duck "
                                + "period); the services use no secrets, their AWS access comes from the task role.")
                        .build(),
                NagPackSuppression.builder().id("AwsSolutions-IAM5")
                        .appliesTo(List.of("Resource::*"))
                        .reason("The execution role's ecr:GetAuthorizationToken has no resource-level permissions: "
                                + "AWS requires Resource *. Pulls and log writes are scoped to the repository and log "
                                + "group.")
                        .build()), true);
    }

    private ContainerDefinitionOptions containerOptions() {
        return ContainerDefinitionOptions.builder()
                .containerName(props.name())
                .image(props.image())
                .portMappings(List.of(PortMapping.builder()
                        .name(props.name())
                        .containerPort(props.port())
                        .appProtocol(AppProtocol.getHttp())
                        .build()))
                .environment(props.environment())
                .user(USER)
                .readonlyRootFilesystem(true)
                .stopTimeout(Timings.STOP_TIMEOUT)
                // Liveness only: a downstream outage must not make ECS kill every caller.
                .healthCheck(HealthCheck.builder()
                        .command(List.of("CMD-SHELL",
                                "curl -fsS http://localhost:" + props.port() + "/health/liveness || exit 1"))
                        .interval(Duration.seconds(10))
                        .timeout(Duration.seconds(5))
                        .retries(3)
                        .startPeriod(Timings.HEALTH_CHECK_GRACE_PERIOD)
                        .build())
                .logging(LogDrivers.awsLogs(AwsLogDriverProps.builder()
                        .streamPrefix(props.name())
                        .logGroup(LogGroup.Builder.create(this, "Logs")
                                .retention(LOG_RETENTION)
                                .removalPolicy(RemovalPolicy.DESTROY)
                                .build())
                        .build()))
                .build();
    }

    /** Puts the tasks behind an ALB target group and scales on that group's requests per task as well. */
    void attachTo(ApplicationTargetGroup targetGroup) {
        targetGroup.addTarget(service.loadBalancerTarget(LoadBalancerTargetOptions.builder()
                .containerName(props.name())
                .containerPort(props.port())
                .build()));
        scaling.scaleOnRequestCount("Requests", RequestCountScalingProps.builder()
                .requestsPerTarget(TARGET_REQUESTS_PER_TASK_PER_MINUTE)
                .targetGroup(targetGroup)
                .scaleOutCooldown(Duration.seconds(60))
                .build());
    }

    /** Lets {@code caller} open connections to this service's port, and nothing else. */
    void allowFrom(IConnectable caller, String description) {
        service.getConnections().allowFrom(caller, Port.tcp(props.port()), description);
    }

    String name() {
        return props.name();
    }

    int port() {
        return props.port();
    }

    FargateService service() {
        return service;
    }

    ContainerDefinition container() {
        return container;
    }

    IRole taskRole() {
        return taskDefinition.getTaskRole();
    }
}
