package dev.ecsdns.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * deploy.sh's ECR and stack checks, verify-aws.sh's Cloud Map, ECS and ELB queries and destroy.sh's clean-up, run for
 * real against moto's server: the scripts make their actual AWS CLI calls and each test reads the outcome back with
 * the CLI. Only the CDK CLI (npx, npm) is a recording stand-in: moto cannot deploy the stack. Each test works in a
 * region of its own, so that they share nothing.
 */
class AwsRehearsalTest {

    private static final String MANIFEST = "{\"schemaVersion\":2,\"mediaType\":"
            + "\"application/vnd.docker.distribution.manifest.v2+json\",\"config\":{\"mediaType\":"
            + "\"application/vnd.docker.container.image.v1+json\",\"size\":1,\"digest\":\"sha256:"
            + "1111111111111111111111111111111111111111111111111111111111111111\"},\"layers\":[]}";
    private static final List<String> SERVICES = List.of("web", "api", "database");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path work;
    private static MotoServer moto;
    private static Scripts scripts;

    @BeforeAll
    static void startMoto() {
        moto = MotoServer.start(work.resolve("moto.log"));
        scripts = Scripts.withStandIns(work, "npx", "npm", "docker");
    }

    @AfterAll
    static void stopMoto() {
        moto.close();
    }

    @BeforeEach
    void noCallsYet() {
        scripts.forgetCalls();
    }

    @Test
    void deployRefusesToSwitchTheDiscoveryModeOfALiveStackAndNamesTheWay() {
        String region = "eu-west-3";
        moto.stackWithOutputs(region, "EcsDnsDiscovery", Map.of("DiscoveryMode", "dns"));

        Scripts.Result result = deploy(region, "--no-build", "--tag", "t1", "--", "-c", "discovery=service-connect");

        assertThat(result.exitCode()).isNotZero();
        assertThat(result.output()).contains("The stack EcsDnsDiscovery runs discovery mode 'dns'; this deploy asks "
                + "for 'service-connect'").contains("destroy first").contains("infra/destroy.sh --region " + region);
        assertThat(moto.aws(region, "ecr", "describe-repositories", "--query", "repositories[].repositoryName",
                "--output", "text")).as("nothing changed").isEmpty();
        assertThat(scripts.calls()).isEmpty();
    }

    @Test
    void deployStopsWhileATagIsMissingThenMarksTheImagesAndDeploysAfterBootstrapping() throws IOException {
        String region = "eu-central-1";
        moto.stackWithOutputs(region, "EcsDnsDiscovery", Map.of("DiscoveryMode", "dns"));

        Scripts.Result withoutImages = deploy(region, "--no-build", "--tag", "t1");

        assertThat(withoutImages.exitCode()).isNotZero();
        assertThat(withoutImages.output()).contains("The image web:t1 is not in ECR").contains("nothing was deployed");
        assertThat(scripts.calls()).as("stopped before the CDK").noneMatch(call -> call.contains("cdk"));
        SERVICES.forEach(service -> pushImage(region, service, "t1"));

        Scripts.Result result = deploy(region, "--no-build", "--tag", "t1", "--", "-c", "natGateways=1");

        assertThat(result.exitCode()).as(result.output()).isZero();
        for (String service : SERVICES) {
            JsonNode repository = json(moto.aws(region, "ecr", "describe-repositories", "--repository-names", service))
                    .at("/repositories/0");
            assertThat(repository.at("/imageTagMutability").asText()).isEqualTo("IMMUTABLE");
            assertThat(repository.at("/imageScanningConfiguration/scanOnPush").asBoolean()).isTrue();
            JsonNode tags = json(moto.aws(region, "ecr", "describe-images", "--repository-name", service))
                    .at("/imageDetails/0/imageTags");
            assertThat(tags).as("one image carrying both tags").extracting(JsonNode::asText)
                    .containsExactlyInAnyOrder("t1", "deployed-t1");
        }
        JsonNode rules = json(json(moto.aws(region, "ecr", "get-lifecycle-policy", "--repository-name", "api"))
                .at("/lifecyclePolicyText").asText()).at("/rules");
        // ECR never expires an image that matches a rule's tag selection by a rule of lower priority.
        assertThat(rules).hasSize(2);
        assertThat(rules.at("/0/rulePriority").asInt()).isLessThan(rules.at("/1/rulePriority").asInt());
        assertThat(rules.at("/0/selection/tagStatus").asText()).isEqualTo("tagged");
        assertThat(rules.at("/0/selection/tagPrefixList/0").asText()).isEqualTo("deployed-");
        assertThat(rules.at("/0/selection/countNumber").asInt()).isGreaterThanOrEqualTo(10_000);
        assertThat(rules.at("/1/selection/tagStatus").asText()).isEqualTo("any");
        assertThat(scripts.calls()).containsSubsequence(
                "npx --no-install cdk bootstrap aws://" + MotoServer.ACCOUNT + "/" + region,
                "npx --no-install cdk deploy EcsDnsDiscovery --require-approval never -c imageTag=t1 -c discovery=dns"
                        + " -c natGateways=1");
    }

