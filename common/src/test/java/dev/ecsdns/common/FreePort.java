package dev.ecsdns.common;

import io.micronaut.context.env.PropertyExpressionResolver;
import io.micronaut.core.convert.ConversionService;
import io.micronaut.core.value.PropertyResolver;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.Optional;

/**
 * A TCP port nothing uses, chosen by the kernel, for a test's second listener or a server it starts itself; in a
 * test's configuration, {@code ${free.port}}.
 *
 * <p>Micronaut's own {@code ${random.port}} draws a number and only checks that nothing listens on it, so a port an
 * open connection holds (Maven's to its repository, a test client's) passes the check and the server then fails to
 * bind. Binding port 0 lets the kernel pick one that no socket holds.
 */
public final class FreePort implements PropertyExpressionResolver {

    public static int next() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public <T> Optional<T> resolve(PropertyResolver propertyResolver, ConversionService conversionService,
                                   String expression, Class<T> requiredType) {
        return "free.port".equals(expression) ? conversionService.convert(next(), requiredType) : Optional.empty();
    }
}
