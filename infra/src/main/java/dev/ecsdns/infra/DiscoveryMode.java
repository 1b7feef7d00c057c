package dev.ecsdns.infra;

import java.util.Arrays;

/** How the services find each other; both keep the names {@code web|api|database.internal.local}. */
enum DiscoveryMode {
    /** Cloud Map A records in a private hosted zone; the callers' DNS-aware clients balance and retry. */
    DNS("dns"),
    /** ECS Service Connect: an Envoy proxy in each task balances, retries and drains. */
    SERVICE_CONNECT("service-connect");

    private final String contextValue;

    DiscoveryMode(String contextValue) {
        this.contextValue = contextValue;
    }

    String contextValue() {
        return contextValue;
    }

    static DiscoveryMode fromContext(String value) {
        return Arrays.stream(values())
                .filter(mode -> mode.contextValue.equals(value))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(
                        "discovery must be 'dns' or 'service-connect', not '" + value + "'"));
    }
}
