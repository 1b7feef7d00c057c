package dev.ecsdns.infra;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import java.util.List;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.certificatemanager.Certificate;
import software.amazon.awscdk.services.certificatemanager.CertificateValidation;
import software.amazon.awscdk.services.certificatemanager.ICertificate;
import software.amazon.awscdk.services.ec2.IConnectable;
import software.amazon.awscdk.services.ec2.IPeer;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.elasticloadbalancingv2.AddApplicationTargetGroupsProps;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationListener;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationListenerRule;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationLoadBalancer;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationProtocol;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationTargetGroup;
import software.amazon.awscdk.services.elasticloadbalancingv2.BaseApplicationListenerProps;
import software.amazon.awscdk.services.elasticloadbalancingv2.FixedResponseOptions;
import software.amazon.awscdk.services.elasticloadbalancingv2.HealthCheck;
import software.amazon.awscdk.services.elasticloadbalancingv2.ListenerAction;
import software.amazon.awscdk.services.elasticloadbalancingv2.ListenerCertificate;
import software.amazon.awscdk.services.elasticloadbalancingv2.ListenerCondition;
import software.amazon.awscdk.services.elasticloadbalancingv2.RedirectOptions;
import software.amazon.awscdk.services.elasticloadbalancingv2.SslPolicy;
import software.amazon.awscdk.services.elasticloadbalancingv2.TargetType;
import software.amazon.awscdk.services.route53.ARecord;
import software.amazon.awscdk.services.route53.HostedZone;
import software.amazon.awscdk.services.route53.IHostedZone;
import software.amazon.awscdk.services.route53.RecordTarget;
import software.amazon.awscdk.services.route53.targets.IAliasRecordTargetProps;
import software.amazon.awscdk.services.route53.targets.LoadBalancerTarget;
import software.constructs.Construct;

/**
 * The internet-facing ALB: {@code /api/*} to api, everything else to web. HTTP only on its own name, or, with a
 * public name, HTTPS on 443 for that name (an alias record, a certificate given or requested) and a permanent
 * redirect on 80. Health checks probe the services' management port, which no listener ever routes to. With a
 * traffic-shifting deployment each service gets a second (alternate) target group and a rule on a test listener
 * that only the deployment check may reach.
 */
final class PublicLoadBalancer extends Construct {

    /** The path pattern routed to api; web gets the rest. */
    static final String API_PATH = "/api/*";

    /** The api rule's priority (lower wins), below web's catch-all rule. */
    static final int API_RULE_PRIORITY = 100;

    /** web's catch-all rule, present when web shifts traffic: ECS moves rules, not default actions. */
    static final int WEB_RULE_PRIORITY = 200;

    /** The test listener's port: plain HTTP, open only to the deployment check's address. */
    static final int TEST_LISTENER_PORT = 8000;

    /**
     * What the ALB probes, on the management port. web's and api's readiness hold no downstream checks, so an
     * outage further down does not empty the target groups; the short interval takes a stopping or failed task out
     * within about 20 s.
     */
    static final String HEALTH_CHECK_PATH = "/health/readiness";

    /** One service behind the load balancer: its traffic port, and whether it shifts traffic at deploys. */
    record Backend(String name, int port, int managementPort, boolean shiftsTraffic) {
    }

    /**
     * @param publicName the public name and certificate, or null for plain HTTP on the ALB's own name
     * @param testListenerSources who may reach the test listener (the deployment check's address)
     * @param sharedName the public name is shared with another region, whose records {@link RegionalEntry} writes:
     *                   no plain alias record here
     */
    record Props(IVpc vpc, SubnetSelection subnets, EcsDnsStackProps.PublicName publicName, Backend web,
                 Backend api, List<IPeer> testListenerSources, boolean sharedName) {
    }

    /**
     * Where one service's tasks are registered: the production target group and rule, and with a
     * traffic-shifting deployment the alternate target group and its rule on the test listener (else null).
     */
    record Route(ApplicationTargetGroup targetGroup, ApplicationListenerRule productionRule,
                 ApplicationTargetGroup alternateTargetGroup, ApplicationListenerRule testRule) {

        /** The target groups the service's tasks may serve from: after a traffic-shifting deploy, either. */
        List<ApplicationTargetGroup> targetGroups() {
            return alternateTargetGroup == null ? List.of(targetGroup) : List.of(targetGroup, alternateTargetGroup);
        }
    }

