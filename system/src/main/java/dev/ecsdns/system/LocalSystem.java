package dev.ecsdns.system;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the whole system on this machine without Docker: DynamoDB Local (data kept in .local-run/dynamodb),
 * database on 127.0.0.2, api on 127.0.0.3, web on 127.0.0.4, found by their production DNS names, and in front of
 * them on localhost:8080 the ALB's routing (/api/* to api, the rest to web), so the same URLs work here, under
 * compose and on AWS. Ctrl-C stops everything.
 */
public final class LocalSystem {

    private LocalSystem() {
    }

    public static void main(String[] args) throws InterruptedException {
        Path root = Topology.projectRoot();
        Path work = root.resolve(".local-run");
        // The services' logs are for people here: readable lines, not the JSON containers write.
        Topology topology = new Topology(root, work).serviceJvmOption("-Dlog.format=text");
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("stopping web, api, database, DynamoDB Local ...");
            topology.close();
            stopped.countDown();
        }));
        topology.hosts()
            .set(Topology.DATABASE_NAME, "127.0.0.2")
            .set(Topology.API_NAME, "127.0.0.3")
            .set(Topology.WEB_NAME, "127.0.0.4");
        int dynamoDbPort = Integer.parseInt(System.getProperty("dynamodb.port", "8000"));
        topology.startDynamoDb(dynamoDbPort, work.resolve("dynamodb"));
        System.out.println("DynamoDB Local   http://127.0.0.1:" + dynamoDbPort + " (data in " + work.resolve("dynamodb") + ")");
        topology.startDatabase("database-1", "127.0.0.2");
        System.out.println("database         http://" + Topology.DATABASE_NAME + ":8082 -> 127.0.0.2:8082");
        topology.startApi("api-1", "127.0.0.3");
        System.out.println("api              http://" + Topology.API_NAME + ":8081 -> 127.0.0.3:8081");
        topology.startWeb("web-1", "127.0.0.4");
        System.out.println("web              http://" + Topology.WEB_NAME + ":8080 -> 127.0.0.4:8080");
        topology.startLoadBalancer("127.0.0.1", List.of("127.0.0.3"), List.of("127.0.0.4"));
        System.out.println("load balancer    http://localhost:8080 -> /api/* api, the rest web");
        System.out.println("logs and hosts file in " + work);
        System.out.println();
        System.out.println("Open http://localhost:8080/ or try: curl http://localhost:8080/api/items   (Ctrl-C stops everything)");
        stopped.await();
    }
}
