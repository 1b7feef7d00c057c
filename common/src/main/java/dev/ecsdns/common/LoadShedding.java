package dev.ecsdns.common;

import io.micronaut.context.annotation.Value;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import io.micronaut.http.netty.channel.ChannelPipelineCustomizer;
import io.micronaut.http.server.netty.NettyServerCustomizer;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Load shedding on the traffic port: at most {@code load-shedding.max-in-flight} requests are served at once, and
 * one more gets a 503 problem+json with Retry-After at once instead of a place in a queue. A queue at 0.25 vCPU only
 * makes every answer late (and holds memory per waiting request); a fast 503 lets the load balancer and clients go
 * elsewhere or come back. The management port (health, metrics) is never shed, so a busy task stays live and ready.
 * <p>
 * The bound is kept in the Netty pipeline, right after the HTTP codec: a shed request is answered with bytes made
 * once at start-up, before Micronaut decodes, routes or filters it, so it costs no trace, log line, metric or
 * serialization. That matters most when shedding is needed: an overloaded 0.25 vCPU task that spent a millisecond of
 * CPU on each refusal would starve the requests it admitted. The answer keeps the connection open when the client
 * asked for keep-alive (the request's body, if any, is read and dropped), so a load balancer reuses it.
 */
@Singleton
final class LoadShedding implements BeanCreatedEventListener<NettyServerCustomizer.Registry> {

    static final String HANDLER = "load-shedding";

    private static final Logger LOG = LoggerFactory.getLogger(LoadShedding.class);
    private static final long LOG_EVERY_NANOS = 10_000_000_000L;
    private static final String DETAIL = "This instance is serving as many requests as it can; try again shortly.";

    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicLong shed = new AtomicLong();
    private final AtomicLong lastLog = new AtomicLong(System.nanoTime() - LOG_EVERY_NANOS);
    private final int maxInFlight;
    private final int managementPort;
    private final ByteBuf body;
    private final String retryAfter;

    LoadShedding(@Value("${load-shedding.max-in-flight:64}") int maxInFlight,
                 @Value("${load-shedding.retry-after:1}") String retryAfter,
                 @Value("${" + ManagementPort.PROPERTY + ":-1}") int managementPort) {
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("load-shedding.max-in-flight must be at least 1, not " + maxInFlight);
        }
        this.maxInFlight = maxInFlight;
        this.retryAfter = retryAfter;
        this.managementPort = managementPort;
        // The one shape of every error answer (Problem), written out once; no instance member, so it needs no request.
        this.body = Unpooled.unreleasableBuffer(Unpooled.copiedBuffer(
            "{\"type\":\"about:blank\",\"title\":\"Service Unavailable\",\"status\":503,\"detail\":\"" + DETAIL + "\"}",
            StandardCharsets.UTF_8).asReadOnly());
    }

    @Override
    public NettyServerCustomizer.Registry onCreated(BeanCreatedEvent<NettyServerCustomizer.Registry> event) {
        NettyServerCustomizer.Registry registry = event.getBean();
        registry.register(new NettyServerCustomizer() {
            @Override
            public NettyServerCustomizer specializeForChannel(Channel channel, ChannelRole role) {
                if (role != ChannelRole.CONNECTION || isManagementPort(channel)) {
                    return this;
                }
                return new NettyServerCustomizer() {
                    @Override
                    public void onStreamPipelineBuilt() {
                        // HTTP/1 connections only (the services speak HTTP/1.1 behind the load balancer)
                        if (channel.pipeline().get(ChannelPipelineCustomizer.HANDLER_HTTP_SERVER_CODEC) != null
                            && channel.pipeline().get(HANDLER) == null) {
                            channel.pipeline().addAfter(ChannelPipelineCustomizer.HANDLER_HTTP_SERVER_CODEC, HANDLER,
                                new Bound());
                        }
                    }
                };
            }
        });
        return registry;
    }

    private boolean isManagementPort(Channel channel) {
        return channel.localAddress() instanceof InetSocketAddress local && local.getPort() == managementPort;
    }

    private FullHttpResponse overloaded(boolean keepAlive) {
        long total = shed.incrementAndGet();
        long now = System.nanoTime();
        long last = lastLog.get();
        if (now - last >= LOG_EVERY_NANOS && lastLog.compareAndSet(last, now)) {
            LOG.warn("overloaded: {} requests in flight, shedding (shed {} since start)", maxInFlight, total);
        }
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
            HttpResponseStatus.SERVICE_UNAVAILABLE, body.duplicate());
        response.headers()
            .set(HttpHeaderNames.CONTENT_TYPE, Problem.MEDIA_TYPE)
            .set(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes())
            .set(HttpHeaderNames.RETRY_AFTER, retryAfter)
            .set(HttpHeaderNames.CACHE_CONTROL, "no-store");
        if (!keepAlive) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
        return response;
    }

    /**
     * One connection's part: admits a request while fewer than the bound are in flight on the whole server, answers
     * it 503 otherwise, and gives its place back when the last part of its response is written (or the connection
     * closes first). A request that arrives while this connection still has one in flight (HTTP/1.1 pipelining) is
     * always admitted: answering it here would put its response before the earlier one's.
     */
    private final class Bound extends ChannelDuplexHandler {
        private int admitted;
        private boolean dropping;

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof HttpRequest request && request.decoderResult().isSuccess()) {
                if (admitted == 0 && inFlight.incrementAndGet() > maxInFlight) {
                    inFlight.decrementAndGet();
                    shedRequest(ctx, request);
                    return;
                }
                if (admitted > 0) {
                    inFlight.incrementAndGet();
                }
                admitted++;
            } else if (dropping && msg instanceof HttpContent) {
                dropping = !(msg instanceof LastHttpContent);
                ReferenceCountUtil.release(msg);
                return;
            }
            ctx.fireChannelRead(msg);
        }

        private void shedRequest(ChannelHandlerContext ctx, HttpRequest request) {
            // a client waiting for 100 Continue sends no body: the connection cannot be reused safely
            boolean keepAlive = HttpUtil.isKeepAlive(request) && !HttpUtil.is100ContinueExpected(request);
            dropping = !(request instanceof LastHttpContent);
            ReferenceCountUtil.release(request);
            var written = ctx.writeAndFlush(overloaded(keepAlive));
            if (!keepAlive) {
                written.addListener(ChannelFutureListener.CLOSE);
            }
        }

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
            boolean informational = msg instanceof HttpResponse response
                && response.status().codeClass() == HttpStatusClass.INFORMATIONAL;
            if (msg instanceof LastHttpContent && !informational && admitted > 0) {
                admitted--;
                inFlight.decrementAndGet();
            }
            ctx.write(msg, promise);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            inFlight.addAndGet(-admitted);
            admitted = 0;
            ctx.fireChannelInactive();
        }
    }
}
