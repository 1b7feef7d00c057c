package dev.ecsdns.web;

import dev.ecsdns.common.ContentTypes;
import dev.ecsdns.common.ItemRules;
import dev.ecsdns.common.Violations;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.exceptions.HttpStatusException;

import java.io.ByteArrayOutputStream;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a posted item form from its bytes, strictly, because the framework's binding is lenient where it matters:
 * it decodes bytes that are not UTF-8 (or %FF) to U+FFFD and passes them on to be stored, answers 500 for a stray
 * '%', and quotes its parser in the 400 for a field sent twice. A browser never sends any of those; what does gets
 * 400 problem+json (415 for another type or charset). What a person typed is judged later, by the api's rules.
 */
final class FormBody {

    static final Set<String> FIELDS = Set.of("name", "quantity", "version", "idempotencyKey", "cursor");
    static final String NOT_FORM = "is not a form in UTF-8: fields as name=value joined by '&', each byte outside "
        + "A-Z a-z 0-9 * - . _ as %XX";
    static final String UNKNOWN = "is not a field of the item forms";
    static final String REPEATED = "must be sent once";
    static final String KEY = "must be the key the page rendered (1 to 100 of A-Z a-z 0-9 . _ : -)";
    static final String VERSION = "must be the item version the page showed, a whole number from 1";

    private static final Pattern VERSION_FORMAT = Pattern.compile("[1-9][0-9]{0,17}");

    private FormBody() {
    }

    /** The form, or a 400 naming every field that breaks the form's syntax (415 for a body that is no UTF-8 form). */
    static ItemForm read(HttpHeaders headers, @Nullable byte[] body) {
        if (!ContentTypes.isUtf8(headers.getAll(HttpHeaders.CONTENT_TYPE), MediaType.APPLICATION_FORM_URLENCODED)) {
            throw new HttpStatusException(HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                "Post the form as Content-Type: application/x-www-form-urlencoded, in UTF-8");
        }
        Violations violations = new Violations();
        Map<String, String> fields = fields(body == null ? new byte[0] : body, violations);
        String key = fields.get("idempotencyKey");
        if (key != null && !key.isEmpty() && !ItemRules.isIdempotencyKey(key)) {
            violations.add("idempotencyKey", KEY);
        }
        String version = fields.get("version");
        if (version != null && !version.isEmpty() && !VERSION_FORMAT.matcher(version).matches()) {
            violations.add("version", VERSION);
        }
        violations.throwIfAny();
        return new ItemForm(fields.get("name"), fields.get("quantity"), version, key, fields.get("cursor"));
    }

    /** A delete must name the version the page showed: without one it would remove whatever the item holds now. */
    static String requiredIfMatch(ItemForm form) {
        String ifMatch = form.ifMatch();
        if (ifMatch == null) {
            Violations violations = new Violations();
            violations.add("version", VERSION);
            violations.throwIfAny();
        }
        return ifMatch;
    }

    private static Map<String, String> fields(byte[] body, Violations violations) {
        Map<String, String> fields = new HashMap<>();
        int start = 0;
        for (int i = 0; i <= body.length; i++) {
            if (i == body.length || body[i] == '&') {
                if (i > start) {
                    field(body, start, i, fields, violations);
                }
                start = i + 1;
            }
        }
        return fields;
    }

    private static void field(byte[] body, int from, int to, Map<String, String> fields, Violations violations) {
        int eq = from;
        while (eq < to && body[eq] != '=') {
            eq++;
        }
        String name = decode(body, from, eq);
        String value = eq < to ? decode(body, eq + 1, to) : "";
        if (name == null || value == null) {
            violations.add("body", NOT_FORM);
        } else if (!FIELDS.contains(name)) {
            violations.add(ItemRules.isPrintableText(name) ? name : "body", UNKNOWN);
        } else if (fields.putIfAbsent(name, value) != null) {
            violations.add(name, REPEATED);
        }
    }

    /** The text of a percent-encoded run ('+' is a space), or null if an escape is broken or the bytes are not UTF-8. */
    @Nullable
    private static String decode(byte[] body, int from, int to) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(to - from);
        for (int i = from; i < to; i++) {
            byte b = body[i];
            if (b == '%') {
                int high = i + 2 < to ? Character.digit(body[i + 1], 16) : -1;
                int low = high >= 0 ? Character.digit(body[i + 2], 16) : -1;
                if (low < 0) {
                    return null;
                }
                bytes.write(high << 4 | low);
                i += 2;
            } else {
                bytes.write(b == '+' ? ' ' : b);
            }
        }
        return ItemRules.utf8(bytes.toByteArray());
    }
}
