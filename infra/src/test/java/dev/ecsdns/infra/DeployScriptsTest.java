package dev.ecsdns.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The deploy, destroy and verify scripts' dry runs print the commands a user would run, without AWS: the AWS CLI,
 * npx, npm and docker on the PATH are stand-ins that record any call, and none may happen. (What the commands do
 * against AWS's APIs is {@link AwsRehearsalTest}'s part.)
 */
class DeployScriptsTest {

    private static final String TAG = "3f2a1bc";
    private static final Map<String, String> EU_WEST_1 = Map.of("AWS_REGION", "eu-west-1");

    @TempDir
    static Path tools;
    private static Scripts scripts;
    private static Scripts.Result deploy;

    @BeforeAll
    static void dryRunOfADeploy() {
        scripts = Scripts.withStandIns(tools, "aws", "npx", "npm", "docker");
        deploy = scripts.run(List.of("bash", "deploy.sh", "--dry-run", "--tag", TAG,
                "--", "-c", "certificateArn=arn:aws:acm:eu-west-1:123456789012:certificate/abc"), EU_WEST_1);
    }

    @Test
    void deployDryRunCallsNothing() {
        assertThat(deploy.exitCode()).as(deploy.output()).isZero();
        assertThat(scripts.calls()).isEmpty();
    }

    @Test
    void deployBuildsOnceAndTrainsTheAotCachesThenPushesEachImageWithJibTaggedWithTheRevision() {
        assertThat(deploy.commands()).contains("scripts/build-images.sh --train-only");
        for (String service : List.of("web", "api", "database")) {
            assertThat(deploy.commands()).anySatisfy(command -> assertThat(command)
                    .contains("./mvnw -B -o -DskipTests -pl " + service + " -am package jib:build")
                    .contains("-Djib.aot")
                    .contains("-Djib.to.image=<account-id>.dkr.ecr.eu-west-1.amazonaws.com/" + service + ":" + TAG)
                    .contains("-Djib.to.tags=" + TAG));
        }
    }

    @Test
    void deployHandsTheRegistryPasswordToJibThroughTheEnvironmentNeverTheCommandLine() throws IOException {
        assertThat(deploy.commands()).filteredOn(command -> command.contains("jib:build")).hasSize(3)
                .allSatisfy(command -> assertThat(command)
                        .startsWith("JIB_TO_AUTH_USERNAME=AWS JIB_TO_AUTH_PASSWORD=<that password> ./mvnw")
                        .doesNotContain("-Djib.to.auth"));
        String parentPom = Files.readString(Path.of("../pom.xml"));
        assertThat(parentPom).contains("<name>env.JIB_TO_AUTH_PASSWORD</name>")
                .contains("<password>${env.JIB_TO_AUTH_PASSWORD}</password>");
    }

    @Test
    void deployWithoutAotBuildsWithMavenAloneAndPushesImagesWithoutACache() {
        Scripts.Result plain = scripts.run(List.of("bash", "deploy.sh", "--dry-run", "--no-aot", "--tag", TAG),
                EU_WEST_1);

        assertThat(plain.exitCode()).isZero();
        assertThat(plain.commands()).contains("./mvnw -B -q -DskipTests -pl web,api,database -am package");
        assertThat(plain.commands()).noneMatch(command -> command.contains("build-images.sh"));
        assertThat(plain.commands()).filteredOn(command -> command.contains("jib:build")).hasSize(3)
                .noneMatch(command -> command.contains("jib.aot"));
        assertThat(scripts.calls()).isEmpty();
    }

    @Test
    void deployAlwaysBootstrapsThenRunsThePinnedCdkCliWithTheTagTheDiscoveryModeAndTheExtraContext() {
        assertThat(deploy.commands()).containsSubsequence(
                "(cd infra && npx --no-install cdk bootstrap 'aws://<account-id>/eu-west-1')",
                "(cd infra && npx --no-install cdk deploy EcsDnsDiscovery --require-approval never -c imageTag=" + TAG
                        + " -c discovery=dns -c certificateArn=arn:aws:acm:eu-west-1:123456789012:certificate/abc)");
    }

    @Test
    void deployChecksTheDeployedDiscoveryModeAndTheImagesBeforeTheCdk() {
        List<String> commands = deploy.commands();
        int outputs = indexOf(commands, "cloudformation describe-stacks --stack-name EcsDnsDiscovery");
        int lastImageCheck = lastIndexOf(commands, "ecr batch-get-image");
        int cdkDeploy = indexOf(commands, "cdk deploy");
        assertThat(outputs).isNotNegative().isLessThan(lastImageCheck);
        assertThat(lastImageCheck).isLessThan(cdkDeploy);
    }

    @Test
    void deployEndsWithTheVerifyAndSmokeTestCommands() {
        assertThat(deploy.output())
                .contains("scripts/smoke-test.sh <LoadBalancerUrl>")
                .contains("scripts/verify-aws.sh --region eu-west-1");
    }

