package dev.ecsdns.common;

import java.security.Security;

/**
 * Sets the JVM's DNS cache before anything resolves a name. On AWS a Cloud Map record changes whenever a task comes
 * or goes; the JVM's default 30 s positive cache would keep callers on a dead address that long. These are security
 * properties, so they apply to {@code java -jar} and to the images alike, whatever flags the launcher passes.
 */
public final class DnsCache {

    /** Seconds a resolved address is reused: the AWS SDK guide's 5 s, below Cloud Map's 10 s record TTL. */
    public static final String POSITIVE_TTL = "5";
    /** Seconds a failed lookup is remembered: short, so a name that comes back is found again at once. */
    public static final String NEGATIVE_TTL = "1";

    private DnsCache() {
    }

    /** Applies the TTLs unless the operator already chose others with -Dnetworkaddress.cache.ttl / .negative.ttl. */
    public static void configure() {
        Security.setProperty("networkaddress.cache.ttl", System.getProperty("networkaddress.cache.ttl", POSITIVE_TTL));
        Security.setProperty("networkaddress.cache.negative.ttl",
            System.getProperty("networkaddress.cache.negative.ttl", NEGATIVE_TTL));
    }
}
