package dev.ecsdns.infra;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import software.amazon.awscdk.App;
import software.amazon.awscdk.assertions.Template;

/**
 * The stacks under test, each synthesized once per test run (jsii makes a synth cost seconds): the defaults, HTTPS
 * with other context overrides, Service Connect, and an existing VPC. The app gets cdk.json's feature flags, as
 * under the CDK CLI.
 */
final class Stacks {

    static final String ACCOUNT = "123456789012";
    static final String REGION = "eu-west-1";
    static final String DOMAIN_NAME = "items.example.com";
    static final String HOSTED_ZONE_ID = "Z0123456789ABCDEFGHIJ";
    static final String IMAGE_TAG = "0a1b2c3d4e5f";
    static final String CERTIFICATE_ARN =
            "arn:aws:acm:eu-west-1:123456789012:certificate/0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0";
    static final String EXISTING_VPC_ID = "vpc-0a1b2c3d4e5f60718";
    static final List<String> EXISTING_PUBLIC_SUBNETS = List.of("subnet-0aaa0000000000001", "subnet-0aaa0000000000002");
    static final List<String> EXISTING_PRIVATE_SUBNETS =
            List.of("subnet-0bbb0000000000001", "subnet-0bbb0000000000002");

    static final String PRIMARY_REGION = "us-east-1";
    static final String DR_REGION = "us-west-2";

    /** A synthesized stack: its template, the stack itself (for annotations) and the cloud assembly's folder. */
    record Synthesized(EcsDnsStack stack, Template template, Path outdir) {

        /** The template file in the assembly: two-region variants share one assembly. */
        Path templateFile() {
            return outdir.resolve(stack.getArtifactId() + ".template.json");
        }

        /** cdk-nag's report on this stack. */
        Path nagReport() {
            return outdir.resolve("AwsSolutions-" + stack.getArtifactId() + "-NagReport.csv");
        }
    }

    private static Synthesized defaults;
    private static Synthesized https;
    private static Synthesized serviceConnect;
    private static Synthesized existingVpc;
    private static Synthesized blueGreen;
    private static Synthesized serviceConnectCanary;
    private static Synthesized linear;
    private static Synthesized tracing;
    private static List<Synthesized> failover;
    private static List<Synthesized> latency;

    private Stacks() {
    }

    /** Nothing but the image tag: what {@code cdk deploy -c imageTag=...} builds. */
    static synchronized Synthesized defaults() {
        if (defaults == null) {
            defaults = synthesize("defaults", Map.of("imageTag", IMAGE_TAG), Map.of());
        }
        return defaults;
    }

    /** A public name with a given certificate, plus every sizing and lifecycle override a user can pass. */
    static synchronized Synthesized https() {
        if (https == null) {
            https = synthesize("https", Map.of(
                    "domainName", DOMAIN_NAME,
                    "hostedZoneId", HOSTED_ZONE_ID,
                    "certificateArn", CERTIFICATE_ARN,
                    "natGateways", "0",
                    "imageTag", "3f2a1bc",
                    "cpu", "512",
                    "memory", "1024",
                    "dnsTtl", "30",
                    "retainTable", "false"), Map.of());
        }
        return https;
    }

    /** East-west traffic through ECS Service Connect, images from another registry. */
    static synchronized Synthesized serviceConnect() {
        if (serviceConnect == null) {
            serviceConnect = synthesize("service-connect", Map.of(
                    "discovery", "service-connect",
                    "imageRegistry", "ghcr.io/acme",
                    "imageTag", "v1.2.3"), Map.of());
        }
        return serviceConnect;
    }

    /**
     * An existing VPC. The lookup's answer is given as cached context, the way the CDK CLI stores it in
     * cdk.context.json after its first lookup, so no AWS call is made.
     */
    static synchronized Synthesized existingVpc() {
        if (existingVpc == null) {
            existingVpc = synthesize("existing-vpc",
                    Map.of("vpcId", EXISTING_VPC_ID, "imageTag", IMAGE_TAG, vpcLookupKey(), vpcLookupAnswer()),
                    Map.of("CDK_DEFAULT_ACCOUNT", ACCOUNT, "CDK_DEFAULT_REGION", REGION));
        }
        return existingVpc;
    }

    /** Blue/green for web on a public name whose certificate the stack requests. */
    static synchronized Synthesized blueGreen() {
        if (blueGreen == null) {
            blueGreen = synthesize("blue-green", Map.of(
                    "deployment", "blue-green",
                    "domainName", DOMAIN_NAME,
                    "hostedZoneId", HOSTED_ZONE_ID,
                    "imageTag", IMAGE_TAG), Map.of());
        }
        return blueGreen;
    }

    /** Canary with Service Connect: api shifts traffic too. */
    static synchronized Synthesized serviceConnectCanary() {
        if (serviceConnectCanary == null) {
            serviceConnectCanary = synthesize("service-connect-canary", Map.of(
                    "deployment", "canary",
                    "discovery", "service-connect",
                    "imageTag", IMAGE_TAG), Map.of());
        }
        return serviceConnectCanary;
    }

    /** Linear traffic shifting for web, plain HTTP. */
    static synchronized Synthesized linear() {
        if (linear == null) {
            linear = synthesize("linear", Map.of("deployment", "linear", "imageTag", IMAGE_TAG), Map.of());
        }
        return linear;
    }