    @Test
    void deployTagsImagesWithTheGitRevisionByDefault() throws IOException, InterruptedException {
        Process git = new ProcessBuilder("git", "rev-parse", "--short=12", "HEAD").start();
        String revision = new String(git.getInputStream().readAllBytes()).trim();
        assertThat(git.waitFor()).isZero();

        Scripts.Result result = scripts.run(List.of("bash", "deploy.sh", "--dry-run"), EU_WEST_1);

        assertThat(result.commands()).anySatisfy(command -> assertThat(command).contains("/web:" + revision));
    }

    @ParameterizedTest
    @ValueSource(strings = {"--region Europe|not an AWS region: 'Europe'",
        "--discovery mesh|not a discovery mode: 'mesh'",
        "--account 123456789012|unknown argument: --account",
        "--tag|--tag needs a value",
        "--no-build|--no-build deploys images already in ECR: name their tag with --tag",
        "--dr-region us-west-2|--dr-region needs the public name that fails over between the regions",
        "--dr-region eu-west-1 -- -c domainName=a.example.test -c hostedZoneId=Z1|--dr-region must differ from the "
            + "primary region (eu-west-1)",
        "--dr-region US -- -c domainName=a.example.test -c hostedZoneId=Z1|not an AWS region: 'US' (--dr-region)",
        "--routing latency|--routing chooses between the two regions of --dr-region",
        "--dr-region us-west-2 --routing nearest -- -c domainName=a.example.test -c hostedZoneId=Z1|not a routing: "
            + "'nearest'",
        "-- -c drRegion=us-west-2|name the regions with --region (the primary) and --dr-region"})
    void deployRefusesBadArgumentsWithAClearMessage(String argumentsAndMessage) {
        String[] parts = argumentsAndMessage.split("\\|");
        List<String> command = Stream.concat(Stream.of("bash", "deploy.sh", "--dry-run"),
                Stream.of(parts[0].split(" "))).toList();

        Scripts.Result result = scripts.run(command, EU_WEST_1);

        assertThat(result.exitCode()).isNotZero();
        assertThat(result.output()).contains(parts[1]);
    }

