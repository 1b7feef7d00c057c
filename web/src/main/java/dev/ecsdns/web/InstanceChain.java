package dev.ecsdns.web;

import dev.ecsdns.common.ServedBy;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;

import java.util.Optional;

/**
 * Which web, api and database instances took part in rendering a page; null where a service did not answer.
 */
public record InstanceChain(String web, @Nullable String api, @Nullable String database) {

    /** This web instance, and the api and database instances the api's answer names (see {@link ServedBy}). */
    static InstanceChain of(String web, HttpHeaders apiAnswer) {
        return new InstanceChain(web, ServedBy.instance(apiAnswer, "api").orElse(null),
            ServedBy.instance(apiAnswer, "database").orElse(null));
    }

    /** The known instances behind web, as a Served-By value: empty when the api did not answer. */
    Optional<String> behind() {
        if (api == null) {
            return Optional.empty();
        }
        return Optional.of(database == null ? "api=" + api : "api=" + api + ", database=" + database);
    }
}
