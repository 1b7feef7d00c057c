package dev.ecsdns.api;

import dev.ecsdns.common.ServiceLauncher;

/**
 * Starts the api service.
 */
public final class Application {

    private Application() {
    }

    public static void main(String[] args) {
        ServiceLauncher.run(Application.class, args);
    }
}
