package dev.ecsdns.infra;

import software.amazon.awscdk.Environment;

/**
 * Everything the stack can be told, already parsed from context by {@link InfraApp}.
 *
 * @param env account and region, or null for an environment-agnostic stack (needed only to look up a VPC)
 * @param existingVpcId a VPC to deploy into instead of a new one, or null
 * @param dnsTtlSeconds TTL of the Cloud Map A records (DNS mode)
 * @param cpu Fargate CPU units per task (256 = 0.25 vCPU)
 * @param memory MiB per task
 * @param certificateArn ACM certificate for an HTTPS listener, or null for HTTP only
 * @param retainTable keep the DynamoDB table when the stack is deleted
 * @param tracing an OpenTelemetry collector sidecar per task, sending spans to X-Ray
 */
record EcsDnsStackProps(Environment env, String existingVpcId, DiscoveryMode discovery, int dnsTtlSeconds, int cpu,
                        int memory, String certificateArn, ServiceImages images, boolean retainTable,
                        boolean tracing) {
}
