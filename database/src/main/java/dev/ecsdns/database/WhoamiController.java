package dev.ecsdns.database;

import dev.ecsdns.common.InstanceIdentity;
import dev.ecsdns.common.Whoami;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;

/**
 * Names the instance that answered, so callers can watch DNS spread their requests.
 */
@Controller("/whoami")
final class WhoamiController {

    private final InstanceIdentity identity;

    WhoamiController(InstanceIdentity identity) {
        this.identity = identity;
    }

    @Get
    Whoami whoami() {
        return identity.whoami(null);
    }
}
