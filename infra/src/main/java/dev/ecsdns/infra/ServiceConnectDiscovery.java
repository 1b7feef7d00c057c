package dev.ecsdns.infra;

import java.util.List;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.ecs.AwsLogDriverProps;
import software.amazon.awscdk.services.ecs.LogDrivers;
import software.amazon.awscdk.services.ecs.ServiceConnectProps;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.ecs.ServiceConnectService;
import software.amazon.awscdk.services.servicediscovery.HttpNamespace;
import software.constructs.Construct;

/**
 * ECS Service Connect, App Mesh's successor: an Envoy proxy in every task balances each request over the healthy
 * tasks, retries and drains, so callers no longer depend on DNS caches. Client aliases keep the names the services
 * are configured with ({@code api.internal.local:8081}); Cloud Map only holds the instances (API discovery, no
 * hosted zone).
 */
final class ServiceConnectDiscovery extends Construct implements ServiceDiscovery {

    private final HttpNamespace namespace;

    ServiceConnectDiscovery(Construct scope, String id) {
        super(scope, id);
        this.namespace = HttpNamespace.Builder.create(this, "Namespace")
                .name(NAMESPACE_NAME)
                .description("web, api and database tasks, registered by ECS Service Connect")
                .build();
    }

    @Override
    public void register(MicroService service) {
        service.service().enableServiceConnect(ServiceConnectProps.builder()
                .namespace(namespace.getNamespaceArn())
                // The proxy's own logs, beside the service's, kept as long.
                .logDriver(LogDrivers.awsLogs(AwsLogDriverProps.builder()
                        .streamPrefix(service.name() + "-proxy")
                        .logGroup(LogGroup.Builder.create(service, "ProxyLogs")
                                .retention(MicroService.LOG_RETENTION)
                                .removalPolicy(RemovalPolicy.DESTROY)
                                .build())
                        .build()))
                .services(List.of(ServiceConnectService.builder()
                        .portMappingName(service.name())
                        .discoveryName(service.name())
                        .dnsName(ServiceDiscovery.hostOf(service.name()))
                        .port(service.port())
                        .build()))
                .build());
    }

    @Override
    public String namespaceId() {
        return namespace.getNamespaceId();
    }
}
