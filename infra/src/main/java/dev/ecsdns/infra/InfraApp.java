package dev.ecsdns.infra;

import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.Tags;

/**
 * The CDK app: the only place that reads context ({@code -c key=value} or cdk.json) and the environment.
 *
 * <table>
 *   <tr><th>context key</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>vpcId</td><td>none: a new VPC</td><td>deploy into this VPC (looked up: needs credentials)</td></tr>
 *   <tr><td>discovery</td><td>dns</td><td>dns (Cloud Map A records) or service-connect</td></tr>
 *   <tr><td>dnsTtl</td><td>10</td><td>seconds, Cloud Map record TTL</td></tr>
 *   <tr><td>cpu</td><td>256</td><td>Fargate CPU units per task</td></tr>
 *   <tr><td>memory</td><td>512</td><td>MiB per task</td></tr>
 *   <tr><td>natGateways</td><td>1 with service-connect or a traffic-shifting deployment, else 0</td>
 *       <td>NAT gateways in a new VPC (the tasks use endpoints either way)</td></tr>
 *   <tr><td>domainName</td><td>none: HTTP on the ALB's name</td><td>public name: HTTPS on 443, alias record</td></tr>
 *   <tr><td>hostedZoneId</td><td>none</td><td>the public zone of domainName (required with it)</td></tr>
 *   <tr><td>certificateArn</td><td>none: requested by the stack</td><td>ACM certificate covering domainName</td></tr>
 *   <tr><td>deployment</td><td>rolling</td><td>rolling, blue-green, canary or linear (web and api)</td></tr>
 *   <tr><td>imageTag</td><td>required</td><td>tag of all three images</td></tr>
 *   <tr><td>imageRegistry</td><td>none: the account's ECR</td><td>pull registry/web:tag etc. instead</td></tr>
 *   <tr><td>retainTable</td><td>true</td><td>false: delete the table with the stack</td></tr>
 *   <tr><td>tracing</td><td>off</td><td>on: an OpenTelemetry collector per task sends traces to X-Ray</td></tr>
 *   <tr><td>primaryRegion</td><td>none: one region</td><td>with drRegion: the region owning the global table</td></tr>
 *   <tr><td>drRegion</td><td>none: one region</td><td>a second, complete copy there (needs domainName)</td></tr>
 *   <tr><td>routing</td><td>failover</td><td>with two regions: failover (primary, else DR) or latency</td></tr>
 * </table>
 */
public final class InfraApp {

    /** The stack name: what {@code cdk deploy}, the scripts and CloudFormation call it. */
    static final String STACK_NAME = "EcsDnsDiscovery";

    /** The DR region's stack, next to {@link #STACK_NAME} in the primary region. */
    static final String DR_STACK_NAME = STACK_NAME + "Dr";

    private InfraApp() {
    }

    public static void main(String[] args) {
        App app = new App();
        define(app, System.getenv());
        app.synth();
    }

    /** Adds the stack (the primary region's, with two), configured from context and {@code env}; see defineAll. */
    static EcsDnsStack define(App app, Map<String, String> env) {
        return defineAll(app, env).get(0);
    }

    /**
     * Adds the stack, or with {@code drRegion} one stack per region (primary first), configured from the app's
     * context and {@code env}, and the checks every synth runs.
     */
    static List<EcsDnsStack> defineAll(App app, Map<String, String> env) {
        Function<String, Object> context = app.getNode()::tryGetContext;
        EcsDnsStackProps props = props(context, env);
        TwoRegions primary = twoRegions(context, props);
        List<EcsDnsStack> stacks;
        if (primary == null) {
            stacks = List.of(new EcsDnsStack(app, STACK_NAME, props));
        } else {
            EcsDnsStack first = new EcsDnsStack(app, STACK_NAME, props.inRegion(primary));
            EcsDnsStack dr = new EcsDnsStack(app, DR_STACK_NAME, props.inRegion(primary.inRegion(primary.drRegion())));
            // The DR region's replica is created by the primary's global table.
            dr.addStackDependency(first);
            stacks = List.of(first, dr);
        }
        Tags.of(app).add("project", "ecs-dns-discovery");
        // cdk-nag's AWS Solutions rules: a finding without a documented suppression fails the synth.
        Aspects.of(app).add(new AwsSolutionsChecks());
        return stacks;
    }

