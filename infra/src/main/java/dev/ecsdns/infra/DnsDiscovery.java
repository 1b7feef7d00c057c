package dev.ecsdns.infra;

import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ecs.AssociateCloudMapServiceOptions;
import software.amazon.awscdk.services.servicediscovery.DnsRecordType;
import software.amazon.awscdk.services.servicediscovery.DnsServiceProps;
import software.amazon.awscdk.services.servicediscovery.HealthCheckCustomConfig;
import software.amazon.awscdk.services.servicediscovery.PrivateDnsNamespace;
import software.amazon.awscdk.services.servicediscovery.RoutingPolicy;
import software.amazon.awscdk.services.servicediscovery.Service;
import software.constructs.Construct;

/**
 * Plain DNS through Cloud Map: a private hosted zone {@code internal.local} in the VPC, one A record per healthy
 * task, all of them in every answer (MULTIVALUE, at most 8), registered and health-checked by ECS.
 */
final class DnsDiscovery extends Construct implements ServiceDiscovery {

    record Props(IVpc vpc, Duration dnsTtl) {
    }

    private final Props props;
    private final PrivateDnsNamespace namespace;

    DnsDiscovery(Construct scope, String id, Props props) {
        super(scope, id);
        this.props = props;
        this.namespace = PrivateDnsNamespace.Builder.create(this, "Namespace")
                .name(NAMESPACE_NAME)
                .vpc(props.vpc())
                .description("web, api and database tasks, registered by ECS")
                .build();
    }

    @Override
    public void register(MicroService service) {
        Service cloudMapService = namespace.createService(service.name(), DnsServiceProps.builder()
                .name(service.name())
                .dnsRecordType(DnsRecordType.A)
                .routingPolicy(RoutingPolicy.MULTIVALUE)
                .dnsTtl(props.dnsTtl())
                // ECS reports task health (custom health config). Cloud Map no longer supports FailureThreshold: it
                // is always 1 whatever is set here, and Cloud Map acts on a health change within about 30 s.
                .customHealthCheck(HealthCheckCustomConfig.builder().failureThreshold(1).build())
                .build());
        service.service().associateCloudMapService(AssociateCloudMapServiceOptions.builder()
                .service(cloudMapService)
                .container(service.container())
                .containerPort(service.port())
                .build());
    }

    @Override
    public String namespaceId() {
        return namespace.getNamespaceId();
    }
}
