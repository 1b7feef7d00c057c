package dev.ecsdns.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The deploy, destroy and verify scripts' dry runs print the commands a user would run, without AWS: the AWS CLI,
 * npx and docker on the PATH are stand-ins that record any call, and none may happen.
 */
class DeployScriptsTest {

    private static final String TAG = "3f2a1bc";
    private static final String REGISTRY = "123456789012.dkr.ecr.eu-west-1.amazonaws.com";

    @TempDir
    static Path tools;

    private static Result deploy;

    @BeforeAll
    static void recordingStandIns() throws IOException {
        for (String tool : List.of("aws", "npx", "docker")) {
            Path script = tools.resolve(tool);
            Files.writeString(script,
                    "#!/usr/bin/env bash\necho \"" + tool + " $*\" >> \"" + calls() + "\"\nexit 97\n");
            assertThat(script.toFile().setExecutable(true)).isTrue();
        }
        deploy = run(List.of("bash", "deploy.sh", "--dry-run", "--tag", TAG,
                "--", "-c", "certificateArn=arn:aws:acm:eu-west-1:123456789012:certificate/abc"),
                Map.of("AWS_ACCOUNT_ID", "123456789012", "AWS_REGION", "eu-west-1"));
    }

    @Test
    void deployDryRunCallsNoAwsNpxOrDocker() {
        assertThat(deploy.exitCode()).isZero();
        assertThat(calls()).doesNotExist();
    }

    @Test
    void deployCreatesEachMissingRepositoryWithImmutableTagsAndScanOnPush() {
        for (String repository : List.of("web", "api", "database")) {
            assertThat(deploy.commands()).contains("aws ecr describe-repositories --region eu-west-1"
                    + " --repository-names " + repository + " >/dev/null 2>&1"
                    + " || aws ecr create-repository --region eu-west-1 --repository-name "
                    + repository + " --image-tag-mutability IMMUTABLE --image-scanning-configuration scanOnPush=true"
                    + " --encryption-configuration encryptionType=AES256");
        }
    }

    @Test
    void deployBuildsOnceAndTrainsTheClassDataSharingArchivesThenPushesEachImageWithJibTaggedWithTheRevision() {
        assertThat(deploy.commands()).contains("scripts/build-images.sh --train-only");
        assertThat(deploy.commands()).noneMatch(command -> command.contains("-am install"));
        for (String service : List.of("web", "api", "database")) {
            assertThat(deploy.commands()).anySatisfy(command -> assertThat(command)
                    .contains("./mvnw -B -pl " + service + " jib:build")
                    .contains("-Djib.cds.flags=,-XX:SharedArchiveFile=/app/cds/app.jsa")
                    .contains("-Djib.extraDirectories.paths=")
                    .contains("/" + service + "/target/jib-cds")
                    .contains("-Djib.to.image=" + REGISTRY + "/" + service + ":" + TAG)
                    .contains("-Djib.to.tags=" + TAG)
                    .contains("-Djib.to.auth.username=AWS")
                    .contains("-Djib.to.auth.password=\"$(aws ecr get-login-password --region eu-west-1)\""));
        }
    }

    @Test
    void deployWithoutCdsBuildsWithMavenAloneAndPushesImagesWithoutAnArchive() throws IOException {
        Result plain = run(List.of("bash", "deploy.sh", "--dry-run", "--no-cds", "--tag", TAG),
                Map.of("AWS_ACCOUNT_ID", "123456789012", "AWS_REGION", "eu-west-1"));
        assertThat(plain.exitCode()).isZero();
        assertThat(plain.commands()).contains("./mvnw -B -q -DskipTests -pl web,api,database -am install");
        assertThat(plain.commands()).noneMatch(command -> command.contains("build-images.sh"));
        assertThat(plain.commands()).filteredOn(command -> command.contains("jib:build")).hasSize(3)
                .noneMatch(command -> command.contains("jib.cds.flags") || command.contains("extraDirectories"));
        assertThat(calls()).doesNotExist();
    }

    @Test
    void deployBootstrapsCdkOnlyWhenTheToolkitStackIsMissing() {
        assertThat(deploy.commands()).contains("aws cloudformation describe-stacks --region eu-west-1 --stack-name "
                + "CDKToolkit >/dev/null 2>&1 || (cd infra && npx --yes aws-cdk@" + cdkCliVersion()
                + " bootstrap aws://123456789012/eu-west-1)");
    }

    @Test
    void deployRunsThePinnedCdkCliWithTheImageTagAndTheExtraContext() {
        assertThat(deploy.commands()).contains("(cd infra && AWS_REGION=eu-west-1 npx --yes aws-cdk@" + cdkCliVersion()
                + " deploy EcsDnsDiscovery --require-approval never -c imageTag=" + TAG
                + " -c certificateArn=arn:aws:acm:eu-west-1:123456789012:certificate/abc)");
    }

    @Test
    void deployEndsWithTheSmokeTestAndVerifyCommands() {
        assertThat(deploy.output())
                .contains("scripts/smoke-test.sh <LoadBalancerUrl>")
                .contains("scripts/verify-aws.sh --region eu-west-1");
    }

    @Test
    void deployTagsImagesWithTheGitRevisionByDefault() throws IOException {
        String revision = run(List.of("git", "rev-parse", "--short=12", "HEAD"), Map.of()).output().trim();

        Result result = run(List.of("bash", "deploy.sh", "--dry-run"),
                Map.of("AWS_ACCOUNT_ID", "123456789012", "AWS_REGION", "eu-west-1"));

        assertThat(result.commands()).anySatisfy(command -> assertThat(command)
                .contains("-Djib.to.image=" + REGISTRY + "/web:" + revision));
    }

