package dev.ecsdns.database;

import io.micronaut.aws.sdk.v2.client.netty.NettyClientConfiguration;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import jakarta.inject.Singleton;
import software.amazon.awssdk.http.nio.netty.SdkEventLoopGroup;

/**
 * The DynamoDB client's connections share one Netty thread of their own. The SDK's default is a group of twice as many
 * threads as CPUs; here a call's I/O is a few microseconds and the CPU a Fargate task has is a fraction of one.
 * (Micronaut's own event loops cannot be shared: this SDK's Netty client recognises only the older group classes,
 * not the {@code MultiThreadIoEventLoopGroup} that Netty 4.2 and Micronaut use.)
 */
@Singleton
final class DynamoDbEventLoop implements BeanCreatedEventListener<NettyClientConfiguration> {

    @Override
    public NettyClientConfiguration onCreated(BeanCreatedEvent<NettyClientConfiguration> event) {
        NettyClientConfiguration configuration = event.getBean();
        configuration.getBuilder().eventLoopGroupBuilder(SdkEventLoopGroup.builder().numberOfThreads(1));
        return configuration;
    }
}
