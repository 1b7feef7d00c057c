package dev.ecsdns.infra;

import software.amazon.awscdk.Environment;

/**
 * Everything the stack can be told, already parsed from context by {@link InfraApp}.
 *
 * @param env account and region, or null for an environment-agnostic stack (needed only to look up a VPC)
 * @param existingVpcId a VPC to deploy into instead of a new one, or null
 * @param natGateways NAT gateways of a new VPC (0 or 1): the tasks reach AWS through endpoints either way
 * @param dnsTtlSeconds TTL of the Cloud Map A records (DNS mode)
 * @param cpu Fargate CPU units per task for the service's own container (256 = 0.25 vCPU)
 * @param memory MiB per task for the service's own container
 * @param publicName the public name and its certificate, or null for plain HTTP on the ALB's own name
 * @param deployment how web and api roll out
 * @param retainTable keep the DynamoDB table when the stack is deleted
 * @param tracing an OpenTelemetry collector sidecar per task, sending spans to X-Ray
 * @param twoRegions this stack's part in a two-region deployment, or null for a single region
 */
record EcsDnsStackProps(Environment env, String existingVpcId, int natGateways, DiscoveryMode discovery,
                        int dnsTtlSeconds, int cpu, int memory, PublicName publicName, ServiceImages images,
                        DeploymentMode deployment, boolean retainTable, boolean tracing,
                        TwoRegions twoRegions) {

    /** The same settings for one region of a two-region deployment. */
    EcsDnsStackProps inRegion(TwoRegions region) {
        return new EcsDnsStackProps(Environment.builder().region(region.region()).build(), existingVpcId,
                natGateways, discovery, dnsTtlSeconds, cpu, memory, publicName, images, deployment, retainTable,
                tracing, region);
    }

    /**
     * The name users reach the application by.
     *
     * @param domainName e.g. {@code items.example.com}
     * @param hostedZoneId the Route 53 public hosted zone the name lives in
     * @param certificateArn an ACM certificate covering the name, or null for one the stack requests and validates
     */
    record PublicName(String domainName, String hostedZoneId, String certificateArn) {
    }
}