    /** The primary region's view of a two-region deployment, or null for one region. */
    static TwoRegions twoRegions(Function<String, Object> context, EcsDnsStackProps props) {
        String primaryRegion = string(context, "primaryRegion", null);
        String drRegion = string(context, "drRegion", null);
        String routing = string(context, "routing", null);
        if (drRegion == null) {
            if (primaryRegion != null || routing != null) {
                throw new IllegalArgumentException("primaryRegion and routing need -c drRegion=<the second region>");
            }
            return null;
        }
        if (primaryRegion == null) {
            throw new IllegalArgumentException("-c drRegion needs -c primaryRegion=<the region that owns the table>");
        }
        if (props.publicName() == null) {
            throw new IllegalArgumentException("-c drRegion needs -c domainName and -c hostedZoneId: the public name "
                    + "is what fails over between the regions");
        }
        if (props.existingVpcId() != null) {
            throw new IllegalArgumentException("-c drRegion creates a VPC per region (with ranges that do not "
                    + "overlap); -c vpcId is for one region");
        }
        if (props.publicName().certificateArn() != null) {
            throw new IllegalArgumentException("-c certificateArn names a certificate in one region; with -c drRegion "
                    + "each region's stack requests its own for the public name");
        }
        return new TwoRegions(primaryRegion, drRegion, primaryRegion,
                TwoRegions.Routing.fromContext(routing == null ? "failover" : routing));
    }

    static EcsDnsStackProps props(Function<String, Object> context, Map<String, String> env) {
        String vpcId = string(context, "vpcId", null);
        DiscoveryMode discovery =
                DiscoveryMode.fromContext(string(context, "discovery", DiscoveryMode.DNS.contextValue()));
        DeploymentMode deployment =
                DeploymentMode.fromContext(string(context, "deployment", DeploymentMode.ROLLING.contextValue()));
        EcsDnsStackProps props = new EcsDnsStackProps(
                vpcId == null ? null : lookupEnvironment(env),
                vpcId,
                natGateways(context, vpcId, discovery, deployment),
                discovery,
                integer(context, "dnsTtl", Timings.DEFAULT_DNS_TTL_SECONDS),
                integer(context, "cpu", 256),
                integer(context, "memory", 512),
                publicName(context),
                new ServiceImages(string(context, "imageRegistry", null), imageTag(context)),
                deployment,
                bool(context, "retainTable", true),
                onOff(context, "tracing", false),
                null);
        requireWayOut(props);
        return props;
    }

    /**
     * What needs the NAT gateway: the deployment check reaches the public test listener from its address (the only
     * source the test listener accepts), and Service Connect's proxy its control plane.
     */
    private static void requireWayOut(EcsDnsStackProps props) {
        if (props.deployment().shiftsTraffic() && (props.existingVpcId() != null || props.natGateways() == 0)) {
            throw new IllegalArgumentException("-c deployment=" + props.deployment().contextValue() + " needs the "
                    + "stack's own VPC with its NAT gateway (no -c vpcId, -c natGateways=1): the deployment check "
                    + "calls the test listener from the NAT gateway's address, the only one it accepts");
        }
        if (props.discovery() == DiscoveryMode.SERVICE_CONNECT && props.existingVpcId() == null
                && props.natGateways() == 0) {
            throw new IllegalArgumentException("-c discovery=service-connect needs -c natGateways=1: the Service "
                    + "Connect proxy reaches its control plane through it");
        }
    }

