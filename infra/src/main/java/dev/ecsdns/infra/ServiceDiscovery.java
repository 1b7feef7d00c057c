package dev.ecsdns.infra;

/**
 * How the services find each other by name: {@code http://api.internal.local:8081} in both implementations, so the
 * services' code and configuration never change.
 */
interface ServiceDiscovery {

    /** The namespace, and DNS suffix, every service name lives under: the contract with the services' config. */
    String NAMESPACE_NAME = "internal.local";

    /** Makes {@code service} reachable as {@code name.internal.local:port}. */
    void register(MicroService service);

    String namespaceId();

    /** The URL a caller configures for {@code name}. */
    static String urlOf(String name, int port) {
        return "http://" + hostOf(name) + ":" + port;
    }

    static String hostOf(String name) {
        return name + "." + NAMESPACE_NAME;
    }
}
