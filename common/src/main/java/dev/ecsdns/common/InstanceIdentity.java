package dev.ecsdns.common;

import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Value;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.UUID;

/**
 * Names this instance by an opaque id drawn at start-up. Whoami answers travel through the load balancer to anyone,
 * so they carry no host name or address (on Fargate the host name holds the task's IP); the start-up log line pairs
 * the id with the host for whoever reads the logs (created at start-up so that the line is always there).
 */
@Context
public final class InstanceIdentity {

    private static final Logger LOG = LoggerFactory.getLogger(InstanceIdentity.class);

    private final String service;
    private final String id;

    InstanceIdentity(@Value("${micronaut.application.name}") String service) {
        this.service = service;
        this.id = UUID.randomUUID().toString().substring(0, 8);
        LOG.info("{} instance {} on host {}", service, id, hostName());
    }

    public String service() {
        return service;
    }

    public String id() {
        return id;
    }

    public Whoami whoami(Whoami downstream) {
        return new Whoami(service, id, downstream);
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
