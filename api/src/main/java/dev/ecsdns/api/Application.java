package dev.ecsdns.api;

import dev.ecsdns.common.DnsCache;
import io.micronaut.runtime.Micronaut;

/**
 * Starts the api service.
 */
public final class Application {

    private Application() {
    }

    public static void main(String[] args) {
        DnsCache.configure();
        Micronaut.build(args).banner(false).start();
    }
}
