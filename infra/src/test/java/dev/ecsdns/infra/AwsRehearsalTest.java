package dev.ecsdns.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
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
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * deploy.sh's ECR and stack checks, verify-aws.sh's Cloud Map, ECS and ELB queries and destroy.sh's clean-up, run for
 * real against moto's server: the scripts make their actual AWS CLI calls and each test reads the outcome back with
 * the CLI. Only the CDK CLI (npx, npm) is a recording stand-in: moto cannot deploy the stack. Each test works in a
 * region of its own and records its stand-ins' calls in a folder of its own, so that the tests share nothing but
 * moto's (threaded) server and run at the same time: each is a chain of AWS CLI processes that keeps one core busy.
 * (The class still runs alone: Surefire's per-class report mixes up classes that run at the same time.)
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
    @TempDir
    Path tools;
    private Scripts scripts;

    @BeforeAll
    static void startMoto() {
        moto = MotoServer.start(work.resolve("moto.log"));
    }

    @AfterAll
    static void stopMoto() {
        moto.close();
    }

    /** Each test's own stand-ins: no calls recorded yet, and none that another test makes meanwhile. */
    @BeforeEach
    void standIns() {
        scripts = Scripts.withStandIns(tools, "npx", "npm", "docker");
    }

    @Test
    @Execution(ExecutionMode.CONCURRENT)
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
    @Execution(ExecutionMode.CONCURRENT)
    void deployStopsWhileATagIsMissingThenMarksTheImagesAndDeploysAfterBootstrapping() throws IOException {
        String region = "eu-central-1";
        moto.stackWithOutputs(region, "EcsDnsDiscovery", Map.of("DiscoveryMode", "dns"));

        Scripts.Result withoutImages = deploy(region, "--no-build", "--tag", "t1");

        assertThat(withoutImages.exitCode()).isNotZero();
        assertThat(withoutImages.output()).contains("The image web:t1 is not in ECR").contains("nothing was deployed");
        assertThat(scripts.calls()).as("stopped before the CDK").noneMatch(call -> call.contains("cdk"));
        pushImages(region, "t1");

        Scripts.Result result = deploy(region, "--no-build", "--tag", "t1", "--", "-c", "natGateways=1");

        assertThat(result.exitCode()).as(result.output()).isZero();
        JsonNode repositories = repositories(region);
        for (String service : SERVICES) {
            JsonNode repository = repositories.at("/" + region + "~1" + service);
            assertThat(repository.at("/imageTagMutability").asText()).isEqualTo("IMMUTABLE");
            assertThat(repository.at("/scanOnPush").asBoolean()).isTrue();
            assertThat(repository.at("/images/0")).as("one image carrying both tags").extracting(JsonNode::asText)
                    .containsExactlyInAnyOrder("t1", "deployed-t1");
        }
        JsonNode rules = json(repositories.at("/" + region + "~1api/lifecycle").asText()).at("/rules");
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
    @Execution(ExecutionMode.CONCURRENT)
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
    @Execution(ExecutionMode.CONCURRENT)
    void destroyDeletesTheStackThenTheProtectedTableAndTheRepositoriesWhenAsked() throws IOException {
        String region = "us-west-2";
        tableAndRepositories("items-abc", region);
        moto.stackWithOutputs(region, "EcsDnsDiscovery", Map.of("TableName", "items-abc"));

        Scripts.Result result = scripts.run(List.of("bash", "destroy.sh", "--delete-table", "--delete-repositories"),
                moto.env(region));

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(scripts.calls()).contains("npx --no-install cdk destroy EcsDnsDiscovery --force -c imageTag=unused-by-destroy");
        JsonNode left = left(region);
        assertThat(left.at("/" + region + "/tables")).isEmpty();
        assertThat(left.at("/" + region + "/repositories")).isEmpty();
    }

    @Test
    @Execution(ExecutionMode.CONCURRENT)
    void deployInTwoRegionsSetsUpBothRegistriesMarksTheSameImageInEachAndDeploysBothStacks() throws IOException {
        String primary = "eu-west-2";
        String dr = "eu-north-1";
        images(Map.of(primary, MANIFEST, dr, MANIFEST), "t2");

        Scripts.Result result = deploy(primary, "--no-build", "--tag", "t2", "--dr-region", dr, "--", "-c",
                "domainName=items.example.test", "-c", "hostedZoneId=Z0TEST");

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(repositories(primary, dr)).hasSize(6).allSatisfy(repository -> {
            assertThat(repository.at("/scanOnPush").asBoolean()).isTrue();
            assertThat(repository.at("/lifecycle").asText()).contains("deployed-");
            assertThat(repository.at("/images")).as("one image carrying both tags").hasSize(1);
            assertThat(repository.at("/images/0")).extracting(JsonNode::asText).containsExactly("deployed-t2", "t2");
        });
        assertThat(result.output()).contains("web:t2 is sha256:").contains("in both regions");
        assertThat(scripts.calls()).containsSubsequence(
                "npx --no-install cdk bootstrap aws://" + MotoServer.ACCOUNT + "/" + primary + " aws://"
                        + MotoServer.ACCOUNT + "/" + dr,
                "npx --no-install cdk deploy EcsDnsDiscovery EcsDnsDiscoveryDr --require-approval never -c imageTag=t2"
                        + " -c discovery=dns -c primaryRegion=" + primary + " -c drRegion=" + dr
                        + " -c routing=failover -c domainName=items.example.test -c hostedZoneId=Z0TEST");
        assertThat(result.output()).contains("scripts/verify-aws.sh --region " + primary + " --dr-region " + dr);
    }

    @Test
    @Execution(ExecutionMode.CONCURRENT)
    void deployInTwoRegionsStopsWhenTheTagIsAnotherImageInTheDrRegion() {
        String primary = "ca-central-1";
        String dr = "sa-east-1";
        images(Map.of(primary, MANIFEST, dr, MANIFEST.replace("\"layers\":[]", "\"layers\":[{\"mediaType\":"
                + "\"application/vnd.docker.image.rootfs.diff.tar.gzip\",\"size\":1,\"digest\":\"sha256:"
                + "2222222222222222222222222222222222222222222222222222222222222222\"}]")), "t3");

        Scripts.Result result = deploy(primary, "--no-build", "--tag", "t3", "--dr-region", dr, "--", "-c",
                "domainName=items.example.test", "-c", "hostedZoneId=Z0TEST");

        assertThat(result.exitCode()).isNotZero();
        assertThat(result.output()).contains("web:t3 is not the same image in " + primary + " (sha256:")
                .contains("nothing was deployed");
        assertThat(scripts.calls()).as("stopped before the CDK").noneMatch(call -> call.contains("cdk"));
        assertThat(result.commands()).noneMatch(command -> command.contains("ecr put-image "));
    }

    @Test
    @Execution(ExecutionMode.CONCURRENT)
    void deployRefusesToTurnAOneRegionStackIntoThePrimaryOfTwo() {
        String region = "ap-south-1";
        moto.stackWithOutputs(region, "EcsDnsDiscovery", Map.of("DiscoveryMode", "dns", "TableName", "items-1"));

        Scripts.Result result = deploy(region, "--no-build", "--tag", "t1", "--dr-region", "ap-northeast-1", "--",
                "-c", "domainName=items.example.test", "-c", "hostedZoneId=Z0TEST");

        assertThat(result.exitCode()).isNotZero();
        assertThat(result.output()).contains("The stack EcsDnsDiscovery in " + region + " is a one-region deployment")
                .contains("export the table to S3");
        assertThat(scripts.calls()).isEmpty();
    }

    @Test
    @Execution(ExecutionMode.CONCURRENT)
    void verifyInTwoRegionsChecksEachRegionsHealthCheckLoadBalancerAndReplicaThenThePublicName() throws IOException {
        String primary = "eu-west-1";
        String dr = "eu-south-1";
        // What the primary's stack made: its health check and its replica of the table; the DR region has neither.
        String healthCheck = moto.python(primary, """
                import boto3
                boto3.client("dynamodb").create_table(TableName="%s", BillingMode="PAY_PER_REQUEST",
                    AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
                    KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}])
                print(boto3.client("route53").create_health_check(CallerReference="primary", HealthCheckConfig={
                    "Type": "HTTPS", "FullyQualifiedDomainName": "alb.example.test", "Port": 443, "ResourcePath": "/",
                    "RequestInterval": 10, "FailureThreshold": 3})["HealthCheck"]["Id"])
                """.formatted(TwoRegions.TABLE_NAME));
        try (Page up = Page.answering(200); Page down = Page.answering(503)) {
            moto.stackWithOutputs(primary, "EcsDnsDiscovery", Map.of("LoadBalancerUrl", "https://items.example.test",
                    "Region", primary, "RegionalLoadBalancerUrl", up.url(), "HealthCheckId", healthCheck,
                    "TableName", TwoRegions.TABLE_NAME, "ClusterName", "items", "NamespaceId", "ns-primary"));
            moto.stackWithOutputs(dr, "EcsDnsDiscoveryDr", Map.of("LoadBalancerUrl", "https://items.example.test",
                    "Region", dr, "RegionalLoadBalancerUrl", down.url(), "HealthCheckId", "no-such-check",
                    "TableName", TwoRegions.TABLE_NAME, "ClusterName", "items", "NamespaceId", "ns-dr"));

            Scripts.Result result = scripts.run(List.of("bash", "../scripts/verify-aws.sh", "--dr-region", dr),
                    with(moto.env(primary), "SMOKE_TIMEOUT", "2"));

            assertThat(result.exitCode()).isNotZero();
            assertThat(result.output())
                    .contains("PASS " + primary + ": stack EcsDnsDiscovery has its outputs")
                    .contains("PASS " + dr + ": stack EcsDnsDiscoveryDr has its outputs")
                    .contains("FAIL " + dr + ": namespace ns-dr is internal.local")
                    .contains("PASS " + primary + ": Route 53 health check " + healthCheck + " passes (1 of 1 "
                            + "checkers report success)")
                    .contains("FAIL " + dr + ": Route 53 health check no-such-check passes (0 of 0")
                    .contains("PASS " + primary + ": replica of table " + TwoRegions.TABLE_NAME + " is active here "
                            + "(ACTIVE)")
                    .contains("FAIL " + dr + ": replica of table " + TwoRegions.TABLE_NAME + " is active here\n")
                    .contains("PASS " + primary + ": load balancer " + up.url() + " serves / (200)")
                    .contains("FAIL " + dr + ": load balancer " + down.url() + " serves / (503)")
                    .contains("+ scripts/smoke-test.sh --expect-api-instances 2 https://items.example.test")
                    .contains("FAIL smoke test");
        }
    }

    @Test
    @Execution(ExecutionMode.CONCURRENT)
    void destroyInTwoRegionsDeletesTheDrStackFirstThenThePrimaryTheReplicaTheTableAndBothRegistries()
            throws IOException {
        String primary = "us-east-2";
        String dr = "us-west-1";
        // moto has no replicas: a protected table of the same name in the DR region stands for the replica.
        tableAndRepositories(TwoRegions.TABLE_NAME, primary, dr);
        moto.stackWithOutputs(primary, "EcsDnsDiscovery", Map.of("TableName", TwoRegions.TABLE_NAME));
        moto.stackWithOutputs(dr, "EcsDnsDiscoveryDr", Map.of("TableName", TwoRegions.TABLE_NAME));

        Scripts.Result result = scripts.run(List.of("bash", "destroy.sh", "--dr-region", dr, "--delete-table",
                "--delete-repositories"), moto.env(primary));

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.commands()).containsSubsequence(
                "aws --region " + dr + " cloudformation delete-stack --stack-name EcsDnsDiscoveryDr",
                "aws --region " + primary + " cloudformation delete-stack --stack-name EcsDnsDiscovery",
                "aws --region " + dr + " dynamodb update-table --table-name " + TwoRegions.TABLE_NAME
                        + " --no-deletion-protection-enabled --query TableDescription.TableName --output text",
                "aws --region " + primary + " dynamodb update-table --table-name " + TwoRegions.TABLE_NAME
                        + " --replica-updates '[{\"Delete\":{\"RegionName\":\"" + dr + "\"}}]' --query "
                        + "TableDescription.TableName --output text",
                "aws --region " + primary + " dynamodb delete-table --table-name " + TwoRegions.TABLE_NAME
                        + " --query TableDescription.TableName --output text");
        assertThat(scripts.calls()).as("no synthesis of the two-region app").isEmpty();
        JsonNode left = left(primary, dr);
        for (String region : List.of(primary, dr)) {
            assertThat(left.at("/" + region + "/stacks")).as("stacks left in %s", region).isEmpty();
            assertThat(left.at("/" + region + "/repositories")).as("repositories left in %s", region).isEmpty();
        }
        assertThat(left.at("/" + primary + "/tables")).isEmpty();
    }

    /** The images web, api and database tagged {@code tag}, each region's from its manifest, in new repositories. */
    private static void images(Map<String, String> manifestByRegion, String tag) {
        StringBuilder script = new StringBuilder("import boto3\n");
        manifestByRegion.forEach((region, manifest) -> script.append("""
                ecr = boto3.client("ecr", region_name="%s")
                for name in ("web", "api", "database"):
                    ecr.create_repository(repositoryName=name)
                    ecr.put_image(repositoryName=name, imageTag="%s", imageManifest=%s)
                """.formatted(region, tag, JSON.valueToTree(manifest).toString())));
        moto.python(manifestByRegion.keySet().iterator().next(), script.toString());
    }

    private Scripts.Result deploy(String region, String... args) {
        List<String> command = new ArrayList<>(List.of("bash", "deploy.sh"));
        command.addAll(List.of(args));
        return scripts.run(command, moto.env(region));
    }

    /** The images web, api and database tagged {@code tag}, pushed to the repositories that deploy.sh created. */
    private static void pushImages(String region, String tag) {
        moto.python(region, """
                import boto3
                for name in ("web", "api", "database"):
                    boto3.client("ecr").put_image(repositoryName=name, imageTag="%s", imageManifest=%s)
                """.formatted(tag, JSON.valueToTree(MANIFEST).toString()));
    }

    /** A protected table and the repositories web, api and database in each region, as a deployment leaves them. */
    private static void tableAndRepositories(String table, String... regions) {
        moto.python(regions[0], """
                import boto3
                for region in %s:
                    boto3.client("dynamodb", region_name=region).create_table(TableName="%s",
                        BillingMode="PAY_PER_REQUEST", DeletionProtectionEnabled=True,
                        AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
                        KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}])
                    for name in ("web", "api", "database"):
                        boto3.client("ecr", region_name=region).create_repository(repositoryName=name)
                """.formatted(pythonList(regions), table));
    }

    /**
     * Each region's repositories web, api and database as ECR describes them, read in one process: "region/name" to
     * its tag mutability, scan on push, lifecycle policy text and each image's tags (sorted).
     */
    private static JsonNode repositories(String... regions) throws IOException {
        return json(moto.python(regions[0], """
                import boto3, json
                found = {}
                for region in %s:
                    ecr = boto3.client("ecr", region_name=region)
                    for name in ("web", "api", "database"):
                        repository = ecr.describe_repositories(repositoryNames=[name])["repositories"][0]
                        found[region + "/" + name] = {
                            "imageTagMutability": repository["imageTagMutability"],
                            "scanOnPush": repository["imageScanningConfiguration"]["scanOnPush"],
                            "lifecycle": ecr.get_lifecycle_policy(repositoryName=name)["lifecyclePolicyText"],
                            "images": [sorted(i["imageTags"])
                                       for i in ecr.describe_images(repositoryName=name)["imageDetails"]]}
                print(json.dumps(found))
                """.formatted(pythonList(regions))));
    }

    /** What is left in each region, read in one process: its complete stacks, its repositories and its tables. */
    private static JsonNode left(String... regions) throws IOException {
        return json(moto.python(regions[0], """
                import boto3, json
                left = {}
                for region in %s:
                    stacks = boto3.client("cloudformation", region_name=region).list_stacks(
                        StackStatusFilter=["CREATE_COMPLETE"])["StackSummaries"]
                    left[region] = {"stacks": [s["StackName"] for s in stacks],
                                    "repositories": [r["repositoryName"] for r in boto3.client("ecr",
                                                     region_name=region).describe_repositories()["repositories"]],
                                    "tables": boto3.client("dynamodb", region_name=region).list_tables()["TableNames"]}
                print(json.dumps(left))
                """.formatted(pythonList(regions))));
    }

    /** {@code values} as a Python list literal (a JSON array of strings is one). */
    private static String pythonList(String... values) {
        return JSON.valueToTree(List.of(values)).toString();
    }

    private static Map<String, String> with(Map<String, String> env, String name, String value) {
        Map<String, String> more = new HashMap<>(env);
        more.put(name, value);
        return more;
    }

    private static JsonNode json(String text) throws IOException {
        return JSON.readTree(text);
    }

    /** A load balancer's page on loopback that answers every request with one status. */
    private record Page(HttpServer server) implements AutoCloseable {

        static Page answering(int status) throws IOException {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/", exchange -> {
                exchange.sendResponseHeaders(status, -1);
                exchange.close();
            });
            server.start();
            return new Page(server);
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort();
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}
