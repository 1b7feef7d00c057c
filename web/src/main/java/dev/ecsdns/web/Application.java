package dev.ecsdns.web;

import dev.ecsdns.common.ServiceLauncher;

/**
 * Starts the web service.
 */
public final class Application {

    private Application() {
    }

    public static void main(String[] args) {
        ServiceLauncher.run(Application.class, args);
    }
}
