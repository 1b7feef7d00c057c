package dev.ecsdns.infra;

import io.github.cdklabs.cdknag.AwsSolutionsChecks;
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
 *   <tr><td>certificateArn</td><td>none: HTTP only</td><td>ACM certificate: HTTPS on 443, 301 from 80</td></tr>
 *   <tr><td>imageTag</td><td>latest</td><td>tag of all three images</td></tr>
 *   <tr><td>imageRegistry</td><td>none: the account's ECR</td><td>pull registry/web:tag etc. instead</td></tr>
 *   <tr><td>retainTable</td><td>true</td><td>false: delete the table with the stack</td></tr>
 *   <tr><td>tracing</td><td>off</td><td>on: an OpenTelemetry collector per task sends traces to X-Ray</td></tr>
 * </table>
 */
public final class InfraApp {

    /** The stack name: what {@code cdk deploy}, the scripts and CloudFormation call it. */
    static final String STACK_NAME = "EcsDnsDiscovery";

    private InfraApp() {
    }

    public static void main(String[] args) {
        App app = new App();
        define(app, System.getenv());
        app.synth();
    }

    /** Adds the stack, configured from the app's context and {@code env}, and the checks every synth runs. */
    static EcsDnsStack define(App app, Map<String, String> env) {
        EcsDnsStack stack = new EcsDnsStack(app, STACK_NAME, props(app.getNode()::tryGetContext, env));
        Tags.of(app).add("project", "ecs-dns-discovery");
        // cdk-nag's AWS Solutions rules: a finding without a documented suppression fails the synth.
        Aspects.of(app).add(new AwsSolutionsChecks());
        return stack;
    }

    static EcsDnsStackProps props(Function<String, Object> context, Map<String, String> env) {
        String vpcId = string(context, "vpcId", null);
        return new EcsDnsStackProps(
                vpcId == null ? null : lookupEnvironment(env),
                vpcId,
                DiscoveryMode.fromContext(string(context, "discovery", DiscoveryMode.DNS.contextValue())),
                integer(context, "dnsTtl", Timings.DEFAULT_DNS_TTL_SECONDS),
                integer(context, "cpu", 256),
                integer(context, "memory", 512),
                string(context, "certificateArn", null),
                new ServiceImages(string(context, "imageRegistry", null), string(context, "imageTag", "latest")),
                bool(context, "retainTable", true),
                onOff(context, "tracing", false));
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
