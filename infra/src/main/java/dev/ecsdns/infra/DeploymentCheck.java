package dev.ecsdns.infra;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.CfnElement;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.Port;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ecs.DeploymentLifecycleLambdaTarget;
import software.amazon.awscdk.services.ecs.DeploymentLifecycleLambdaTargetProps;
import software.amazon.awscdk.services.ecs.DeploymentLifecycleStage;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.s3.assets.AssetOptions;
import software.constructs.Construct;

/**
 * The smoke checks a traffic-shifting deployment must pass before production traffic moves: a small Lambda
 * (lambda/deployment_check) that ECS invokes once test traffic reaches the green tasks. It calls the public test
 * listener from the VPC's private subnets, so it arrives from the NAT gateway's address, the only one the test
 * listener accepts.
 */
final class DeploymentCheck extends Construct {

    /** Where the function's code lives, relative to infra/ (where the CDK CLI and the tests run). */
    static final String CODE_PATH = "lambda/deployment_check";

    /** @param service web or api: which checks to run */
    record Props(IVpc vpc, SubnetSelection subnets, String service, String testUrl) {
    }

    private final Function function;
    private final Role invoker;

    DeploymentCheck(Construct scope, String id, Props props) {
        super(scope, id);
        SecurityGroup securityGroup = SecurityGroup.Builder.create(this, "SecurityGroup")
                .vpc(props.vpc())
                .description("deployment check of " + props.service() + ": out to the test listener only")
                .allowAllOutbound(false)
                .build();
        securityGroup.getConnections().allowToAnyIpv4(Port.tcp(PublicLoadBalancer.TEST_LISTENER_PORT),
                "the load balancer's public test listener");
        this.function = Function.Builder.create(this, "Function")
                .description("Smoke checks of green " + props.service() + " tasks behind the test listener")
                .runtime(Runtime.PYTHON_3_14)
                .handler("check.handler")
                // The function's code only: not its tests or Python's caches.
                .code(Code.fromAsset(CODE_PATH, AssetOptions.builder()
                        .exclude(List.of("test_*.py", "__pycache__")).build()))
                .timeout(Duration.seconds(60))
                .environment(Map.of("SERVICE", props.service(), "TEST_URL", props.testUrl()))
                .vpc(props.vpc())
                .vpcSubnets(props.subnets())
                .securityGroups(List.of(securityGroup))
                .logGroup(LogGroup.Builder.create(this, "Logs")
                        .retention(MicroService.LOG_RETENTION)
                        .removalPolicy(RemovalPolicy.DESTROY)
                        .build())
                .build();
        NagSuppressions.addResourceSuppressions(function, List.of(
                NagPackSuppression.builder().id("AwsSolutions-IAM4")
                        .appliesTo(List.of(
                                "Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole",
                                "Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/"
                                        + "AWSLambdaVPCAccessExecutionRole"))
                        .reason("AWS's policies for a function in a VPC that writes its own logs: network interfaces "
                                + "and log streams, nothing else. The function calls no AWS API.")
                        .build()), true);
        // Created here rather than by the hook, so that its policy exists (and is explained) before synthesis.
        this.invoker = Role.Builder.create(this, "InvokerRole")
                .assumedBy(new ServicePrincipal("ecs.amazonaws.com"))
                .description("ECS invokes the deployment check of " + props.service())
                .build();
        function.grantInvoke(invoker);
        NagSuppressions.addResourceSuppressions(invoker, List.of(NagPackSuppression.builder()
                .id("AwsSolutions-IAM5")
                .appliesTo(List.of("Resource::<" + Stack.of(this).resolve(
                        ((CfnElement) function.getNode().getDefaultChild()).getLogicalId()) + ".Arn>:*"))
                .reason("lambda:InvokeFunction on the deployment check and its versions (the ':*'), nothing else: "
                        + "what ECS needs to run the hook.")
                .build()), true);
    }

    /** The hook ECS runs, with the role it invokes the function with, once test traffic reaches green. */
    DeploymentLifecycleLambdaTarget hook() {
        return new DeploymentLifecycleLambdaTarget(function, "PostTestTrafficShift",
                DeploymentLifecycleLambdaTargetProps.builder()
                        .lifecycleStages(List.of(DeploymentLifecycleStage.POST_TEST_TRAFFIC_SHIFT))
                        .role(invoker)
                        .build());
    }
}
