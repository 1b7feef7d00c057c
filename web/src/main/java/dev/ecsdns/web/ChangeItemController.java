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
 * An item row's change form. It sends the version the page showed as If-Match, so a change made on a stale page
 * never silently overwrites someone else's: the api answers 412 and the row says what happened (409 Conflict).
 */
@Controller("/items/{id}")
@ExecuteOn(TaskExecutors.BLOCKING)
final class ChangeItemController {

    private static final String NOT_SAVED = "Your change was not saved.";

    private final ApiClient api;
    private final ItemsPageRenderer pages;

    ChangeItemController(ApiClient api, ItemsPageRenderer pages) {
        this.api = api;
        this.pages = pages;
    }

    @Post(consumes = MediaType.APPLICATION_FORM_URLENCODED, produces = MediaType.TEXT_HTML)
    CompletableFuture<MutableHttpResponse<?>> change(HttpRequest<?> request, String id, @Nullable @Body byte[] body) {
        ItemForm form = FormBody.read(request.getHeaders(), body);
        String cursor = form.pageCursor();
        Map<String, String> invalid = form.invalidFields();
        if (!invalid.isEmpty()) {
            return pages.render(request, cursor, HttpStatus.UNPROCESSABLE_ENTITY,
                page -> page.withRowInput(id, form.fields(invalid), NOT_SAVED));
        }
        try {
            boolean gone = api.replace(id, form.ifMatch(), form.toNewItem()).isEmpty();
            return CompletableFuture.completedFuture(
                ItemsPageRenderer.seeOther(cursor, gone ? Notice.GONE : Notice.SAVED));
        } catch (RuntimeException e) {
            HttpClientResponseException refusal = ApiFailures.refusalOrRethrow(e);
            if (refusal == null) {
                return pages.unavailable(request, cursor, e, page -> page.withAlert(NOT_SAVED));
            }
            return switch (refusal.getStatus().getCode()) {
                case 400 -> pages.render(request, cursor, HttpStatus.UNPROCESSABLE_ENTITY,
                    page -> page.withRowInput(id, form.fields(ApiFailures.invalidFields(refusal)), NOT_SAVED));
                case 412 -> versionMovedOn(request, id, form, cursor);
                case 428 -> pages.render(request, cursor, HttpStatus.CONFLICT, page -> page.withRowMessage(id,
                    "This page did not say which version you changed. Reload it and make your change again."));
                default -> pages.render(request, cursor, HttpStatus.BAD_GATEWAY,
                    page -> page.withAlert(NOT_SAVED + " " + ApiFailures.detail(refusal)));
            };
        }
    }

    /** A double submit of a change that already applied also gets 412; the item then holds what was asked. */
    private CompletableFuture<MutableHttpResponse<?>> versionMovedOn(HttpRequest<?> request, String id, ItemForm form,
                                                                      @Nullable String cursor) {
        return pages.load(request, cursor).thenApply(page -> {
            if (page.item(id).filter(form::matches).isPresent()) {
                return ItemsPageRenderer.seeOther(cursor, Notice.SAVED);
            }
            Fields typed = form.fields(Map.of());
            String message = "Someone else changed this item while you were editing, so your change (name \u201c"
                + typed.name() + "\u201d, quantity " + typed.quantity()
                + ") was not saved. The form now shows the current values: make your change again if you still "
                + "want it.";
            return pages.respond(page.withRowMessage(id, message), HttpStatus.CONFLICT);
        });
    }
}
