package dev.ecsdns.web;

import dev.ecsdns.common.InstanceIdentity;
import dev.ecsdns.common.Whoami;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;

import java.util.concurrent.CompletableFuture;

/**
 * Which web instance answered, and behind it which api and database instances: the chain a DNS round-robin
 * test samples. With the api out of reach common's handler answers 503 problem+json with Retry-After.
 */
@Controller("/whoami")
final class WhoamiController {

    private final ApiClient api;
    private final InstanceIdentity identity;

    WhoamiController(ApiClient api, InstanceIdentity identity) {
        this.api = api;
        this.identity = identity;
    }

    @Get
    CompletableFuture<Whoami> whoami() {
        return api.whoami().thenApply(identity::whoami);
    }
}
