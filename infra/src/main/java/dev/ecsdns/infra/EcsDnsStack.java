package dev.ecsdns.infra;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.CfnOutputProps;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.ecs.AlternateTarget;
import software.amazon.awscdk.services.ecs.AlternateTargetProps;
import software.amazon.awscdk.services.ecs.IAlternateTarget;
import software.amazon.awscdk.services.ecs.ListenerRuleConfiguration;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationTargetGroup;
import software.constructs.Construct;

/** web, api and database on Fargate, finding each other by name, behind one public ALB, storing items in DynamoDB. */
final class EcsDnsStack extends Stack {

    static final int WEB_PORT = 8080;
    static final int API_PORT = 8081;
    static final int DATABASE_PORT = 8082;

    private final EcsDnsStackProps props;

    EcsDnsStack(Construct scope, String id, EcsDnsStackProps props) {
        super(scope, id, StackProps.builder()
                .env(props.env())
                .description("web, api and database on ECS Fargate, found by name under internal.local, "
                        + "behind a public ALB")
                .build());
        this.props = props;
        Network network = new Network(this, "Network",
                new Network.Props(props.existingVpcId(), props.natGateways(),
                        props.twoRegions() == null ? null : props.twoRegions().vpcCidr()));
        ItemTable items = new ItemTable(this, "Items", new ItemTable.Props(props.retainTable(), props.twoRegions()));
        ServiceCluster cluster = new ServiceCluster(this, "Cluster", new ServiceCluster.Props(network.vpc()));
        boolean serviceConnect = props.discovery() == DiscoveryMode.SERVICE_CONNECT;
        ServiceDiscovery discovery = serviceConnect
                ? new ServiceConnectDiscovery(this, "ServiceDiscovery")
                : new DnsDiscovery(this, "ServiceDiscovery",
                        new DnsDiscovery.Props(network.vpc(), Duration.seconds(props.dnsTtlSeconds())));

        MicroService database = new MicroService(this, "Database", serviceProps(cluster, network,
                "database", DATABASE_PORT, DeploymentMode.ROLLING, Map.of(
                        "DYNAMODB_TABLE_NAME", items.table().getTableName(),
                        "AWS_REGION", Aws.REGION)));
        MicroService api = new MicroService(this, "Api", serviceProps(cluster, network,
                "api", API_PORT, apiDeployment(), Map.of(
                        "MICRONAUT_HTTP_SERVICES_DATABASE_URL", ServiceDiscovery.urlOf("database", DATABASE_PORT))));
        MicroService web = new MicroService(this, "Web", serviceProps(cluster, network,
                "web", WEB_PORT, props.deployment(), Map.of(
                        "MICRONAUT_HTTP_SERVICES_API_URL", ServiceDiscovery.urlOf("api", API_PORT))));

        PublicLoadBalancer loadBalancer = new PublicLoadBalancer(this, "LoadBalancer", new PublicLoadBalancer.Props(
                network.vpc(), network.publicSubnets(), props.publicName(),
                backend(web, props.deployment()), backend(api, apiDeployment()), network.natAddresses(),
                props.twoRegions() != null));
        if (props.twoRegions() != null) {
            shareThePublicName(loadBalancer);
        }

        for (MicroService service : new MicroService[] {web, api, database}) {
            discovery.register(service);
        }
        attach(web, loadBalancer.web(), network, loadBalancer);
        attach(api, loadBalancer.api(), network, loadBalancer);

        api.allowFrom(web.service(), "web to api");
        database.allowFrom(api.service(), "api to database");
        network.allowAwsApis(web.service(), false);
        network.allowAwsApis(api.service(), false);
        network.allowAwsApis(database.service(), true);
        if (serviceConnect) {
            for (MicroService service : new MicroService[] {web, api, database}) {
                service.allowProxyControlPlane();
            }
        }

        items.table().grantReadWriteData(database.taskRole());
        new Observability(this, "Observability", new Observability.Props(
                props.tracing(), List.of(web, api, database),
                Map.of("web", loadBalancer.web().targetGroups(), "api", loadBalancer.api().targetGroups())));

        output("LoadBalancerUrl", loadBalancer.url(), "The application: web at /, api at /api/*");
        output("ClusterName", cluster.cluster().getClusterName(), "ECS cluster running web, api and database");
        output("NamespaceId", discovery.namespaceId(), "Cloud Map namespace " + ServiceDiscovery.NAMESPACE_NAME);
        output("DiscoveryMode", props.discovery().contextValue(),
                "How the services find each other; switching it on a live stack needs a destroy first");
        output("TableName", items.table().getTableName(), "DynamoDB table of the database service");
        output("WebTargetGroupArn", loadBalancer.web().targetGroup().getTargetGroupArn(), "ALB target group of web");
        output("ApiTargetGroupArn", loadBalancer.api().targetGroup().getTargetGroupArn(), "ALB target group of api");
    }

