package dev.ecsdns.database;

import dev.ecsdns.common.ServiceLauncher;

/**
 * Starts the database service.
 */
public final class Application {

    private Application() {
    }

    public static void main(String[] args) {
        ServiceLauncher.run(Application.class, args);
    }
}
