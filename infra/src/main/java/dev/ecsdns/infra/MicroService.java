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
import software.amazon.awscdk.services.ecs.AlarmBehavior;
import software.amazon.awscdk.services.ecs.ContainerDefinition;
import software.amazon.awscdk.services.ecs.ContainerDefinitionOptions;
import software.amazon.awscdk.services.ecs.ContainerImage;
import software.amazon.awscdk.services.ecs.CpuArchitecture;
import software.amazon.awscdk.services.ecs.CpuUtilizationScalingProps;
import software.amazon.awscdk.services.ecs.DeploymentAlarmOptions;
import software.amazon.awscdk.services.ecs.DeploymentCircuitBreaker;
import software.amazon.awscdk.services.ecs.FargateService;
import software.amazon.awscdk.services.ecs.FargateTaskDefinition;
import software.amazon.awscdk.services.ecs.HealthCheck;
import software.amazon.awscdk.services.ecs.IAlternateTarget;
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

    /**
     * Two tasks in two zones: one can stop (deploy, zone trouble) while the other answers. The scalable target's
     * minimum holds it: a DesiredCount in the template would reset a scaled-out service at every deploy.
     */
    static final int MIN_COUNT = 2;

    /** Management endpoints (health with details) listen on the traffic port + 1000, never routed by the ALB. */
    static final int MANAGEMENT_PORT_OFFSET = 1000;

    /** Route 53 answers a MULTIVALUE query with at most 8 records: a ninth task would never be called by DNS. */
    static final int MAX_COUNT = 8;

    /** Target tracking keeps average CPU around this; the JVM needs headroom for GC and JIT bursts. */
    static final int TARGET_CPU_PERCENT = 60;

    /** ALB requests per task per minute that target tracking aims at (20 per second); set from the benchmark. */
    static final int TARGET_REQUESTS_PER_TASK_PER_MINUTE = 1200;

    /** The user the images are built with (Jib `container.user`); ECS enforces it too. */
    static final String USER = "10001:10001";

    static final RetentionDays LOG_RETENTION = RetentionDays.ONE_MONTH;

    /** What ECS probes in the container: liveness holds no downstream checks. */
    static final String LIVENESS_PATH = "/health/liveness";

    /**
     * @param name the service's one word: container, Cloud Map service, DNS label, image and log stream prefix
     * @param size the task's size and the service container's share of it
     * @param shutdown lame duck and stop timeout
     * @param deployment how ECS replaces the tasks
     */
    record Props(ICluster cluster, SubnetSelection subnets, String name, int port, ContainerImage image,
                 Map<String, String> environment, TaskSize size, Timings.Shutdown shutdown,
                 DeploymentMode deployment) {
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
                .minCapacity(MIN_COUNT).maxCapacity(MAX_COUNT).build());
        scaling.scaleOnCpuUtilization("Cpu", CpuUtilizationScalingProps.builder()
                .targetUtilizationPercent(TARGET_CPU_PERCENT)
                .scaleOutCooldown(Duration.seconds(60))
                .build());
    }

    private FargateTaskDefinition newTaskDefinition() {
        return FargateTaskDefinition.Builder.create(this, "TaskDefinition")
                .cpu(props.size().taskCpu())
                .memoryLimitMiB(props.size().taskMemory())
                // Jib builds linux/amd64 images unless told otherwise.
                .runtimePlatform(RuntimePlatform.builder()
                        .operatingSystemFamily(OperatingSystemFamily.LINUX)
                        .cpuArchitecture(CpuArchitecture.X86_64)
                        .build())
                .build();
    }

    private FargateService newService() {
        DeploymentMode deployment = props.deployment();
        return FargateService.Builder.create(this, "Service")
                .cluster(props.cluster())
                .taskDefinition(taskDefinition)
                // No desiredCount: the scalable target's minimum sets the floor (see MIN_COUNT).
                .vpcSubnets(props.subnets())
                .assignPublicIp(false)
                .securityGroups(List.of(SecurityGroup.Builder.create(this, "SecurityGroup")
                        .vpc(props.cluster().getVpc())
                        .description(props.name() + " tasks")
                        // Nothing out unless the stack allows it: each caller's port, the AWS endpoints it needs.
                        .allowAllOutbound(false)
                        .build()))
                // The plain FARGATE launch type (CDK's default without a capacity-provider strategy).
                // Never fewer healthy tasks than desired: with every record gone, resolvers cache NXDOMAIN.
                .minHealthyPercent(100)
                .maxHealthyPercent(200)
                .circuitBreaker(DeploymentCircuitBreaker.builder().enable(true).rollback(true).build())
                .deploymentStrategy(deployment.strategy())
                .bakeTime(deployment.shiftsTraffic() ? Timings.BAKE_TIME : null)
                .canaryConfiguration(deployment == DeploymentMode.CANARY ? Timings.CANARY : null)
                .linearConfiguration(deployment == DeploymentMode.LINEAR ? Timings.LINEAR : null)
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
                // The JVM sizes its heap (75 %) against this limit: with Service Connect, what the proxy leaves.
                .cpu(props.size().containerCpu())
                .memoryLimitMiB(props.size().containerMemory())
                .user(USER)
                .readonlyRootFilesystem(true)
                .stopTimeout(props.shutdown().stopTimeout())
                // Liveness only: a downstream outage must not make ECS kill every caller.
                .healthCheck(HealthCheck.builder()
                        .command(healthCheckCommand(managementPort(), LIVENESS_PATH))
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

    /**
     * The container health check: an HTTP/1.0 GET with bash builtins only (no curl or wget, which JRE images from
     * eclipse-temurin 22 on no longer carry), the same command as in docker-compose.yml.
     */
    static List<String> healthCheckCommand(int port, String path) {
        return List.of("CMD", "bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/" + port
                + " && printf 'GET " + path + " HTTP/1.0\\r\\n\\r\\n' >&3"
                + " && read -r -t 2 _ code _ <&3 && [ \"$code\" = 200 ]");
    }

    /**
     * Puts the tasks behind an ALB target group (with blue/green, behind {@code alternate} too, where the green
     * tasks wait) and scales on that group's requests per task as well.
     */
    void attachTo(ApplicationTargetGroup targetGroup, IAlternateTarget alternate) {
        targetGroup.addTarget(service.loadBalancerTarget(LoadBalancerTargetOptions.builder()
                .containerName(props.name())
                .containerPort(props.port())
                .alternateTarget(alternate)
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

    /** Lets the load balancer probe the management port (readiness); it routes nothing there. */
    void allowHealthChecksFrom(IConnectable loadBalancer) {
        service.getConnections().allowFrom(loadBalancer, Port.tcp(managementPort()),
                "load balancer health checks of " + props.name());
    }

    /**
     * Service Connect's proxy keeps a connection to ECS's Service Connect control plane, for which there is no
     * VPC endpoint: 443 out, through the NAT gateway.
     */
    void allowProxyControlPlane() {
        service.getConnections().allowToAnyIpv4(Port.tcp(443), "Service Connect proxy to its control plane");
    }

    /** Rolls a deployment back when any of {@code alarms} fires while it runs or bakes. */
    void rollBackOn(List<String> alarmNames) {
        service.enableDeploymentAlarms(alarmNames, DeploymentAlarmOptions.builder()
                .behavior(AlarmBehavior.ROLLBACK_ON_ALARM).build());
    }

    String name() {
        return props.name();
    }

    int port() {
        return props.port();
    }

    int managementPort() {
        return props.port() + MANAGEMENT_PORT_OFFSET;
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