    @Test
    void deployRefusesAnInvalidRegion() throws IOException {
        Result result = run(List.of("bash", "deploy.sh", "--dry-run", "--region", "Europe"),
                Map.of("AWS_ACCOUNT_ID", "123456789012"));

        assertThat(result.exitCode()).isNotZero();
        assertThat(result.output()).contains("not an AWS region: 'Europe'");
    }

    @Test
    void destroyDryRunDeletesTheStackWithThePinnedCliAndKeepsTableAndImagesByDefault() throws IOException {
        Result result = run(List.of("bash", "destroy.sh", "--dry-run"), Map.of("AWS_REGION", "eu-west-1"));

        assertThat(result.exitCode()).isZero();
        assertThat(result.commands()).containsExactly("(cd infra && AWS_REGION=eu-west-1 npx --yes aws-cdk@"
                + cdkCliVersion() + " destroy EcsDnsDiscovery --force)");
        assertThat(result.output()).contains("Kept: the DynamoDB table").contains("Kept: the ECR repositories");
        assertThat(calls()).doesNotExist();
    }

    @Test
    void destroyDryRunCanAlsoDeleteTheTableAndTheRepositories() throws IOException {
        Result result = run(List.of("bash", "destroy.sh", "--dry-run", "--delete-table", "--delete-repositories"),
                Map.of("AWS_REGION", "eu-west-1"));

        assertThat(result.commands())
                .anySatisfy(command -> assertThat(command).contains("aws dynamodb delete-table --region eu-west-1"))
                .anySatisfy(command -> assertThat(command)
                        .contains("aws ecr delete-repository --region eu-west-1 --repository-name database --force"));
        assertThat(calls()).doesNotExist();
    }

    @Test
    void verifyDryRunWalksCloudMapEcsAndTheLoadBalancerThenTheSmokeTest() throws IOException {
        Result result = run(List.of("bash", "../scripts/verify-aws.sh", "--dry-run"),
                Map.of("AWS_REGION", "eu-west-1"));

        assertThat(result.exitCode()).isZero();
        assertThat(result.commands())
                .anySatisfy(command -> assertThat(command).contains("servicediscovery list-namespaces"))
                .anySatisfy(command -> assertThat(command).contains("servicediscovery list-services"))
                .anySatisfy(command -> assertThat(command).contains("discover-instances --namespace-name internal.local"
                        + " --service-name database"))
                .anySatisfy(command -> assertThat(command).contains("ecs describe-services"))
                .anySatisfy(command -> assertThat(command).contains("describe-target-health --target-group-arn "
                        + "<ApiTargetGroupArn>"))
                .last().isEqualTo("scripts/smoke-test.sh --expect-api-instances 2 <LoadBalancerUrl>");
        assertThat(calls()).doesNotExist();
    }

    @Test
    void verifyFailsOnEveryCheckTheDeploymentDoesNotPass(@TempDir Path answers) throws IOException {
        Path aws = answers.resolve("aws");
        try (InputStream script = DeployScriptsTest.class.getResourceAsStream("/fake-aws-answers.sh")) {
            Files.copy(script, aws);
        }
        assertThat(aws.toFile().setExecutable(true)).isTrue();

        Result result = run(List.of("bash", "../scripts/verify-aws.sh"),
                Map.of("AWS_REGION", "eu-west-1", "PATH", answers + ":" + System.getenv("PATH"), "SMOKE_TIMEOUT", "2"));

        assertThat(result.exitCode()).isNotZero();
        assertThat(result.output())
                .contains("PASS namespace internal.local exists and is the stack's (ns-abc123)")
                .contains("PASS database.internal.local has healthy instances (1: 10.0.2.10)")
                .contains("PASS ECS service EcsDnsDiscovery-WebService-1 runs its desired count (2 of 2)")
                .contains("FAIL ECS service EcsDnsDiscovery-DatabaseService-3 runs its desired count (1 of 2)")
                .contains("PASS web targets are all healthy (2 of 2)")
                .contains("FAIL api targets are all healthy (1 of 2)")
                .contains("FAIL smoke test");
    }

    private static String cdkCliVersion() {
        try {
            Matcher version = Pattern.compile("(?m)^CDK_CLI_VERSION=(\\S+)$")
                    .matcher(Files.readString(Path.of("deploy.sh")));
            assertThat(version.find()).isTrue();
            assertThat(Files.readString(Path.of("destroy.sh"))).contains("CDK_CLI_VERSION=" + version.group(1));
            return version.group(1);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Path calls() {
        return tools.resolve("calls.log");
    }

    /** Runs a command in the infra module with the stand-ins first on the PATH and no AWS settings inherited. */
    private static Result run(List<String> command, Map<String, String> env) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(Path.of("").toAbsolutePath().toFile())
                .redirectErrorStream(true);
        builder.environment().keySet().removeIf(name -> name.startsWith("AWS_") || name.startsWith("CDK_")
                || name.equals("IMAGE_TAG"));
        builder.environment().put("PATH", tools + ":" + System.getenv("PATH"));
        builder.environment().putAll(env);
        Process process = builder.start();
        try {
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            return new Result(process.exitValue(), output);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A finished script: exit code, everything it printed, and the commands it printed ("+ command"). */
    record Result(int exitCode, String output) {
        List<String> commands() {
            List<String> commands = new ArrayList<>();
            output.lines().filter(line -> line.startsWith("+ ")).forEach(line -> commands.add(line.substring(2)));
            return commands;
        }
    }
}
