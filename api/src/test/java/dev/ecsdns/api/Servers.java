package dev.ecsdns.api;

import dev.ecsdns.common.FreePort;
import dev.ecsdns.common.ManagementPort;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;

import java.util.HashMap;
import java.util.Map;

/**
 * Starts the servers a test needs, each in its own application context on a free port: a broken database, and the
 * api under test pointed at a database through the same property a deployment sets.
 */
final class Servers {

    /** A free port for the management listener too: 9081 may be taken by a running system. */
    private static final String FREE_PORT = "${free.port}";

    private Servers() {
    }

    /** A database that answers, but badly: see {@link BrokenDatabaseController}. */
    static EmbeddedServer brokenDatabase() {
        return ApplicationContext.run(EmbeddedServer.class,
            Map.of("spec.name", BrokenDatabaseController.SPEC, "micronaut.server.port", -1,
            ManagementPort.PROPERTY, FREE_PORT));
    }

    static EmbeddedServer api(String databaseUrl) {
        return api(databaseUrl, Map.of());
    }

    static EmbeddedServer api(String databaseUrl, Map<String, Object> more) {
        Map<String, Object> properties = new HashMap<>(more);
        properties.put("micronaut.server.port", -1);
        properties.put(ManagementPort.PROPERTY, FREE_PORT);
        properties.put("micronaut.http.services.database.url", databaseUrl);
        return ApplicationContext.run(EmbeddedServer.class, properties);
    }

    /** A URL where nothing listens: the port was free a moment ago, so a connect is refused at once. */
    static String closedPortUrl() {
        return "http://127.0.0.1:" + FreePort.next();
    }
}
