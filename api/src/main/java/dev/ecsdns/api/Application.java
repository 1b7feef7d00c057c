package dev.ecsdns.api;

import dev.ecsdns.common.ServiceLauncher;
import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.info.Info;

/**
 * Starts the api service.
 */
@OpenAPIDefinition(info = @Info(title = "api", version = "1",
    description = "Items behind the public load balancer under /api. Every 4xx and 5xx is application/problem+json "
        + "(RFC 9457); writes are guarded by ETag / If-Match and creates by Idempotency-Key."))
public final class Application {

    private Application() {
    }

    public static void main(String[] args) {
        ServiceLauncher.run(Application.class, args);
    }
}
