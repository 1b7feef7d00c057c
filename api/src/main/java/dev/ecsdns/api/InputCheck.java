package dev.ecsdns.api;

import dev.ecsdns.common.Problem;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Checks one request against database's rules before anything is forwarded, so a bad request costs database nothing.
 * It collects every violation first: the client learns all of them from a single 400.
 */
final class InputCheck {

    private static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    private static final Pattern KEY_FORMAT = Pattern.compile("[A-Za-z0-9._:-]{1,100}");
    private static final Pattern VERSION_TAG = Pattern.compile("\"[1-9][0-9]{0,17}\"");
    private static final Pattern LIMIT_FORMAT = Pattern.compile("[0-9]{1,3}");
    private static final int MAX_LIMIT = 100;

    private final List<Problem.InvalidParam> invalid = new ArrayList<>();

    /** The client's Idempotency-Key, or null when it sent none. */
    @Nullable
    String idempotencyKey(HttpHeaders headers) {
        List<String> values = headers.getAll(IDEMPOTENCY_KEY);
        if (values.isEmpty()) {
            return null;
        }
        if (values.size() > 1 || !KEY_FORMAT.matcher(values.get(0)).matches()) {
            reject(IDEMPOTENCY_KEY, "must be sent once, as 1 to 100 characters of A-Z, a-z, 0-9, '.', '_', ':' and '-'");
            return null;
        }
        return values.get(0);
    }

    /** The client's If-Match, or null when it sent none (database then answers 428 where one is required). */
    @Nullable
    String ifMatch(HttpHeaders headers) {
        List<String> values = headers.getAll(HttpHeaders.IF_MATCH);
        if (values.isEmpty()) {
            return null;
        }
        String tag = values.get(0);
        if (values.size() > 1 || !VERSION_TAG.matcher(tag).matches()) {
            reject(HttpHeaders.IF_MATCH, "must be the item's ETag, a quoted version number such as \"3\"");
            return null;
        }
        return tag;
    }

    /** The page size asked for, or null for database's default. */
    @Nullable
    Integer limit(@Nullable String limit) {
        if (limit == null) {
            return null;
        }
        int value = LIMIT_FORMAT.matcher(limit).matches() ? Integer.parseInt(limit) : 0;
        if (value < 1 || value > MAX_LIMIT) {
            reject("limit", "must be a whole number from 1 to " + MAX_LIMIT);
            return null;
        }
        return value;
    }

    void reject(String name, String reason) {
        invalid.add(new Problem.InvalidParam(name, reason));
    }

    /** Throws the 400 listing every violation found, if there was any. */
    void done() {
        if (!invalid.isEmpty()) {
            throw RejectedRequestException.invalid(invalid);
        }
    }
}
