package dev.ecsdns.infra;

import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.route53.ARecord;
import software.amazon.awscdk.services.route53.HealthCheck;
import software.amazon.awscdk.services.route53.HealthCheckType;
import software.amazon.awscdk.services.route53.HostedZone;
import software.amazon.awscdk.services.route53.RecordTarget;
import software.constructs.Construct;

/**
 * This region's answer for the shared public name: an alias record to the region's load balancer, in failover
 * (primary or secondary) or latency routing, that Route 53 gives out only while the region's health check passes.
 */
final class RegionalEntry extends Construct {

    /**
     * What Route 53's checkers request: web's items page. It is the one public request that crosses the whole chain
     * in this region: web renders it from api's list, which api reads from database, which reads the local replica.
     * Any link down makes it answer 503 (web shows the "unavailable" page), and it carries nothing that is not on the
     * public page anyway. {@code /api/items} would skip web: the load balancer routes {@code /api/*} to api directly.
     */
    static final String HEALTH_CHECK_PATH = "/";

    /** Seconds between one checker's requests: the fast interval, so that a region is declared down in ~30 s. */
    static final int HEALTH_CHECK_INTERVAL_SECONDS = 10;

    /** Consecutive failures (and, to come back, successes) before a checker changes its verdict. */
    static final int HEALTH_CHECK_FAILURE_THRESHOLD = 3;

    /**
     * @param publicName the shared name and its zone
     * @param region which region this is, and the routing
     * @param loadBalancerDnsName the region's load balancer, what the checkers call (not the shared name, which
     *                            would check whichever region the name points at)
     * @param target the alias target: the same load balancer
     */
    record Props(EcsDnsStackProps.PublicName publicName, TwoRegions region, String loadBalancerDnsName,
                 RecordTarget target) {
    }

    private final HealthCheck healthCheck;

    RegionalEntry(Construct scope, String id, Props props) {
        super(scope, id);
        // HTTPS to the load balancer's own name: Route 53's checkers do not validate the certificate, so the
        // certificate for the public name serves, and no listener or rule has to be added for them.
        this.healthCheck = HealthCheck.Builder.create(this, "HealthCheck")
                .type(HealthCheckType.HTTPS)
                .fqdn(props.loadBalancerDnsName())
                .port(443)
                .resourcePath(HEALTH_CHECK_PATH)
                .requestInterval(Duration.seconds(HEALTH_CHECK_INTERVAL_SECONDS))
                .failureThreshold(HEALTH_CHECK_FAILURE_THRESHOLD)
                .build();
        ARecord.Builder record = ARecord.Builder.create(this, "Record")
                .zone(HostedZone.fromHostedZoneId(this, "Zone", props.publicName().hostedZoneId()))
                // The trailing dot makes the name absolute: the zone is known by id only.
                .recordName(props.publicName().domainName() + ".")
                .target(props.target())
                .setIdentifier(props.region().region())
                .healthCheck(healthCheck);
        if (props.region().routing() == TwoRegions.Routing.FAILOVER) {
            record.failover(props.region().failover());
        } else {
            record.region(props.region().region());
        }
        record.build();
    }

    String healthCheckId() {
        return healthCheck.getHealthCheckId();
    }
}