    private final Props props;
    private final ApplicationLoadBalancer loadBalancer;
    private final Route web;
    private final Route api;
    private final String url;

    PublicLoadBalancer(Construct scope, String id, Props props) {
        super(scope, id);
        this.props = props;
        SecurityGroup securityGroup = SecurityGroup.Builder.create(this, "SecurityGroup")
                .vpc(props.vpc())
                .description("internet-facing load balancer")
                // Out only to the targets' ports, added as the stack lets each service be reached.
                .allowAllOutbound(false)
                .build();
        NagSuppressions.addResourceSuppressions(securityGroup, List.of(NagPackSuppression.builder()
                .id("AwsSolutions-EC23")
                .reason("The internet-facing entry point: its listener ports (80, and 443 with a certificate) are open "
                        + "to everyone on purpose. The tasks behind it accept only the load balancer.")
                .build()));
        this.loadBalancer = ApplicationLoadBalancer.Builder.create(this, "LoadBalancer")
                .vpc(props.vpc())
                .vpcSubnets(props.subnets())
                .internetFacing(true)
                .securityGroup(securityGroup)
                .dropInvalidHeaderFields(true)
                .build();
        NagSuppressions.addResourceSuppressions(loadBalancer, List.of(NagPackSuppression.builder()
                .id("AwsSolutions-ELB2")
                .reason("Access logs need an S3 bucket with its own encryption, logging and lifecycle; this stack "
                        + "relies on the services' request logs. Enable logAccessLogs for production.")
                .build()));
        ApplicationListener production = productionListener();
        ApplicationListener test = anyShiftsTraffic() ? testListener() : null;
        this.api = route("Api", props.api(), production, test, API_RULE_PRIORITY, List.of(API_PATH));
        this.web = route("Web", props.web(), production, test, WEB_RULE_PRIORITY, List.of("/*"));
        if (!props.web().shiftsTraffic()) {
            production.addTargetGroups("Web", AddApplicationTargetGroupsProps.builder()
                    .targetGroups(List.of(web.targetGroup())).build());
        }
        this.url = props.publicName() == null
                ? "http://" + loadBalancer.getLoadBalancerDnsName()
                : "https://" + props.publicName().domainName();
    }

    private boolean anyShiftsTraffic() {
        return props.web().shiftsTraffic() || props.api().shiftsTraffic();
    }

    private ApplicationListener productionListener() {
        // ECS shifts traffic by rewriting listener rules, never a default action: with web shifting traffic the
        // default answers 404 and a catch-all rule carries web.
        ListenerAction defaultAction = props.web().shiftsTraffic() ? notFound() : null;
        if (props.publicName() == null) {
            return loadBalancer.addListener("Http", BaseApplicationListenerProps.builder()
                    .protocol(ApplicationProtocol.HTTP).port(80).open(true).defaultAction(defaultAction).build());
        }
        IHostedZone zone = HostedZone.fromHostedZoneId(this, "Zone", props.publicName().hostedZoneId());
        ApplicationListener https = loadBalancer.addListener("Https", BaseApplicationListenerProps.builder()
                .protocol(ApplicationProtocol.HTTPS).port(443).open(true)
                .certificates(List.of(ListenerCertificate.fromCertificateManager(certificate(zone))))
                .sslPolicy(SslPolicy.RECOMMENDED_TLS)
                .defaultAction(defaultAction)
                .build());
        loadBalancer.addListener("Http", BaseApplicationListenerProps.builder()
                .protocol(ApplicationProtocol.HTTP).port(80).open(true)
                .defaultAction(ListenerAction.redirect(RedirectOptions.builder()
                        .protocol("HTTPS").port("443").permanent(true).build()))
                .build());
        if (!props.sharedName()) {
            // The trailing dot makes the name absolute: the zone is known by id only.
            ARecord.Builder.create(this, "Alias")
                    .zone(zone)
                    .recordName(props.publicName().domainName() + ".")
                    .target(RecordTarget.fromAlias(new LoadBalancerTarget(loadBalancer)))
                    .build();
        }
        return https;
    }

