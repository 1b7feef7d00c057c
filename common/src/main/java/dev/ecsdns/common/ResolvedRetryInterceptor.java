package dev.ecsdns.common;

import io.micronaut.aop.Interceptor;
import io.micronaut.aop.InterceptorBean;
import io.micronaut.aop.MethodInvocationContext;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.event.ApplicationEventPublisher;
import io.micronaut.core.annotation.AnnotationMetadata;
import io.micronaut.core.annotation.AnnotationMetadataDelegate;
import io.micronaut.core.annotation.AnnotationValue;
import io.micronaut.core.convert.ConversionService;
import io.micronaut.core.convert.value.MutableConvertibleValues;
import io.micronaut.core.type.Argument;
import io.micronaut.core.type.MutableArgumentValue;
import io.micronaut.core.type.ReturnType;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.inject.ExecutableMethod;
import io.micronaut.retry.annotation.CircuitBreaker;
import io.micronaut.retry.annotation.Retryable;
import io.micronaut.retry.intercept.DefaultRetryInterceptor;
import io.micronaut.scheduling.TaskExecutors;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.function.Supplier;

/**
 * Micronaut's retry and circuit-breaker interceptor, with two changes: a method's {@code @Retryable} /
 * {@code @CircuitBreaker} members are resolved once instead of on every call, and an answer from the downstream
 * service is kept away from the circuit's state.
 *
 * <p>{@link DownstreamCall}'s members are placeholders ({@code ${downstream.retry.attempts:3}}, ...), and Micronaut
 * resolves a placeholder each time a member is read: the interceptor reads the members on every call and rebuilds
 * its retry state from them after every successful one. On a hop that was about 8 % of api's CPU. The members are
 * resolved here the first time a method is called, from the same environment, so what a call does is unchanged.
 *
 * <p>An answer (a 4xx or 5xx status, which the client throws as {@link HttpClientResponseException}) means the call
 * reached a live instance. Micronaut's circuit, half open after its reset, re-opens on whatever the first call throws
 * and then rethrows that very exception to every caller of the method until the next reset: one client's 412 or 400
 * would become every client's answer. So an answer passes the circuit as a result (which closes a half-open
 * circuit, as any answer should) and is thrown again once past it. Failures that are not answers (refused, reset,
 * timed out) go through the circuit as before. This covers methods that answer synchronously or with a
 * {@link CompletionStage}, the two kinds our clients declare; a method returning a reactive {@code Publisher} would
 * keep Micronaut's behaviour.
 *
 * <p>{@code @Retryable} names its interceptor by exact class, which a subclass is not: {@code @InterceptorBean} binds
 * this one to the annotation instead, and {@code @Replaces} keeps Micronaut's own out of the chain.
 */
@Singleton
@Replaces(DefaultRetryInterceptor.class)
@InterceptorBean(Retryable.class)
public class ResolvedRetryInterceptor extends DefaultRetryInterceptor {

    private static final List<Class<? extends Annotation>> RESOLVED = List.of(Retryable.class, CircuitBreaker.class);

    private final Map<ExecutableMethod<?, ?>, AnnotationMetadata> resolved = new ConcurrentHashMap<>();

    public ResolvedRetryInterceptor(ConversionService conversionService, ApplicationEventPublisher eventPublisher,
                                    @Named(TaskExecutors.SCHEDULED) ExecutorService executorService) {
        super(conversionService, eventPublisher, executorService);
    }

    @Override
    public Object intercept(MethodInvocationContext<Object, Object> context) {
        AnnotationMetadata metadata = resolved.computeIfAbsent(context.getExecutableMethod(),
            method -> new ResolvedMetadata(context.getAnnotationMetadata()));
        return Answered.delivered(super.intercept(new ResolvedContext(context, metadata)));
    }

    /** A downstream answer carried through the circuit as a result; {@link #delivered} throws it again. */
    private record Answered(HttpClientResponseException answer) {

        /** The call's result, with an answer (thrown, or failing its future) carried as a value. */
        static Object carried(Supplier<Object> call) {
            Object result;
            try {
                result = call.get();
            } catch (HttpClientResponseException answer) {
                return new Answered(answer);
            }
            if (!(result instanceof CompletionStage<?> stage)) {
                return result;
            }
            CompletableFuture<Object> carried = new CompletableFuture<>();
            stage.whenComplete((value, failure) -> {
                if (Futures.cause(failure) instanceof HttpClientResponseException answer) {
                    carried.complete(new Answered(answer));
                } else if (failure != null) {
                    carried.completeExceptionally(failure);
                } else {
                    carried.complete(value);
                }
            });
            return carried;
        }

