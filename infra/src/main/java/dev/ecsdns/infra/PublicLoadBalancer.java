package dev.ecsdns.infra;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import java.util.List;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.ec2.IConnectable;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.elasticloadbalancingv2.AddApplicationTargetGroupsProps;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationListener;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationLoadBalancer;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationProtocol;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationTargetGroup;
import software.amazon.awscdk.services.elasticloadbalancingv2.BaseApplicationListenerProps;
import software.amazon.awscdk.services.elasticloadbalancingv2.HealthCheck;
import software.amazon.awscdk.services.elasticloadbalancingv2.ListenerAction;
import software.amazon.awscdk.services.elasticloadbalancingv2.ListenerCertificate;
import software.amazon.awscdk.services.elasticloadbalancingv2.ListenerCondition;
import software.amazon.awscdk.services.elasticloadbalancingv2.RedirectOptions;
import software.amazon.awscdk.services.elasticloadbalancingv2.SslPolicy;
import software.amazon.awscdk.services.elasticloadbalancingv2.TargetType;
import software.constructs.Construct;

/**
 * The internet-facing ALB: {@code /api/*} to api, everything else to web. HTTP only, or with a certificate HTTPS
 * on 443 and a permanent redirect on 80.
 */
final class PublicLoadBalancer extends Construct {

    /** The path pattern routed to api; web gets the rest. */
    static final String API_PATH = "/api/*";

    /** The api rule's priority (lower wins; only one rule today, room below for more specific ones). */
    static final int API_RULE_PRIORITY = 100;

    /**
     * What the ALB probes. web's and api's readiness hold no downstream checks, so an outage further down does not
     * empty the target groups; the short interval takes a stopping or failed task out within about 20 s.
     */
    static final String HEALTH_CHECK_PATH = "/health/readiness";

    /**
     * @param certificateArn an ACM certificate for HTTPS, or null for plain HTTP on port 80
     */
    record Props(IVpc vpc, SubnetSelection subnets, String certificateArn, int webPort, int apiPort) {
    }

    private final ApplicationLoadBalancer loadBalancer;
    private final ApplicationTargetGroup webTargetGroup;
    private final ApplicationTargetGroup apiTargetGroup;
    private final String url;

    PublicLoadBalancer(Construct scope, String id, Props props) {
        super(scope, id);
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
        this.webTargetGroup = targetGroup("WebTargetGroup", props.vpc(), props.webPort());
        this.apiTargetGroup = targetGroup("ApiTargetGroup", props.vpc(), props.apiPort());
        if (props.certificateArn() == null) {
            route(loadBalancer.addListener("Http", BaseApplicationListenerProps.builder()
                    .protocol(ApplicationProtocol.HTTP).port(80).open(true).build()));
            this.url = "http://" + loadBalancer.getLoadBalancerDnsName();
        } else {
            route(loadBalancer.addListener("Https", BaseApplicationListenerProps.builder()
                    .protocol(ApplicationProtocol.HTTPS).port(443).open(true)
                    .certificates(List.of(ListenerCertificate.fromArn(props.certificateArn())))
                    .sslPolicy(SslPolicy.RECOMMENDED_TLS)
                    .build()));
            loadBalancer.addListener("Http", BaseApplicationListenerProps.builder()
                    .protocol(ApplicationProtocol.HTTP).port(80).open(true)
                    .defaultAction(ListenerAction.redirect(RedirectOptions.builder()
                            .protocol("HTTPS").port("443").permanent(true).build()))
                    .build());
            this.url = "https://" + loadBalancer.getLoadBalancerDnsName();
        }
    }

    private ApplicationTargetGroup targetGroup(String id, IVpc vpc, int port) {
        return ApplicationTargetGroup.Builder.create(this, id)
                .vpc(vpc)
                .targetType(TargetType.IP)
                .protocol(ApplicationProtocol.HTTP)
                .port(port)
                .healthCheck(HealthCheck.builder()
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

    private void route(ApplicationListener listener) {
        listener.addTargetGroups("Web", AddApplicationTargetGroupsProps.builder()
                .targetGroups(List.of(webTargetGroup)).build());
        listener.addTargetGroups("Api", AddApplicationTargetGroupsProps.builder()
                .priority(API_RULE_PRIORITY)
                .conditions(List.of(ListenerCondition.pathPatterns(List.of(API_PATH))))
                .targetGroups(List.of(apiTargetGroup))
                .build());
    }

    IConnectable connectable() {
        return loadBalancer;
    }

    ApplicationTargetGroup webTargetGroup() {
        return webTargetGroup;
    }

    ApplicationTargetGroup apiTargetGroup() {
        return apiTargetGroup;
    }

    String url() {
        return url;
    }
}
