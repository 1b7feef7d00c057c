package dev.ecsdns.web;

import dev.ecsdns.common.Whoami;
import io.micronaut.core.annotation.Nullable;

/**
 * Which web, api and database instances took part in rendering a page; null where a service did not answer.
 */
public record InstanceChain(String web, @Nullable String api, @Nullable String database) {

    static InstanceChain of(Whoami web) {
        Whoami api = web.downstream();
        Whoami database = api == null ? null : api.downstream();
        return new InstanceChain(web.instance(), api == null ? null : api.instance(),
            database == null ? null : database.instance());
    }
}
