package dev.ecsdns.web;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

import java.util.concurrent.CompletableFuture;

/**
 * An item row's delete button (HTML forms only post). It sends the version the page showed as If-Match, so nobody
 * deletes an item whose contents changed after they looked at it. Deleting an already deleted item is not an error.
 */
@Controller("/items/{id}/delete")
@ExecuteOn(TaskExecutors.BLOCKING)
final class DeleteItemController {

    private static final String NOT_DELETED = "The item was not deleted.";

    private final ApiClient api;
    private final ItemsPageRenderer pages;

    DeleteItemController(ApiClient api, ItemsPageRenderer pages) {
        this.api = api;
        this.pages = pages;
    }

    @Post(consumes = MediaType.APPLICATION_FORM_URLENCODED, produces = MediaType.TEXT_HTML)
    CompletableFuture<MutableHttpResponse<?>> delete(HttpRequest<?> request, String id, @Nullable @Body byte[] body) {
        ItemForm form = FormBody.read(request.getHeaders(), body);
        String cursor = form.pageCursor();
        String ifMatch = FormBody.requiredIfMatch(form);
        try {
            HttpResponse<Void> answer = api.delete(id, ifMatch);
            boolean gone = answer.getStatus() == HttpStatus.NOT_FOUND;
            return CompletableFuture.completedFuture(
                ItemsPageRenderer.seeOther(cursor, gone ? Notice.GONE : Notice.DELETED));
        } catch (RuntimeException e) {
            HttpClientResponseException refusal = ApiFailures.refusalOrRethrow(e);
            if (refusal == null) {
                return pages.unavailable(request, cursor, e, page -> page.withAlert(NOT_DELETED));
            }
            if (refusal.getStatus() == HttpStatus.PRECONDITION_FAILED) {
                return pages.render(request, cursor, HttpStatus.CONFLICT, page -> page.withRowMessage(id,
                    "Someone else changed this item after this page was loaded, so it was not deleted. "
                        + "Check its current values and delete it again if you still want to."));
            }
            return pages.render(request, cursor, HttpStatus.BAD_GATEWAY,
                page -> page.withAlert(NOT_DELETED + " " + ApiFailures.detail(refusal)));
        }
    }
}
