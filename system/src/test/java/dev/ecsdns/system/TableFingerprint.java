package dev.ecsdns.system;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.net.URI;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Every attribute of every record in the items table (items and idempotency records alike), read straight from
 * DynamoDB Local past the services, as one sorted string: equal strings mean an unchanged table.
 */
final class TableFingerprint implements AutoCloseable {

    private final DynamoDbClient dynamo;
    private final String table;

    TableFingerprint(String endpoint, String table) {
        this.table = table;
        this.dynamo = DynamoDbClient.builder()
            .endpointOverride(URI.create(endpoint))
            .region(Region.US_EAST_1)
            .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
            .httpClient(UrlConnectionHttpClient.create())
            .build();
    }

    String read() {
        return dynamo.scanPaginator(b -> b.tableName(table).consistentRead(true)).items().stream()
            .map(TableFingerprint::record)
            .sorted()
            .collect(Collectors.joining("\n"));
    }

    private static String record(Map<String, AttributeValue> attributes) {
        return new TreeMap<>(attributes).entrySet().stream()
            .map(e -> e.getKey() + "=" + e.getValue())
            .collect(Collectors.joining(", ", "{", "}"));
    }

    @Override
    public void close() {
        dynamo.close();
    }
}
