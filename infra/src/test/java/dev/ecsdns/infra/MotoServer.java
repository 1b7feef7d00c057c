package dev.ecsdns.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * moto's server on a free loopback port: it answers the AWS CLI's real ECR, CloudFormation, Cloud Map, ECS, ELBv2,
 * DynamoDB and STS calls (it runs no containers and cannot create Cloud Map resources through CloudFormation, so
 * the tests create what a deployment would have made with the CLI itself). Account 123456789012.
 */
final class MotoServer implements AutoCloseable {

    static final String ACCOUNT = "123456789012";

    private final Process process;
    private final String endpoint;

    private MotoServer(Process process, String endpoint) {
        this.process = process;
        this.endpoint = endpoint;
    }

    static MotoServer start(Path log) {
        int port = freePort();
        try {
            Process process = new ProcessBuilder(PythonCommands.command("python3"), "-m", "moto.server", "-H",
                    "127.0.0.1", "-p", String.valueOf(port)).redirectErrorStream(true).redirectOutput(log.toFile())
                    .start();
            MotoServer server = new MotoServer(process, "http://127.0.0.1:" + port);
            server.awaitPort(port);
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The environment that points the AWS CLI (and the scripts) at this server, in {@code region}. */
    Map<String, String> env(String region) {
        return Map.of("AWS_ENDPOINT_URL", endpoint, "AWS_ACCESS_KEY_ID", "testing", "AWS_SECRET_ACCESS_KEY", "testing",
                "AWS_REGION", region, "AWS_DEFAULT_REGION", region,
                // Cloud Map's discover-instances goes to data-servicediscovery.<endpoint> otherwise.
                "AWS_DISABLE_HOST_PREFIX_INJECTION", "true");
    }

    /** One real AWS CLI call against this server; its output (text), failing the test when the call fails. */
    String aws(String region, String... args) {
        List<String> command = new ArrayList<>(List.of(PythonCommands.command("aws"), "--region", region));
        command.addAll(List.of(args));
        return succeeding(region, command);
    }

    /** Runs a Python script (boto3 against this server) in one process and returns what it printed. */
    String python(String region, String script) {
        return succeeding(region, List.of(PythonCommands.command("python3"), "-c", script));
    }

    private String succeeding(String region, List<String> command) {
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().keySet().removeIf(name -> name.startsWith("AWS_"));
        builder.environment().putAll(env(region));
        Scripts.Result result = Scripts.execute(builder);
        assertThat(result.exitCode()).as("%s: %s", command, result.output()).isZero();
        return result.output().trim();
    }

    /** A stack with the given outputs and nothing else, as the deployed stack's outputs stand for it. */
    void stackWithOutputs(String region, String stack, Map<String, String> outputs) {
        StringBuilder template = new StringBuilder(
                "{\"Resources\":{\"Handle\":{\"Type\":\"AWS::CloudFormation::WaitConditionHandle\"}},\"Outputs\":{");
        outputs.forEach((name, value) -> template.append('"').append(name).append("\":{\"Value\":\"").append(value)
                .append("\"},"));
        template.setLength(template.length() - 1);
        template.append("}}");
        aws(region, "cloudformation", "create-stack", "--stack-name", stack, "--template-body", template.toString());
    }

    @Override
    public void close() {
        process.destroy();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void awaitPort(int port) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            assertThat(process.isAlive()).as("moto server exited").isTrue();
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException e) {
                sleep();
            }
        }
        throw new IllegalStateException("moto server did not listen on " + port + " within 30 s");
    }

    private static void sleep() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
