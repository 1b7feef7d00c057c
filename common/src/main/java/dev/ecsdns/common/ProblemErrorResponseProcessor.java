package dev.ecsdns.common;

import io.micronaut.context.annotation.Primary;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.response.Error;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import jakarta.inject.Singleton;

import java.util.List;

/**
 * Turns every error Micronaut or our handlers raise into problem+json; the single place a service shapes errors.
 * Server faults never echo the exception's message, so no internal detail reaches a client.
 */
@Primary
@Singleton
final class ProblemErrorResponseProcessor implements ErrorResponseProcessor<Problem> {

    @Override
    public MutableHttpResponse<Problem> processResponse(ErrorContext context, MutableHttpResponse<?> response) {
        HttpStatus status = response.status();
        List<Problem.InvalidParam> invalid = context.getErrors().stream()
            .filter(e -> e.getPath().isPresent())
            .map(e -> new Problem.InvalidParam(e.getPath().get(), reason(e)))
            .toList();
        String detail = detail(status, context, invalid);
        Problem problem = new Problem("about:blank", status.getReason(), status.getCode(), detail,
            context.getRequest().getPath(), invalid.isEmpty() ? null : invalid);
        return response.body(problem).contentType(Problem.MEDIA_TYPE);
    }

    private static String detail(HttpStatus status, ErrorContext context, List<Problem.InvalidParam> invalid) {
        if (status.getCode() >= 500 && status != HttpStatus.SERVICE_UNAVAILABLE && status != HttpStatus.BAD_GATEWAY) {
            return "The server could not complete the request.";
        }
        if (!invalid.isEmpty()) {
            return invalid.size() == 1 ? "1 invalid parameter." : invalid.size() + " invalid parameters.";
        }
        return context.getErrors().stream().map(Error::getMessage).findFirst().orElse(status.getReason());
    }

    private static String reason(Error error) {
        String path = error.getPath().orElse("");
        String message = error.getMessage();
        // Micronaut's validation messages read "create.item.name: must not be blank"; the path is listed apart.
        int colon = message.indexOf(": ");
        return colon > 0 && path.endsWith(message.substring(0, colon).replaceAll(".*\\.", ""))
            ? message.substring(colon + 2) : message;
    }
}
