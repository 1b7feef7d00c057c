package dev.ecsdns.infra;

import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ecs.Cluster;
import software.amazon.awscdk.services.ecs.ContainerInsights;
import software.amazon.awscdk.services.ecs.ICluster;
import software.constructs.Construct;

/**
 * The ECS cluster the three services run in, Container Insights on. The services use the plain FARGATE launch type:
 * no capacity-provider association, so a stack delete cannot remove one while services still use it.
 */
final class ServiceCluster extends Construct {

    record Props(IVpc vpc) {
    }

    private final Cluster cluster;

    ServiceCluster(Construct scope, String id, Props props) {
        super(scope, id);
        this.cluster = Cluster.Builder.create(this, "Cluster")
                .vpc(props.vpc())
                .containerInsightsV2(ContainerInsights.ENABLED)
                .build();
    }

    ICluster cluster() {
        return cluster;
    }
}
