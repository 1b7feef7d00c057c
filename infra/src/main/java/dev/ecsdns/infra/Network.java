package dev.ecsdns.infra;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.customresources.AwsCustomResource;
import software.amazon.awscdk.customresources.AwsCustomResourcePolicy;
import software.amazon.awscdk.customresources.AwsSdkCall;
import software.amazon.awscdk.customresources.PhysicalResourceId;
import software.amazon.awscdk.customresources.SdkCallsPolicyOptions;
import software.amazon.awscdk.services.ec2.CfnEIP;
import software.amazon.awscdk.services.ec2.FlowLogDestination;
import software.amazon.awscdk.services.ec2.FlowLogOptions;
import software.amazon.awscdk.services.ec2.FlowLogTrafficType;
import software.amazon.awscdk.services.ec2.GatewayVpcEndpointAwsService;
import software.amazon.awscdk.services.ec2.GatewayVpcEndpointOptions;
import software.amazon.awscdk.services.ec2.IConnectable;
import software.amazon.awscdk.services.ec2.IPeer;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.InterfaceVpcEndpoint;
import software.amazon.awscdk.services.ec2.InterfaceVpcEndpointAwsService;
import software.amazon.awscdk.services.ec2.InterfaceVpcEndpointOptions;
import software.amazon.awscdk.services.ec2.IpAddresses;
import software.amazon.awscdk.services.ec2.Peer;
import software.amazon.awscdk.services.ec2.Port;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.SubnetConfiguration;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.ec2.VpcLookupOptions;
import software.amazon.awscdk.services.logs.LogGroup;
import software.constructs.Construct;

/**
 * The VPC: a new one with public and private subnets in two zones, or an existing one looked up by id. In a new VPC
 * the tasks reach AWS only through endpoints (ECR, CloudWatch Logs, S3 for image layers, DynamoDB), so the NAT
 * gateway is optional; in an existing VPC they go out on 443 through that VPC's own routes.
 */
final class Network extends Construct {

    /**
     * @param existingVpcId the VPC to use instead of a new one, or null
     * @param natGateways NAT gateways of a new VPC, 0 or 1
     * @param cidr the address range of a new VPC, or null for CDK's default (10.0.0.0/16)
     */
    record Props(String existingVpcId, int natGateways, String cidr) {
    }

    private static final Port HTTPS = Port.tcp(443);

    private final Props props;
    private final IVpc vpc;
    private final SecurityGroup endpoints;
    private AwsPrefixLists prefixLists;

    Network(Construct scope, String id, Props props) {
        super(scope, id);
        this.props = props;
        if (props.existingVpcId() == null) {
            Vpc created = newVpc();
            this.vpc = created;
            // ECR's API (login, manifests) and registry, and CloudWatch Logs, from the private subnets. Closed by
            // default: each service is let in explicitly (allowAwsApis); the endpoints never connect out.
            this.endpoints = SecurityGroup.Builder.create(this, "EndpointSecurityGroup")
                    .vpc(created)
                    .description("interface endpoints: ECR API, ECR registry, CloudWatch Logs")
                    .allowAllOutbound(false)
                    .build();
            interfaceEndpoint(created, "EcrApi", InterfaceVpcEndpointAwsService.ECR);
            interfaceEndpoint(created, "EcrDocker", InterfaceVpcEndpointAwsService.ECR_DOCKER);
            interfaceEndpoint(created, "Logs", InterfaceVpcEndpointAwsService.CLOUDWATCH_LOGS);
        } else {
            this.vpc = Vpc.fromLookup(this, "Vpc", VpcLookupOptions.builder().vpcId(props.existingVpcId()).build());
            this.endpoints = null;
        }
    }

