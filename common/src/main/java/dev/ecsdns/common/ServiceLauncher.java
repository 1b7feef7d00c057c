package dev.ecsdns.common;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.Micronaut;
import sun.misc.Signal;

/**
 * Starts a service the way every one of ours starts: DNS cache first (before anything resolves a name), then
 * Micronaut, then SIGTERM routed to the lame-duck period instead of straight to shutdown.
 */
public final class ServiceLauncher {

    private ServiceLauncher() {
    }

    public static ApplicationContext run(Class<?> application, String... args) {
        DnsCache.configure();
        ApplicationContext context = Micronaut.build(args).mainClass(application).banner(false).start();
        LameDuck lameDuck = context.getBean(LameDuck.class);
        Signal.handle(new Signal("TERM"), signal -> lameDuck.begin());
        return context;
    }
}
