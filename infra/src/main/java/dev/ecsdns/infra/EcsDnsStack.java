package dev.ecsdns.infra;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.CfnOutputProps;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.constructs.Construct;

/** web, api and database on Fargate, finding each other by name, behind one public ALB, storing items in DynamoDB. */
final class EcsDnsStack extends Stack {

    static final int WEB_PORT = 8080;
    static final int API_PORT = 8081;
    static final int DATABASE_PORT = 8082;

    EcsDnsStack(Construct scope, String id, EcsDnsStackProps props) {
        super(scope, id, StackProps.builder()
                .env(props.env())
                .description("web, api and database on ECS Fargate, found by name under internal.local, "
                        + "behind a public ALB")
                .build());
        Network network = new Network(this, "Network", new Network.Props(props.existingVpcId()));
        ItemTable items = new ItemTable(this, "Items", new ItemTable.Props(props.retainTable()));
        ServiceCluster cluster = new ServiceCluster(this, "Cluster", new ServiceCluster.Props(network.vpc()));
        ServiceDiscovery discovery = props.discovery() == DiscoveryMode.SERVICE_CONNECT
                ? new ServiceConnectDiscovery(this, "ServiceDiscovery")
                : new DnsDiscovery(this, "ServiceDiscovery",
                        new DnsDiscovery.Props(network.vpc(), Duration.seconds(props.dnsTtlSeconds())));
        PublicLoadBalancer loadBalancer = new PublicLoadBalancer(this, "LoadBalancer", new PublicLoadBalancer.Props(
                network.vpc(), network.publicSubnets(), props.certificateArn(), WEB_PORT, API_PORT));

        MicroService database = new MicroService(this, "Database", serviceProps(props, cluster, network,
                "database", DATABASE_PORT, Map.of(
                        "DYNAMODB_TABLE_NAME", items.table().getTableName(),
                        "AWS_REGION", Aws.REGION)));
        MicroService api = new MicroService(this, "Api", serviceProps(props, cluster, network,
                "api", API_PORT, Map.of(
                        "MICRONAUT_HTTP_SERVICES_DATABASE_URL", ServiceDiscovery.urlOf("database", DATABASE_PORT))));
        MicroService web = new MicroService(this, "Web", serviceProps(props, cluster, network,
                "web", WEB_PORT, Map.of(
                        "MICRONAUT_HTTP_SERVICES_API_URL", ServiceDiscovery.urlOf("api", API_PORT))));

        for (MicroService service : new MicroService[] {web, api, database}) {
            discovery.register(service);
        }
        web.attachTo(loadBalancer.webTargetGroup());
        api.attachTo(loadBalancer.apiTargetGroup());

        web.allowFrom(loadBalancer.connectable(), "load balancer to web");
        api.allowFrom(loadBalancer.connectable(), "load balancer to api");
        api.allowFrom(web.service(), "web to api");
        database.allowFrom(api.service(), "api to database");

        items.table().grantReadWriteData(database.taskRole());
        new Observability(this, "Observability", new Observability.Props(
                props.tracing(), List.of(web, api, database),
                Map.of("web", loadBalancer.webTargetGroup(), "api", loadBalancer.apiTargetGroup())));

        output("LoadBalancerUrl", loadBalancer.url(), "The application: web at /, api at /api/*");
        output("ClusterName", cluster.cluster().getClusterName(), "ECS cluster running web, api and database");
        output("NamespaceId", discovery.namespaceId(), "Cloud Map namespace " + ServiceDiscovery.NAMESPACE_NAME);
        output("TableName", items.table().getTableName(), "DynamoDB table of the database service");
        output("WebTargetGroupArn", loadBalancer.webTargetGroup().getTargetGroupArn(), "ALB target group of web");
        output("ApiTargetGroupArn", loadBalancer.apiTargetGroup().getTargetGroupArn(), "ALB target group of api");
    }

    private MicroService.Props serviceProps(EcsDnsStackProps props, ServiceCluster cluster, Network network,
                                            String name, int port, Map<String, String> downstream) {
        Map<String, String> environment = new TreeMap<>(downstream);
        environment.put("MICRONAUT_SERVER_PORT", Integer.toString(port));
        // The services' lame-duck period (shutdown.lame-duck) comes from the one constant the timings derive from.
        environment.put("SHUTDOWN_LAME_DUCK", Timings.LAME_DUCK_SECONDS + "s");
        return new MicroService.Props(cluster.cluster(), network.privateSubnets(), name, port,
                props.images().forService(this, name), environment, props.cpu(), props.memory());
    }

    private void output(String id, String value, String description) {
        new CfnOutput(this, id, CfnOutputProps.builder().value(value).description(description).build());
    }
}