    /** {@code -c tracing=on}: a collector sidecar per task, sending traces to X-Ray. */
    static synchronized Synthesized tracing() {
        if (tracing == null) {
            tracing = synthesize("tracing", Map.of("tracing", "on", "imageTag", IMAGE_TAG), Map.of());
        }
        return tracing;
    }

    /** Two regions behind failover records: the primary region's stack, then the DR region's. */
    static synchronized List<Synthesized> failover() {
        if (failover == null) {
            failover = synthesizeTwoRegions("two-regions-failover", Map.of());
        }
        return failover;
    }

    /** Two regions behind latency records. */
    static synchronized List<Synthesized> latency() {
        if (latency == null) {
            latency = synthesizeTwoRegions("two-regions-latency", Map.of("routing", "latency"));
        }
        return latency;
    }

    static synchronized List<Synthesized> all() {
        return List.of(defaults(), https(), serviceConnect(), existingVpc(), blueGreen(), serviceConnectCanary(),
                linear());
    }

    /** The variant a test names: its folder under target/cdk.out. */
    /** Every variant {@link #named} knows: what cdk-nag and cfn-lint check. */
    static Stream<String> names() {
        return Stream.of("defaults", "https", "service-connect", "existing-vpc", "blue-green",
                "service-connect-canary", "linear", "tracing", "failover-primary", "failover-dr", "latency-primary",
                "latency-dr");
    }

    static Synthesized named(String name) {
        return switch (name) {
            case "defaults" -> defaults();
            case "https" -> https();
            case "service-connect" -> serviceConnect();
            case "existing-vpc" -> existingVpc();
            case "blue-green" -> blueGreen();
            case "service-connect-canary" -> serviceConnectCanary();
            case "linear" -> linear();
            case "tracing" -> tracing();
            case "failover-primary" -> failover().get(0);
            case "failover-dr" -> failover().get(1);
            case "latency-primary" -> latency().get(0);
            case "latency-dr" -> latency().get(1);
            default -> throw new IllegalArgumentException(name);
        };
    }

    private static Synthesized synthesize(String name, Map<String, Object> context, Map<String, String> env) {
        Path outdir = Path.of("target", "cdk.out", name);
        EcsDnsStack stack = InfraApp.define(app(outdir, context), env);
        return new Synthesized(stack, Template.fromStack(stack), outdir);
    }

    /** What the docs' two-region command synthesizes, without credentials, plus {@code overrides}. */
    private static List<Synthesized> synthesizeTwoRegions(String name, Map<String, Object> overrides) {
        Map<String, Object> context = new HashMap<>(Map.of(
                "primaryRegion", PRIMARY_REGION,
                "drRegion", DR_REGION,
                "domainName", DOMAIN_NAME,
                "hostedZoneId", HOSTED_ZONE_ID,
                "imageTag", IMAGE_TAG));
        context.putAll(overrides);
        Path outdir = Path.of("target", "cdk.out", name);
        return InfraApp.defineAll(app(outdir, context), Map.of()).stream()
                .map(stack -> new Synthesized(stack, Template.fromStack(stack), outdir))
                .toList();
    }

    private static App app(Path outdir, Map<String, Object> context) {
        Map<String, Object> appContext = new HashMap<>(cdkJsonContext());
        appContext.putAll(context);
        deleteRecursively(outdir);
        return App.Builder.create().context(appContext).outdir(outdir.toString()).build();
    }

    /** A fresh assembly folder: nothing from an earlier run (such as a cdk-nag report) can pass for this run's. */
    private static void deleteRecursively(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, Object> cdkJsonContext() {
        try {
            Map<String, Object> cdkJson = new ObjectMapper().readValue(Path.of("cdk.json").toFile(),
                    new TypeReference<Map<String, Object>>() { });
            @SuppressWarnings("unchecked")
            Map<String, Object> context = (Map<String, Object>) cdkJson.get("context");
            return context;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String vpcLookupKey() {
        return "vpc-provider:account=" + ACCOUNT + ":filter.vpc-id=" + EXISTING_VPC_ID + ":region=" + REGION
                + ":returnAsymmetricSubnets=true";
    }

    private static Map<String, Object> vpcLookupAnswer() {
        return Map.of(
                "vpcId", EXISTING_VPC_ID,
                "vpcCidrBlock", "10.20.0.0/16",
                "availabilityZones", List.of(),
                "subnetGroups", List.of(
                        subnetGroup("Public", "Public", EXISTING_PUBLIC_SUBNETS, 0),
                        subnetGroup("Private", "Private", EXISTING_PRIVATE_SUBNETS, 100)));
    }

    private static Map<String, Object> subnetGroup(String name, String type, List<String> subnetIds, int cidrBase) {
        return Map.of("name", name, "type", type, "subnets", List.of(
                Map.of("subnetId", subnetIds.get(0), "cidr", "10.20." + cidrBase + ".0/24",
                        "availabilityZone", REGION + "a", "routeTableId", "rtb-0" + "%016x".formatted(cidrBase + 1)),
                Map.of("subnetId", subnetIds.get(1), "cidr", "10.20." + (cidrBase + 1) + ".0/24",
                        "availabilityZone", REGION + "b", "routeTableId", "rtb-0" + "%016x".formatted(cidrBase + 2))));
    }
}