    @Test
    void verifyPassesWhatTheDeploymentHasFailsWhatItLacksAndSmokeTestsTheStacksUrl() {
        String region = "ap-southeast-2";
        // What a deployment leaves behind, made with boto3 in one process: namespace, services and instances
        // (database has none), an ECS service at its desired count and one below it, a target group with healthy
        // targets and one without any, and the stack's outputs naming them.
        String[] made = moto.python(region, """
                import boto3
                ec2, sd, ecs, elb = (boto3.client(name) for name in ("ec2", "servicediscovery", "ecs", "elbv2"))
                vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
                operation = sd.create_private_dns_namespace(Name="internal.local", Vpc=vpc)["OperationId"]
                namespace = sd.get_operation(OperationId=operation)["Operation"]["Targets"]["NAMESPACE"]
                for name, ip in (("web", "10.0.1.13"), ("api", "10.0.1.23"), ("database", None)):
                    service = sd.create_service(Name=name, NamespaceId=namespace, DnsConfig={"RoutingPolicy":
                        "MULTIVALUE", "DnsRecords": [{"Type": "A", "TTL": 10}]})["Service"]["Id"]
                    if ip:
                        sd.register_instance(ServiceId=service, InstanceId=name + "-task",
                                             Attributes={"AWS_INSTANCE_IPV4": ip})
                ecs.create_cluster(clusterName="items")
                ecs.register_task_definition(family="web", containerDefinitions=[{"name": "web", "image": "web:t1",
                                                                                  "memory": 512}])
                ecs.create_service(cluster="items", serviceName="EcsDnsDiscovery-WebService", taskDefinition="web",
                                   desiredCount=0)
                ecs.create_service(cluster="items", serviceName="EcsDnsDiscovery-ApiService", taskDefinition="web",
                                   desiredCount=2)
                groups = []
                for name, ips in (("web", ["10.0.1.13", "10.0.1.14"]), ("api", [])):
                    arn = elb.create_target_group(Name=name, Protocol="HTTP", Port=8080, VpcId=vpc,
                                                  TargetType="ip")["TargetGroups"][0]["TargetGroupArn"]
                    if ips:
                        elb.register_targets(TargetGroupArn=arn, Targets=[{"Id": ip} for ip in ips])
                    groups.append(arn)
                print(namespace, *groups)
                """).split(" ");
        String namespace = made[0];
        moto.stackWithOutputs(region, "EcsDnsDiscovery", Map.of("LoadBalancerUrl", "https://items.example.test",
                "ClusterName", "items", "NamespaceId", namespace, "WebTargetGroupArn", made[1],
                "ApiTargetGroupArn", made[2], "DiscoveryMode", "dns"));

        Scripts.Result result = scripts.run(List.of("bash", "../scripts/verify-aws.sh"),
                with(moto.env(region), "SMOKE_TIMEOUT", "2"));

        assertThat(result.exitCode()).isNotZero();
        assertThat(result.output())
                .contains("PASS stack EcsDnsDiscovery has its outputs (https://items.example.test)")
                .contains("PASS namespace " + namespace + " is internal.local")
                .contains("PASS Cloud Map service database exists")
                .contains("PASS web.internal.local has healthy instances (1: 10.0.1.13)")
                .contains("FAIL database.internal.local has healthy instances (0: )")
                .contains("PASS ECS service EcsDnsDiscovery-WebService runs its desired count (0 of 0)")
                .contains("FAIL ECS service EcsDnsDiscovery-ApiService runs its desired count (0 of 2)")
                .contains("PASS web targets are all healthy (2 of 2)")
                .contains("FAIL api targets are all healthy (0 of 0)")
                .contains("+ scripts/smoke-test.sh --expect-api-instances 2 https://items.example.test")
                .contains("FAIL smoke test");
    }

    @Test
    void destroyDeletesTheStackThenTheProtectedTableAndTheRepositoriesWhenAsked() {
        String region = "us-west-2";
        moto.aws(region, "dynamodb", "create-table", "--table-name", "items-abc", "--attribute-definitions",
                "AttributeName=id,AttributeType=S", "--key-schema", "AttributeName=id,KeyType=HASH", "--billing-mode",
                "PAY_PER_REQUEST", "--deletion-protection-enabled");
        SERVICES.forEach(service -> moto.aws(region, "ecr", "create-repository", "--repository-name", service));
        moto.stackWithOutputs(region, "EcsDnsDiscovery", Map.of("TableName", "items-abc"));

        Scripts.Result result = scripts.run(List.of("bash", "destroy.sh", "--delete-table", "--delete-repositories"),
                moto.env(region));

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(scripts.calls()).contains("npx --no-install cdk destroy EcsDnsDiscovery --force -c imageTag=unused-by-destroy");
        assertThat(moto.aws(region, "dynamodb", "list-tables", "--query", "TableNames", "--output", "text")).isEmpty();
        assertThat(moto.aws(region, "ecr", "describe-repositories", "--query", "repositories[].repositoryName",
                "--output", "text")).isEmpty();
    }

    private Scripts.Result deploy(String region, String... args) {
        List<String> command = new ArrayList<>(List.of("bash", "deploy.sh"));
        command.addAll(List.of(args));
        return scripts.run(command, moto.env(region));
    }

    private static void pushImage(String region, String repository, String tag) {
        moto.aws(region, "ecr", "put-image", "--repository-name", repository, "--image-tag", tag, "--image-manifest",
                MANIFEST);
    }

    private static Map<String, String> with(Map<String, String> env, String name, String value) {
        Map<String, String> more = new HashMap<>(env);
        more.put(name, value);
        return more;
    }

    private static JsonNode json(String text) throws IOException {
        return JSON.readTree(text);
    }
}
