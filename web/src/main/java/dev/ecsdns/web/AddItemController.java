package dev.ecsdns.web;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The add form's target. Its Idempotency-Key makes a double click or a retried post create the item once.
 * Rejected input comes back as the page with the reasons next to the fields and 422 Unprocessable Content.
 */
@Controller("/items")
@ExecuteOn(TaskExecutors.BLOCKING)
final class AddItemController {

    private final ApiClient api;
    private final ItemsPageRenderer pages;

    AddItemController(ApiClient api, ItemsPageRenderer pages) {
        this.api = api;
        this.pages = pages;
    }

    @Post(consumes = MediaType.APPLICATION_FORM_URLENCODED, produces = MediaType.TEXT_HTML)
    CompletableFuture<MutableHttpResponse<?>> add(HttpRequest<?> request, @Nullable @Body byte[] body) {
        ItemForm form = FormBody.read(request.getHeaders(), body);
        Map<String, String> invalid = form.invalidFields();
        if (!invalid.isEmpty()) {
            return rejected(request, form, invalid);
        }
        String key = form.idempotencyKeyOrNew();
        try {
            if (api.create(key, form.toNewItem()) == null) {
                // A declarative client turns a 404 into null: the api has no such route.
                return notUnderstood(request, form, key, "The item service does not know how to add items.");
            }
            return CompletableFuture.completedFuture(ItemsPageRenderer.seeOther(null, Notice.ADDED));
        } catch (RuntimeException e) {
            HttpClientResponseException refusal = ApiFailures.refusalOrRethrow(e);
            if (refusal == null) {
                return pages.unavailable(request, null, e,
                    page -> page.withAdd(AddForm.retry(form, key)).withAlert("The item was not added."));
            }
            if (refusal.getStatus() == HttpStatus.BAD_REQUEST) {
                return rejected(request, form, ApiFailures.invalidFields(refusal));
            }
            return notUnderstood(request, form, key, ApiFailures.detail(refusal));
        }
    }

    /** An api answer this page has no use for: 502, with the input kept for a retry under the same key. */
    private CompletableFuture<MutableHttpResponse<?>> notUnderstood(HttpRequest<?> request, ItemForm form, String key,
                                                                    String why) {
        return pages.render(request, null, HttpStatus.BAD_GATEWAY,
            page -> page.withAdd(AddForm.retry(form, key)).withAlert("The item was not added. " + why));
    }

    private CompletableFuture<MutableHttpResponse<?>> rejected(HttpRequest<?> request, ItemForm form,
                                                               Map<String, String> invalid) {
        return pages.render(request, null, HttpStatus.UNPROCESSABLE_ENTITY,
            page -> page.withAdd(AddForm.rejected(form, invalid)));
    }
}