    /** With two regions: this region's record for the public name, decided by its health check. */
    private void shareThePublicName(PublicLoadBalancer loadBalancer) {
        RegionalEntry entry = new RegionalEntry(this, "RegionalEntry", new RegionalEntry.Props(props.publicName(),
                props.twoRegions(), loadBalancer.dnsName(), loadBalancer.healthAwareAliasTarget()));
        output("Region", props.twoRegions().region(), "This copy's region");
        output("RegionalLoadBalancerUrl", "https://" + loadBalancer.dnsName(),
                "This region's load balancer (the certificate is for the public name)");
        output("HealthCheckId", entry.healthCheckId(), "Route 53 health check deciding this region's record");
    }

    /**
     * api shifts traffic like web only with Service Connect. With Cloud Map DNS, ECS registers every new task in the
     * service's Cloud Map service as soon as it is healthy, whatever the deployment strategy: web's DNS calls would
     * reach green api tasks before the test listener's checks ran or the ALB moved any traffic, so a blue/green
     * gate on api would gate only /api/* from outside. It rolls instead, as database does.
     */
    private DeploymentMode apiDeployment() {
        return props.discovery() == DiscoveryMode.SERVICE_CONNECT ? props.deployment() : DeploymentMode.ROLLING;
    }

    private static PublicLoadBalancer.Backend backend(MicroService service, DeploymentMode deployment) {
        return new PublicLoadBalancer.Backend(service.name(), service.port(), service.managementPort(),
                deployment.shiftsTraffic());
    }

    /**
     * Registers the service's tasks behind its route, lets the load balancer reach its traffic and management ports,
     * rolls its deployments back on its alarms, and with a traffic-shifting deployment runs the deployment check.
     */
    private void attach(MicroService service, PublicLoadBalancer.Route route, Network network,
                        PublicLoadBalancer loadBalancer) {
        List<ApplicationTargetGroup> targetGroups = route.targetGroups();
        IAlternateTarget alternate = null;
        if (route.alternateTargetGroup() != null) {
            alternate = new AlternateTarget("AlternateTarget", AlternateTargetProps.builder()
                    .alternateTargetGroup(route.alternateTargetGroup())
                    .productionListener(ListenerRuleConfiguration.applicationListenerRule(route.productionRule()))
                    .testListener(ListenerRuleConfiguration.applicationListenerRule(route.testRule()))
                    .build());
            service.service().addLifecycleHook(new DeploymentCheck(service, "DeploymentCheck",
                    new DeploymentCheck.Props(network.vpc(), network.privateSubnets(), service.name(),
                            "http://" + loadBalancer.dnsName() + ":" + PublicLoadBalancer.TEST_LISTENER_PORT))
                    .hook());
        }
        service.attachTo(route.targetGroup(), alternate);
        if (alternate != null) {
            // The role exists once the alternate target is bound, in attachTo.
            NagSuppressions.addResourceSuppressions(service.service(), List.of(NagPackSuppression.builder()
                    .id("AwsSolutions-IAM4")
                    .appliesTo(List.of("Policy::arn:<AWS::Partition>:iam::aws:policy/"
                            + "AmazonECSInfrastructureRolePolicyForLoadBalancers"))
                    .reason("The role ECS assumes to move listener rules between the blue and green target groups: "
                            + "AWS's policy for exactly that, kept current by AWS as the feature changes.")
                    .build()), true);
        }
        service.allowFrom(loadBalancer.connectable(), "load balancer to " + service.name());
        service.allowHealthChecksFrom(loadBalancer.connectable());
        service.rollBackOn(new DeploymentAlarms(service, "Alarms",
                new DeploymentAlarms.Props(service.name(), targetGroups)).alarmNames());
    }

    private MicroService.Props serviceProps(ServiceCluster cluster, Network network, String name, int port,
                                            DeploymentMode deployment, Map<String, String> downstream) {
        Timings.Shutdown shutdown = Timings.of(name);
        Map<String, String> environment = new TreeMap<>(downstream);
        environment.put("MICRONAUT_SERVER_PORT", Integer.toString(port));
        environment.put("ENDPOINTS_ALL_PORT", Integer.toString(port + MicroService.MANAGEMENT_PORT_OFFSET));
        environment.put("SHUTDOWN_LAME_DUCK", shutdown.lameDuck());
        environment.put(LoadShedding.VARIABLE, Integer.toString(LoadShedding.maxInFlight(name)));
        TaskSize size = props.discovery() == DiscoveryMode.SERVICE_CONNECT
                ? TaskSize.withProxy(props.cpu(), props.memory())
                : TaskSize.withoutProxy(props.cpu(), props.memory());
        return new MicroService.Props(cluster.cluster(), network.privateSubnets(), name, port,
                props.images().forService(this, name), environment, size, shutdown, deployment);
    }

    private void output(String id, String value, String description) {
        new CfnOutput(this, id, CfnOutputProps.builder().value(value).description(description).build());
    }
}
