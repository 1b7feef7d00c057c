package dev.ecsdns.database;

import dev.ecsdns.common.ItemRules;
import io.micronaut.core.annotation.Nullable;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * Paging cursors: the partition key of the last item a Scan evaluated (its LastEvaluatedKey), base64url-encoded so
 * clients treat it as opaque. Decoding accepts only keys this table can hold, so a forged cursor is a 400, not a
 * DynamoDB error.
 */
final class Cursors {

    private Cursors() {
    }

    @Nullable
    static String encode(@Nullable String lastKey) {
        return lastKey == null ? null
            : Base64.getUrlEncoder().withoutPadding().encodeToString(lastKey.getBytes(StandardCharsets.UTF_8));
    }

    /** The key a page starts after, or empty if {@code cursor} is not one this service handed out. */
    static Optional<String> decode(String cursor) {
        try {
            String key = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            String prefix = ItemAttributes.IDEMPOTENCY_PREFIX;
            boolean known = ItemAttributes.isItemId(key)
                || key.startsWith(prefix) && ItemRules.isIdempotencyKey(key.substring(prefix.length()));
            return known ? Optional.of(key) : Optional.empty();
        } catch (IllegalArgumentException notBase64Url) {
            return Optional.empty();
        }
    }
}
