package dev.ecsdns.common;

import io.micronaut.context.annotation.Value;
import io.micronaut.http.HttpRequest;
import jakarta.inject.Singleton;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/**
 * Names this instance as "host/ip", where ip is the address the request arrived on: the task's address on ECS,
 * the container's under compose, the loopback alias in the local run.
 */
@Singleton
public final class InstanceIdentity {

    private final String service;
    private final String host;

    InstanceIdentity(@Value("${micronaut.application.name}") String service) {
        this.service = service;
        this.host = hostName();
    }

    public Whoami whoami(HttpRequest<?> request, Whoami downstream) {
        InetSocketAddress local = request.getServerAddress();
        String ip = local == null || local.getAddress() == null ? "unknown" : local.getAddress().getHostAddress();
        return new Whoami(service, host + "/" + ip, downstream);
    }

    /** The host name: the container's or task's (HOSTNAME), else the machine's. */
    static String hostName() {
        String fromEnv = System.getenv("HOSTNAME");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return fromEnv;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
