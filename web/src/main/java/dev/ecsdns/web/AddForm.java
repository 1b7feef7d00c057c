package dev.ecsdns.web;

import java.util.Map;
import java.util.UUID;

/**
 * The add form as rendered: its inputs and the Idempotency-Key its next submission will carry.
 */
public record AddForm(Fields fields, String idempotencyKey) {

    static AddForm blank() {
        return new AddForm(Fields.empty(), UUID.randomUUID().toString());
    }

    /** Rejected input: nothing was stored, so a corrected submission is a new request with a new key. */
    static AddForm rejected(ItemForm form, Map<String, String> errors) {
        return new AddForm(form.fields(errors), UUID.randomUUID().toString());
    }

    /** The api could not be reached: it may still have stored the item, so a retry must carry the same key. */
    static AddForm retry(ItemForm form, String idempotencyKey) {
        return new AddForm(form.fields(Map.of()), idempotencyKey);
    }
}
