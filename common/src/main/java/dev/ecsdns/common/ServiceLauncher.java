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
    /** The service's name for the logs, before Micronaut (and its micronaut.application.name) is up. */
    static final String SERVICE_NAME = "ecsdns.service";

    private ServiceLauncher() {
    }

    public static ApplicationContext run(Class<?> application, String... args) {
        // The package's last word is the service's one word (dev.ecsdns.api -> api), as everywhere else.
        String packageName = application.getPackageName();
        System.setProperty(SERVICE_NAME, packageName.substring(packageName.lastIndexOf('.') + 1));
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

    /** OTEL_SERVICE_NAME when the operator set one (traces and logs then agree), else the launched service's. */
    static String serviceName() {
        String fromEnv = System.getenv("OTEL_SERVICE_NAME");
        return fromEnv != null && !fromEnv.isBlank() ? fromEnv : System.getProperty(SERVICE_NAME, "unknown");
    }
}