    private Vpc newVpc() {
        Vpc.Builder builder = Vpc.Builder.create(this, "Vpc");
        if (props.cidr() != null) {
            builder.ipAddresses(IpAddresses.cidr(props.cidr()));
        }
        Vpc created = builder
                .maxAzs(2)
                // At most one NAT gateway, and none needed by the services: ECR, CloudWatch Logs, S3 and DynamoDB
                // have endpoints. Only Service Connect's proxy and the blue/green check's call to the public test
                // listener go out through it.
                .natGateways(props.natGateways())
                .subnetConfiguration(List.of(
                        SubnetConfiguration.builder().name("Public").subnetType(SubnetType.PUBLIC).cidrMask(24).build(),
                        SubnetConfiguration.builder().name("Private").subnetType(privateSubnetType())
                                .cidrMask(22).build()))
                .build();
        // Gateway endpoints cost nothing and keep DynamoDB calls and image layer downloads (ECR keeps layers in S3)
        // inside the VPC.
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

    private SubnetType privateSubnetType() {
        return props.natGateways() == 0 ? SubnetType.PRIVATE_ISOLATED : SubnetType.PRIVATE_WITH_EGRESS;
    }

    private InterfaceVpcEndpoint interfaceEndpoint(Vpc created, String id, InterfaceVpcEndpointAwsService service) {
        return created.addInterfaceEndpoint(id, InterfaceVpcEndpointOptions.builder()
                .service(service)
                .subnets(privateSubnets())
                .privateDnsEnabled(true)
                .securityGroups(List.of(endpoints))
                .open(false)
                .build());
    }

    /**
     * Lets {@code tasks} reach what every task needs from AWS (ECR to pull, S3 for the layers, CloudWatch Logs), and
     * DynamoDB when {@code dynamoDb}: through the endpoints in a new VPC, else 443 out.
     */
    void allowAwsApis(IConnectable tasks, boolean dynamoDb) {
        if (endpoints == null) {
            tasks.getConnections().allowToAnyIpv4(HTTPS, "AWS APIs through the VPC's own routes");
            return;
        }
        tasks.getConnections().allowTo(endpoints, HTTPS, "ECR and CloudWatch Logs endpoints");
        tasks.getConnections().allowTo(Peer.prefixList(prefixLists().s3()), HTTPS, "image layers in S3");
        if (dynamoDb) {
            tasks.getConnections().allowTo(Peer.prefixList(prefixLists().dynamoDb()), HTTPS, "DynamoDB");
        }
    }

    /** The managed prefix lists behind the gateway endpoints: CloudFormation has no attribute for their ids. */
    private AwsPrefixLists prefixLists() {
        if (prefixLists == null) {
            prefixLists = new AwsPrefixLists(lookUpPrefixList("S3PrefixList", "s3"),
                    lookUpPrefixList("DynamoDbPrefixList", "dynamodb"));
        }
        return prefixLists;
    }

    private record AwsPrefixLists(String s3, String dynamoDb) {
    }

    private String lookUpPrefixList(String id, String service) {
        String name = "com.amazonaws." + Aws.REGION + "." + service;
        AwsSdkCall call = AwsSdkCall.builder()
                .service("EC2")
                .action("describeManagedPrefixLists")
                .parameters(Map.of("Filters", List.of(Map.of("Name", "prefix-list-name", "Values", List.of(name)))))
                .physicalResourceId(PhysicalResourceId.of(name))
                .outputPaths(List.of("PrefixLists.0.PrefixListId"))
                .build();
        AwsCustomResource lookup = AwsCustomResource.Builder.create(this, id)
                .onCreate(call)
                .onUpdate(call)
                .policy(AwsCustomResourcePolicy.fromSdkCalls(SdkCallsPolicyOptions.builder()
                        .resources(AwsCustomResourcePolicy.ANY_RESOURCE).build()))
                .installLatestAwsSdk(false)
                .build();
        NagSuppressions.addResourceSuppressions(lookup, List.of(NagPackSuppression.builder()
                .id("AwsSolutions-IAM5")
                .appliesTo(List.of("Resource::*"))
                .reason("ec2:DescribeManagedPrefixLists has no resource-level permissions: AWS requires Resource *. "
                        + "The lookup only reads the id of the region's S3 and DynamoDB prefix lists.")
                .build()), true);
        explainProviderFindings();
        return lookup.getResponseField("PrefixLists.0.PrefixListId");
    }

    /** The lookups' shared provider function, a CDK singleton at the stack's root. */
    private void explainProviderFindings() {
        Stack stack = Stack.of(this);
        String providerPath = "/" + stack.getNode().getId() + "/AWS" + AwsCustomResource.PROVIDER_FUNCTION_UUID
                .replace("-", "");
        if (stack.getNode().tryFindChild("AWS" + AwsCustomResource.PROVIDER_FUNCTION_UUID.replace("-", "")) == null) {
            return;
        }
        NagSuppressions.addResourceSuppressionsByPath(stack, providerPath, List.of(
                NagPackSuppression.builder().id("AwsSolutions-IAM4")
                        .appliesTo(List.of("Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/"
                                + "AWSLambdaBasicExecutionRole"))
                        .reason("CDK's provider function for the prefix-list lookup writes its own logs with AWS's "
                                + "basic execution policy; it holds no other permission.")
                        .build(),
                NagPackSuppression.builder().id("AwsSolutions-L1")
                        .reason("CDK's own provider function for AwsCustomResource; its runtime is chosen and kept "
                                + "current by the CDK release, not by this stack.")
                        .build()), true);
    }

    IVpc vpc() {
        return vpc;
    }

    /** The public addresses of the NAT gateways: where calls from the private subnets to the internet come from. */
    List<IPeer> natAddresses() {
        return vpc.getPublicSubnets().stream()
                .map(subnet -> subnet.getNode().tryFindChild("EIP"))
                .filter(CfnEIP.class::isInstance)
                .map(eip -> Peer.ipv4(((CfnEIP) eip).getAttrPublicIp() + "/32"))
                .toList();
    }

    /** Where the load balancer lives. */
    SubnetSelection publicSubnets() {
        return SubnetSelection.builder().subnetType(SubnetType.PUBLIC).build();
    }

    /** Where the tasks live: no public IP; outbound only to the endpoints (and through NAT when there is one). */
    SubnetSelection privateSubnets() {
        return SubnetSelection.builder()
                .subnetType(props.existingVpcId() == null ? privateSubnetType() : SubnetType.PRIVATE_WITH_EGRESS)
                .build();
    }
}
