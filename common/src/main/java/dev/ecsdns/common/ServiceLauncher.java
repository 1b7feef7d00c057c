package dev.ecsdns.common;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.Micronaut;
import sun.misc.Signal;

/**
 * Starts a service the way every one of ours starts: DNS cache first (before anything resolves a name), then
 * Micronaut, then SIGTERM routed to the lame-duck period instead of straight to shutdown.
 */
public final class ServiceLauncher {

    static final String NETTY_JFR = "io.netty.jfr.enabled";

    private ServiceLauncher() {
    }

    public static ApplicationContext run(Class<?> application, String... args) {
        DnsCache.configure();
        // Netty 4.2 registers Java Flight Recorder events for its buffers when JFR is there: about a hundred classes
        // at start-up for events nobody records. -Dio.netty.jfr.enabled=true brings them back.
        if (System.getProperty(NETTY_JFR) == null) {
            System.setProperty(NETTY_JFR, "false");
        }
        ApplicationContext context = Micronaut.build(args).mainClass(application).banner(false).start();
        LameDuck lameDuck = context.getBean(LameDuck.class);
        Signal.handle(new Signal("TERM"), signal -> lameDuck.begin());
        return context;
    }
}