    /** The given certificate, or one for the name that ACM validates through a record the stack puts in the zone. */
    private ICertificate certificate(IHostedZone zone) {
        EcsDnsStackProps.PublicName name = props.publicName();
        if (name.certificateArn() != null) {
            return Certificate.fromCertificateArn(this, "Certificate", name.certificateArn());
        }
        return Certificate.Builder.create(this, "Certificate")
                .domainName(name.domainName())
                .validation(CertificateValidation.fromDns(zone))
                .build();
    }

    private ApplicationListener testListener() {
        ApplicationListener test = loadBalancer.addListener("Test", BaseApplicationListenerProps.builder()
                .protocol(ApplicationProtocol.HTTP).port(TEST_LISTENER_PORT).open(false)
                .defaultAction(notFound())
                .build());
        props.testListenerSources().forEach(source -> test.getConnections().allowDefaultPortFrom(source,
                "deployment check to the test listener"));
        return test;
    }

    private static ListenerAction notFound() {
        return ListenerAction.fixedResponse(404, FixedResponseOptions.builder()
                .contentType("text/plain").messageBody("Not Found").build());
    }

    private Route route(String id, Backend backend, ApplicationListener production, ApplicationListener test,
                        int priority, List<String> paths) {
        ApplicationTargetGroup targetGroup = targetGroup(id + "TargetGroup", backend);
        boolean ruleNeeded = backend.shiftsTraffic() || backend == props.api();
        ApplicationListenerRule productionRule = ruleNeeded
                ? rule(id + "Rule", production, priority, paths, targetGroup) : null;
        if (!backend.shiftsTraffic()) {
            return new Route(targetGroup, productionRule, null, null);
        }
        ApplicationTargetGroup alternate = targetGroup(id + "AlternateTargetGroup", backend);
        return new Route(targetGroup, productionRule, alternate,
                rule(id + "TestRule", test, priority, paths, alternate));
    }

    private ApplicationListenerRule rule(String id, ApplicationListener listener, int priority, List<String> paths,
                                         ApplicationTargetGroup targetGroup) {
        return ApplicationListenerRule.Builder.create(this, id)
                .listener(listener)
                .priority(priority)
                .conditions(List.of(ListenerCondition.pathPatterns(paths)))
                .targetGroups(List.of(targetGroup))
                .build();
    }

    private ApplicationTargetGroup targetGroup(String id, Backend backend) {
        return ApplicationTargetGroup.Builder.create(this, id)
                .vpc(props.vpc())
                .targetType(TargetType.IP)
                .protocol(ApplicationProtocol.HTTP)
                .port(backend.port())
                .healthCheck(HealthCheck.builder()
                        .port(Integer.toString(backend.managementPort()))
                        .path(HEALTH_CHECK_PATH)
                        .interval(Duration.seconds(10))
                        .timeout(Duration.seconds(5))
                        .healthyThresholdCount(2)
                        .unhealthyThresholdCount(2)
                        .healthyHttpCodes("200")
                        .build())
                .deregistrationDelay(Timings.DEREGISTRATION_DELAY)
                .build();
    }

    IConnectable connectable() {
        return loadBalancer;
    }

    Route web() {
        return web;
    }

    Route api() {
        return api;
    }

    /**
     * The load balancer as the target of a failover or latency alias record: Route 53 also treats it as down when
     * none of its target groups has a healthy target (and failover records require that setting).
     */
    RecordTarget healthAwareAliasTarget() {
        return RecordTarget.fromAlias(new LoadBalancerTarget(loadBalancer,
                new IAliasRecordTargetProps() {
                    @Override
                    public Boolean getEvaluateTargetHealth() {
                        return true;
                    }
                }));
    }

    String dnsName() {
        return loadBalancer.getLoadBalancerDnsName();
    }

    String url() {
        return url;
    }
}
