package dev.ecsdns.common;

import io.micronaut.http.HttpHeaders;
import io.micronaut.http.MutableHttpHeaders;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;

import java.util.Optional;

/**
 * Every answer names the instance that served it: {@code Served-By: api=1f2e3d4c}. A service that passes on its
 * downstream's answer passes on that header too and this filter puts its own name first, so an items answer of api
 * says {@code Served-By: api=1f2e3d4c, database=5a6b7c8d}: one call tells the caller every instance that served it,
 * with no second call (whoami) to find out. The ids are the opaque ones of {@link InstanceIdentity}: no host, no
 * address.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
public final class ServedBy {

    public static final String HEADER = "Served-By";

    private final String own;

    ServedBy(InstanceIdentity identity) {
        this.own = identity.service() + "=" + identity.id();
    }

    @ResponseFilter
    void nameThisInstance(MutableHttpResponse<?> response) {
        MutableHttpHeaders headers = response.getHeaders();
        String passedOn = headers.get(HEADER);
        headers.set(HEADER, passedOn == null ? own : own + ", " + passedOn);
    }

    /** The instance of the named service in an answer's Served-By; empty when the answer does not name one. */
    public static Optional<String> instance(HttpHeaders answer, String service) {
        String prefix = service + "=";
        for (String value : answer.getAll(HEADER)) {
            for (String entry : value.split(",")) {
                String named = entry.strip();
                if (named.startsWith(prefix) && named.length() > prefix.length()) {
                    return Optional.of(named.substring(prefix.length()));
                }
            }
        }
        return Optional.empty();
    }
}