    /**
     * No default: a tag that is not in the registry makes every task fail to start and the deployment roll back
     * minutes later, and {@code latest} is never pushed (the repositories' tags are immutable).
     */
    private static String imageTag(Function<String, Object> context) {
        String tag = string(context, "imageTag", null);
        if (tag == null) {
            throw new IllegalArgumentException("-c imageTag=<tag> is required: the tag of the web, api and database "
                    + "images to run, one that is in the registry (infra/deploy.sh pushes the git revision and passes "
                    + "it). There is no default: 'latest' is never pushed.");
        }
        return tag;
    }

    /**
     * By default a NAT gateway only where something needs one: the services reach AWS through endpoints, but
     * Service Connect's proxy and the blue/green deployment check go out through it.
     */
    private static int natGateways(Function<String, Object> context, String vpcId, DiscoveryMode discovery,
                                   DeploymentMode deployment) {
        boolean needed = discovery == DiscoveryMode.SERVICE_CONNECT || deployment.shiftsTraffic();
        int natGateways = integer(context, "natGateways", needed ? 1 : 0);
        if (natGateways != 0 && natGateways != 1) {
            throw new IllegalArgumentException("natGateways must be 0 or 1, not " + natGateways);
        }
        if (vpcId != null && string(context, "natGateways", null) != null) {
            throw new IllegalArgumentException("natGateways applies to the VPC the stack creates; with -c vpcId the "
                    + "VPC's own routes decide");
        }
        return natGateways;
    }

    /** A certificate only makes sense with the name it covers; the name needs the zone to put its record in. */
    private static EcsDnsStackProps.PublicName publicName(Function<String, Object> context) {
        String domainName = string(context, "domainName", null);
        String hostedZoneId = string(context, "hostedZoneId", null);
        String certificateArn = string(context, "certificateArn", null);
        if (domainName == null) {
            if (hostedZoneId != null || certificateArn != null) {
                throw new IllegalArgumentException("hostedZoneId and certificateArn need -c domainName=<the public "
                        + "name>: a certificate cannot cover the load balancer's own name");
            }
            return null;
        }
        if (hostedZoneId == null) {
            throw new IllegalArgumentException("-c domainName needs -c hostedZoneId=<the Route 53 public hosted zone "
                    + "of " + domainName + ">, where the stack puts the alias record (and the certificate's "
                    + "validation record)");
        }
        return new EcsDnsStackProps.PublicName(domainName, hostedZoneId, certificateArn);
    }

    /** A VPC lookup needs a concrete account and region: the CDK CLI sets these from the caller's credentials. */
    private static Environment lookupEnvironment(Map<String, String> env) {
        String account = env.get("CDK_DEFAULT_ACCOUNT");
        String region = env.get("CDK_DEFAULT_REGION");
        if (account == null || region == null) {
            throw new IllegalArgumentException("-c vpcId needs AWS credentials: run through the CDK CLI "
                    + "(it sets CDK_DEFAULT_ACCOUNT and CDK_DEFAULT_REGION) with a profile or AWS_REGION set");
        }
        return Environment.builder().account(account).region(region).build();
    }

    private static String string(Function<String, Object> context, String key, String fallback) {
        Object value = context.apply(key);
        return value == null || value.toString().isBlank() ? fallback : value.toString().trim();
    }

    private static int integer(Function<String, Object> context, String key, int fallback) {
        String value = string(context, key, null);
        try {
            return value == null ? fallback : Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("context " + key + " must be a whole number, not '" + value + "'", e);
        }
    }

    private static boolean onOff(Function<String, Object> context, String key, boolean fallback) {
        return either(context, key, "on", "off", fallback);
    }

    private static boolean bool(Function<String, Object> context, String key, boolean fallback) {
        return either(context, key, "true", "false", fallback);
    }

    /** True for {@code yes}, false for {@code no}, the fallback when unset; anything else is a mistake. */
    private static boolean either(Function<String, Object> context, String key, String yes, String no,
                                  boolean fallback) {
        String value = string(context, key, null);
        if (value == null) {
            return fallback;
        }
        if (!value.equals(yes) && !value.equals(no)) {
            throw new IllegalArgumentException("context " + key + " must be " + yes + " or " + no + ", not '"
                    + value + "'");
        }
        return value.equals(yes);
    }
}
