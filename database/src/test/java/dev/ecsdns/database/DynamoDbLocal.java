package dev.ecsdns.database;

import com.amazonaws.services.dynamodbv2.local.main.ServerRunner;
import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;
import dev.ecsdns.common.FreePort;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * One DynamoDB Local for the whole test run, in memory, in this JVM. The service finds it the way it finds any
 * endpoint, through the SDK's standard setting (aws.endpointUrlDynamoDb = AWS_ENDPOINT_URL_DYNAMODB); each test
 * class gets its own table, so classes never see each other's items.
 */
final class DynamoDbLocal {

    private static String endpoint;

    private DynamoDbLocal() {
    }

    /** Application properties for a test class: its own table, created at startup. */
    static Map<String, String> tableProperties(String table) {
        start();
        return Map.of("dynamodb.table-name", table, "dynamodb.create-table", "true");
    }

    static synchronized String start() {
        if (endpoint == null) {
            int port = FreePort.next();
            try {
                DynamoDBProxyServer server = ServerRunner.createServerFromCommandLineArgs(
                    new String[] {"-inMemory", "-disableTelemetry", "-port", Integer.toString(port)});
                server.start();
                Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(server)));
            } catch (Exception e) {
                throw new IllegalStateException("DynamoDB Local did not start", e);
            }
            endpoint = "http://localhost:" + port;
            // DynamoDB Local accepts any credentials whose key id is letters and digits.
            System.setProperty("aws.region", "us-east-1");
            System.setProperty("aws.accessKeyId", "local");
            System.setProperty("aws.secretAccessKey", "local");
            System.setProperty("aws.endpointUrlDynamoDb", endpoint);
        }
        return endpoint;
    }

    private static void stop(DynamoDBProxyServer server) {
        try {
            server.stop();
        } catch (Exception ignored) {
            // the JVM is exiting anyway
        }
    }
}
