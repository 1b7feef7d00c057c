package dev.ecsdns.common;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.discovery.ServiceInstance;
import io.micronaut.discovery.StaticServiceInstanceList;
import io.micronaut.health.HealthStatus;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The instances of a downstream service are the addresses its DNS name has now: one per healthy task on Cloud Map,
 * one per replica under compose. Micronaut's round-robin load balancer then picks a different address for each
 * request, so calls spread over every instance instead of sticking to the first address or to one pooled
 * connection. Names are resolved through {@link InetAddress}, so the JVM DNS cache (see {@link DnsCache}) bounds
 * how long a departed task is still called.
 */
final class DnsServiceInstanceList extends StaticServiceInstanceList {

    private final Collection<URI> urls;
    private final Ejections ejections;

    DnsServiceInstanceList(String id, Collection<URI> urls, @Nullable String contextPath, Ejections ejections) {
        super(id, urls, contextPath);
        this.urls = urls;
        this.ejections = ejections;
    }

    @Override
    public List<ServiceInstance> getInstances() {
        List<ServiceInstance> instances = new ArrayList<>();
        for (URI url : urls) {
            for (URI address : resolve(url)) {
                boolean ejected = ejections.isEjected(address.getHost() + ":" + address.getPort());
                instances.add(ServiceInstance.builder(getID(), address)
                    .status(ejected ? HealthStatus.DOWN : HealthStatus.UP)
                    .build());
            }
        }
        // When every address is ejected, try them all anyway (Envoy's "panic mode"): better a probe than a sure 503.
        if (instances.stream().noneMatch(i -> i.getHealthStatus().equals(HealthStatus.UP))) {
            return instances.stream()
                .map(i -> ServiceInstance.builder(getID(), i.getURI()).status(HealthStatus.UP).build())
                .toList();
        }
        return instances;
    }

    /** Every address of the URL's host, as URLs with the address in place of the name. */
    static List<URI> resolve(URI url) {
        String host = url.getHost();
        try {
            InetAddress[] addresses = InetAddress.getAllByName(host);
            List<URI> resolved = new ArrayList<>(addresses.length);
            for (InetAddress address : addresses) {
                String literal = address.getHostAddress();
                if (literal.indexOf(':') >= 0) {
                    literal = "[" + literal + "]";
                }
                int port = url.getPort() == -1 ? ("https".equals(url.getScheme()) ? 443 : 80) : url.getPort();
                resolved.add(URI.create(url.getScheme() + "://" + literal + ":" + port
                    + (url.getRawPath() == null ? "" : url.getRawPath())));
            }
            return resolved;
        } catch (UnknownHostException e) {
            // Let the connect fail on the name itself: the caller answers 503, and a later request resolves again.
            return List.of(url);
        }
    }
}
