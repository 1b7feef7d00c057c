package dev.ecsdns.common;

import io.micronaut.context.ApplicationContext;
import io.micronaut.http.netty.channel.EventLoopGroupRegistry;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * What a service's event loops run on: Netty's native epoll wherever it loads (Linux on x86-64, as in the images),
 * as each service's application.yml asks, and NIO elsewhere.
 */
public final class NativeTransport {

    private NativeTransport() {
    }

    /** The service's shared event loops (its server's requests and its HTTP clients' calls) poll with epoll. */
    public static void assertEventLoopsOnEpoll(ApplicationContext context) {
        assumeTrue(Epoll.isAvailable(), () -> "no native epoll here: " + Epoll.unavailabilityCause());
        EventLoopGroup group = context.getBean(EventLoopGroupRegistry.class).getDefaultEventLoopGroup();
        assertThat(group).isInstanceOf(IoEventLoopGroup.class);
        assertThat(((IoEventLoopGroup) group).isIoType(EpollIoHandler.class)).as("epoll event loops").isTrue();
    }
}
