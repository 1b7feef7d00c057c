package dev.ecsdns.infra;

import java.util.List;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.ec2.FlowLogDestination;
import software.amazon.awscdk.services.ec2.FlowLogOptions;
import software.amazon.awscdk.services.ec2.FlowLogTrafficType;
import software.amazon.awscdk.services.ec2.GatewayVpcEndpointAwsService;
import software.amazon.awscdk.services.ec2.GatewayVpcEndpointOptions;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.SubnetConfiguration;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.ec2.VpcLookupOptions;
import software.amazon.awscdk.services.logs.LogGroup;
import software.constructs.Construct;

/** The VPC: a new one with public and private subnets in two zones, or an existing one looked up by id. */
final class Network extends Construct {

    /** @param existingVpcId the VPC to use instead of a new one, or null */
    record Props(String existingVpcId) {
    }

    private final IVpc vpc;

    Network(Construct scope, String id, Props props) {
        super(scope, id);
        this.vpc = props.existingVpcId() == null ? newVpc() : Vpc.fromLookup(this, "Vpc",
                VpcLookupOptions.builder().vpcId(props.existingVpcId()).build());
    }

    private Vpc newVpc() {
        Vpc created = Vpc.Builder.create(this, "Vpc")
                .maxAzs(2)
                // One NAT gateway: the tasks reach ECR, CloudWatch Logs and DynamoDB through it. One per zone would
                // survive a zone outage for another ~$33 a month.
                .natGateways(1)
                .subnetConfiguration(List.of(
                        SubnetConfiguration.builder().name("Public").subnetType(SubnetType.PUBLIC).cidrMask(24).build(),
                        SubnetConfiguration.builder().name("Private").subnetType(SubnetType.PRIVATE_WITH_EGRESS)
                                .cidrMask(22).build()))
                .build();
        // Gateway endpoints cost nothing and keep DynamoDB calls and image layer downloads (ECR keeps layers in S3)
        // off the NAT gateway, which bills every gigabyte it processes.
        created.addGatewayEndpoint("DynamoDb", GatewayVpcEndpointOptions.builder()
                .service(GatewayVpcEndpointAwsService.DYNAMODB).build());
        created.addGatewayEndpoint("S3", GatewayVpcEndpointOptions.builder()
                .service(GatewayVpcEndpointAwsService.S3).build());
        // Rejected connections only: what a missing security group rule looks like, at a fraction of the volume
        // (and cost) of logging all traffic.
        created.addFlowLog("RejectedTraffic", FlowLogOptions.builder()
                .trafficType(FlowLogTrafficType.REJECT)
                .destination(FlowLogDestination.toCloudWatchLogs(LogGroup.Builder.create(this, "FlowLogs")
                        .retention(MicroService.LOG_RETENTION)
                        .removalPolicy(RemovalPolicy.DESTROY)
                        .build()))
                .build());
        return created;
    }

    IVpc vpc() {
        return vpc;
    }

    /** Where the load balancer lives. */
    SubnetSelection publicSubnets() {
        return SubnetSelection.builder().subnetType(SubnetType.PUBLIC).build();
    }

    /** Where the tasks live: no public IP, outbound through NAT. */
    SubnetSelection privateSubnets() {
        return SubnetSelection.builder().subnetType(SubnetType.PRIVATE_WITH_EGRESS).build();
    }
}
