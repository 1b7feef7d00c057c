package dev.ecsdns.common;

import io.micronaut.context.annotation.EachBean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.discovery.StaticServiceInstanceList;
import io.micronaut.http.client.ServiceHttpClientConfiguration;
import io.micronaut.http.client.ServiceHttpClientFactory;

/**
 * Replaces Micronaut's fixed list of configured URLs for each {@code micronaut.http.services.<id>} with one that
 * re-resolves the URL's DNS name, so that a {@code @Client(id = ...)} calls every instance behind the name.
 */
@Factory
final class DnsDiscoveryFactory {

    @EachBean(ServiceHttpClientConfiguration.class)
    @Replaces(value = StaticServiceInstanceList.class, factory = ServiceHttpClientFactory.class)
    StaticServiceInstanceList serviceInstanceList(ServiceHttpClientConfiguration configuration, Ejections ejections) {
        return new DnsServiceInstanceList(configuration.getServiceId(), configuration.getUrls(),
            configuration.getPath().orElse(null), ejections);
    }
}