    @Test
    void deployInTwoRegionsPushesEveryImageToBothRegistriesBootstrapsBothAndDeploysBothStacks() {
        Scripts.Result result = scripts.run(List.of("bash", "deploy.sh", "--dry-run", "--tag", TAG, "--dr-region",
                "us-west-2", "--routing", "latency", "--", "-c", "domainName=items.example.test", "-c",
                "hostedZoneId=Z1"), EU_WEST_1);

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.commands()).filteredOn(command -> command.contains("jib:build")).hasSize(6);
        for (String region : List.of("eu-west-1", "us-west-2")) {
            for (String service : List.of("web", "api", "database")) {
                assertThat(result.commands()).anySatisfy(command -> assertThat(command).contains(
                        "-Djib.to.image=<account-id>.dkr.ecr." + region + ".amazonaws.com/" + service + ":" + TAG));
                assertThat(result.commands()).contains("aws --region " + region + " ecr batch-get-image "
                        + "--repository-name " + service + " --image-ids imageTag=" + TAG + " imageTag=deployed-" + TAG
                        + " --output json");
            }
        }
        assertThat(result.commands()).filteredOn(command -> command.contains("build-images.sh")).hasSize(1);
        assertThat(result.commands()).containsSubsequence(
                "(cd infra && npx --no-install cdk bootstrap 'aws://<account-id>/eu-west-1' "
                        + "'aws://<account-id>/us-west-2')",
                "(cd infra && npx --no-install cdk deploy EcsDnsDiscovery EcsDnsDiscoveryDr --require-approval never "
                        + "-c imageTag=" + TAG + " -c discovery=dns -c primaryRegion=eu-west-1 -c drRegion=us-west-2 "
                        + "-c routing=latency -c domainName=items.example.test -c hostedZoneId=Z1)");
        assertThat(scripts.calls()).isEmpty();
    }

    @Test
    void destroyInTwoRegionsDeletesTheDrRegionsStackBeforeThePrimarysWithoutSynthesizing() {
        Scripts.Result result = scripts.run(List.of("bash", "destroy.sh", "--dry-run", "--dr-region", "us-west-2"),
                EU_WEST_1);

        assertThat(result.exitCode()).isZero();
        assertThat(result.commands()).containsExactly(
                "aws --region us-west-2 cloudformation delete-stack --stack-name EcsDnsDiscoveryDr",
                "aws --region us-west-2 cloudformation wait stack-delete-complete --stack-name EcsDnsDiscoveryDr",
                "aws --region eu-west-1 cloudformation delete-stack --stack-name EcsDnsDiscovery",
                "aws --region eu-west-1 cloudformation wait stack-delete-complete --stack-name EcsDnsDiscovery");
        assertThat(scripts.calls()).isEmpty();
    }

    @Test
    void verifyInTwoRegionsChecksBothStacksAndTheirHealthChecksThenSmokeTestsThePublicName() {
        Scripts.Result result = scripts.run(List.of("bash", "../scripts/verify-aws.sh", "--dry-run", "--dr-region",
                "us-west-2"), EU_WEST_1);

        assertThat(result.exitCode()).isZero();
        for (String stack : List.of("eu-west-1 cloudformation describe-stacks --stack-name EcsDnsDiscovery ",
                "us-west-2 cloudformation describe-stacks --stack-name EcsDnsDiscoveryDr ",
                "eu-west-1 route53 get-health-check-status --health-check-id '<HealthCheckId>'",
                "us-west-2 route53 get-health-check-status --health-check-id '<HealthCheckId>'",
                "us-west-2 dynamodb describe-table --table-name '<TableName>'")) {
            assertThat(result.commands()).anySatisfy(command -> assertThat(command).contains(stack));
        }
        assertThat(result.commands()).filteredOn(command -> command.startsWith("curl -sk")).hasSize(2);
        assertThat(result.commands()).last()
                .isEqualTo("scripts/smoke-test.sh --expect-api-instances 2 '<LoadBalancerUrl>'");
        assertThat(scripts.calls()).isEmpty();
    }

    @Test
    void destroyDryRunDeletesTheStackWithThePinnedCliAndKeepsTableAndImagesByDefault() {
        Scripts.Result result = scripts.run(List.of("bash", "destroy.sh", "--dry-run"), EU_WEST_1);

        assertThat(result.exitCode()).isZero();
        assertThat(result.commands()).last()
                .isEqualTo("(cd infra && npx --no-install cdk destroy EcsDnsDiscovery --force -c imageTag=unused-by-destroy)");
        assertThat(result.output()).contains("Kept: the DynamoDB table").contains("Kept: the ECR repositories");
        assertThat(scripts.calls()).isEmpty();
    }

    @Test
    void verifyDryRunFindsEverythingFromTheStacksOutputsThenSmokeTestsTheStacksUrl() {
        Scripts.Result result = scripts.run(List.of("bash", "../scripts/verify-aws.sh", "--dry-run"), EU_WEST_1);

        assertThat(result.exitCode()).isZero();
        assertThat(result.commands())
                .anySatisfy(command -> assertThat(command).contains("servicediscovery get-namespace --id '<NamespaceId>'"))
                .noneSatisfy(command -> assertThat(command).contains("list-namespaces"))
                .anySatisfy(command -> assertThat(command).contains("ecs describe-services --cluster '<ClusterName>'"))
                .anySatisfy(command -> assertThat(command).contains("describe-target-health --target-group-arn "
                        + "'<ApiTargetGroupArn>'"))
                .last().isEqualTo("scripts/smoke-test.sh --expect-api-instances 2 '<LoadBalancerUrl>'");
        assertThat(scripts.calls()).isEmpty();
    }

    @Test
    void theScriptsShareOneHelperFileEvalNothingAndNameNoToolVersion() throws IOException {
        Pattern version = Pattern.compile("\\b\\d+\\.\\d+\\.\\d+\\b");
        for (String script : List.of("deploy.sh", "destroy.sh", "../scripts/verify-aws.sh", "lib.sh",
                "../scripts/run-local.sh")) {
            String text = Files.readString(Path.of(script));
            assertThat(text).as(script).doesNotContainPattern("(?m)^[^#]*\\beval\\b");
            assertThat(version.matcher(text.replaceAll("(?m)^\\s*#.*$", "")).results()).as(script).isEmpty();
            if (!script.endsWith("lib.sh") && !script.endsWith("run-local.sh")) {
                assertThat(text).as(script).contains("source \"$(dirname \"${BASH_SOURCE[0]}\")/")
                        .doesNotContain("run() {").doesNotContain("step() {");
            }
        }
    }

    @Test
    void theCdkCliIsPinnedOnceInPackageJsonWithALockFile() throws IOException {
        ObjectMapper json = new ObjectMapper();
        String pinned = json.readTree(Path.of("package.json").toFile()).at("/devDependencies/aws-cdk").asText();
        String locked = json.readTree(Path.of("package-lock.json").toFile())
                .at("/packages/node_modules~1aws-cdk/version").asText();

        assertThat(pinned).matches("\\d+\\.\\d+\\.\\d+");
        assertThat(locked).isEqualTo(pinned);
    }

    private static int lastIndexOf(List<String> commands, String part) {
        for (int i = commands.size() - 1; i >= 0; i--) {
            if (commands.get(i).contains(part)) {
                return i;
            }
        }
        return -1;
    }

    private static int indexOf(List<String> commands, String part) {
        for (int i = 0; i < commands.size(); i++) {
            if (commands.get(i).contains(part)) {
                return i;
            }
        }
        return -1;
    }
}