        /** What the caller gets: the carried answer thrown again (or failing the future), anything else as it is. */
        static Object delivered(Object result) {
            if (result instanceof Answered answered) {
                throw answered.answer();
            }
            if (result instanceof CompletionStage<?> stage) {
                return stage.toCompletableFuture().thenCompose(value -> value instanceof Answered answered
                    ? CompletableFuture.failedFuture(answered.answer())
                    : CompletableFuture.completedFuture(value));
            }
            return result;
        }
    }

    /** The retry annotations' members as plain values, resolved once; every other question goes to the method. */
    private static final class ResolvedMetadata implements AnnotationMetadataDelegate {

        private final AnnotationMetadata method;
        private final Map<String, AnnotationValue<?>> annotations = new LinkedHashMap<>();

        ResolvedMetadata(AnnotationMetadata method) {
            this.method = method;
            for (Class<? extends Annotation> type : RESOLVED) {
                method.findAnnotation(type).ifPresent(value -> annotations.put(type.getName(), resolve(value)));
            }
        }

        private static <A extends Annotation> AnnotationValue<A> resolve(AnnotationValue<A> value) {
            Map<CharSequence, Object> members = new LinkedHashMap<>();
            for (CharSequence member : value.getValues().keySet()) {
                value.get(member, Object.class).ifPresent(v -> members.put(member, v));
            }
            return new AnnotationValue<>(value.getAnnotationName(), members, value.getDefaultValues());
        }

        @Override
        public AnnotationMetadata getAnnotationMetadata() {
            return method;
        }

        @SuppressWarnings("unchecked")
        @Override
        public <T extends Annotation> Optional<AnnotationValue<T>> findAnnotation(String annotation) {
            AnnotationValue<?> value = annotations.get(annotation);
            return value != null ? Optional.of((AnnotationValue<T>) value) : method.findAnnotation(annotation);
        }

        @Override
        public <T extends Annotation> Optional<AnnotationValue<T>> findAnnotation(Class<T> annotation) {
            return findAnnotation(annotation.getName());
        }

        @Override
        public <T> Optional<T> getValue(String annotation, String member, Argument<T> requiredType) {
            AnnotationValue<?> value = annotations.get(annotation);
            return value != null ? value.get(member, requiredType) : method.getValue(annotation, member, requiredType);
        }

        @Override
        public <T> Optional<T> getValue(String annotation, String member, Class<T> requiredType) {
            return getValue(annotation, member, Argument.of(requiredType));
        }

        @Override
        public <T> Optional<T> getValue(Class<? extends Annotation> annotation, String member, Argument<T> requiredType) {
            return getValue(annotation.getName(), member, requiredType);
        }

        @Override
        public <T> Optional<T> getValue(Class<? extends Annotation> annotation, String member, Class<T> requiredType) {
            return getValue(annotation.getName(), member, Argument.of(requiredType));
        }
    }

    /** The call being intercepted, answering annotation questions from {@link ResolvedMetadata}. */
    private static final class ResolvedContext implements MethodInvocationContext<Object, Object> {

        private final MethodInvocationContext<Object, Object> call;
        private final AnnotationMetadata metadata;

        ResolvedContext(MethodInvocationContext<Object, Object> call, AnnotationMetadata metadata) {
            this.call = call;
            this.metadata = metadata;
        }

        @Override
        public AnnotationMetadata getAnnotationMetadata() {
            return metadata;
        }

        @Override
        public ExecutableMethod<Object, Object> getExecutableMethod() {
            return call.getExecutableMethod();
        }

        @Override
        public Map<String, MutableArgumentValue<?>> getParameters() {
            return call.getParameters();
        }

        @Override
        public Object getTarget() {
            return call.getTarget();
        }

        @Override
        public Object proceed() {
            return Answered.carried(call::proceed);
        }

        @Override
        public Object proceed(Interceptor from) {
            return Answered.carried(() -> call.proceed(from));
        }

        @Override
        public Object[] getParameterValues() {
            return call.getParameterValues();
        }

        @Override
        public MutableConvertibleValues<Object> getAttributes() {
            return call.getAttributes();
        }

        @Override
        public Method getTargetMethod() {
            return call.getTargetMethod();
        }

        @Override
        public ReturnType<Object> getReturnType() {
            return call.getReturnType();
        }

        @Override
        public Class<Object> getDeclaringType() {
            return call.getDeclaringType();
        }

        @Override
        public String getMethodName() {
            return call.getMethodName();
        }

        @Override
        public Argument<?>[] getArguments() {
            return call.getArguments();
        }

        @Override
        public Object invoke(Object instance, Object... arguments) {
            return call.invoke(instance, arguments);
        }

        @Override
        public boolean isSuspend() {
            return call.isSuspend();
        }

        @Override
        public boolean isAbstract() {
            return call.isAbstract();
        }

        @Override
        public String toString() {
            return call.toString();
        }
    }
}
