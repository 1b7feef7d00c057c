package dev.ecsdns.common;

import org.junit.jupiter.api.Test;

import java.security.Security;

import static org.assertj.core.api.Assertions.assertThat;

class DnsCacheTest {

    @Test
    void setsTheJvmDnsCacheToFiveSecondsAndForgetsFailuresAfterOne() {
        DnsCache.configure();

        assertThat(Security.getProperty("networkaddress.cache.ttl")).isEqualTo("5");
        assertThat(Security.getProperty("networkaddress.cache.negative.ttl")).isEqualTo("1");
    }

    @Test
    void operatorsCanChooseOtherValuesWithSystemProperties() {
        System.setProperty("networkaddress.cache.ttl", "9");
        try {
            DnsCache.configure();
            assertThat(Security.getProperty("networkaddress.cache.ttl")).isEqualTo("9");
        } finally {
            System.clearProperty("networkaddress.cache.ttl");
            DnsCache.configure();
        }
    }
}
