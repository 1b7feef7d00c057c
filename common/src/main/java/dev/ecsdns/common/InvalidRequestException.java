package dev.ecsdns.common;

import io.micronaut.http.server.exceptions.response.Error;

import java.util.List;
import java.util.Optional;

/**
 * A request that breaks the API's rules, with every rule it breaks, so one 400 tells the client all of them.
 */
public final class InvalidRequestException extends RuntimeException {

    private final transient List<Problem.InvalidParam> invalidParams;

    public InvalidRequestException(List<Problem.InvalidParam> invalidParams) {
        super(invalidParams.size() + " invalid parameter(s)", null, false, false);
        this.invalidParams = List.copyOf(invalidParams);
    }

    public List<Problem.InvalidParam> invalidParams() {
        return invalidParams;
    }

    /** Invalid params as Micronaut errors, each with a path: the shared error processor lists them by name. */
    public static List<Error> errors(List<Problem.InvalidParam> invalidParams) {
        return invalidParams.stream().<Error>map(FieldError::new).toList();
    }

    private record FieldError(Problem.InvalidParam param) implements Error {

        @Override
        public Optional<String> getPath() {
            return Optional.of(param.name());
        }

        @Override
        public String getMessage() {
            return param.reason();
        }
    }
}
