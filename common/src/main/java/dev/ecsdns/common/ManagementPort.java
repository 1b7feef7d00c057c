package dev.ecsdns.common;

import io.micronaut.runtime.server.EmbeddedServer;

import java.net.URI;

/**
 * Where a running service serves its management endpoints (health with details): the port set by
 * {@code endpoints.all.port}, on the host the traffic port is bound to; the traffic port itself when none is set.
 */
public final class ManagementPort {

    public static final String PROPERTY = "endpoints.all.port";

    private ManagementPort() {
    }

    public static int of(EmbeddedServer server) {
        return server.getApplicationContext().getProperty(PROPERTY, Integer.class).orElse(server.getPort());
    }

    public static URI uri(EmbeddedServer server) {
        return URI.create(server.getScheme() + "://" + server.getHost() + ":" + of(server));
    }
}
