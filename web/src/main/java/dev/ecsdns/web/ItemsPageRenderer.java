package dev.ecsdns.web;

import dev.ecsdns.common.Futures;
import dev.ecsdns.common.InstanceIdentity;
import dev.ecsdns.common.ServedBy;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.http.uri.UriBuilder;
import io.micronaut.views.ModelAndView;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * Loads the items page from the api service and answers with it. The page always renders: when the api is out of
 * reach it shows a banner instead of the list and answers 503 with Retry-After, so people and the ALB both see it.
 */
@Singleton
final class ItemsPageRenderer {

    private static final Logger LOG = LoggerFactory.getLogger(ItemsPageRenderer.class);

    private final ApiClient api;
    private final InstanceIdentity identity;
    private final int pageSize;
    private final String retryAfter;

    ItemsPageRenderer(ApiClient api, InstanceIdentity identity,
                      @Value("${web.page-size:20}") int pageSize,
                      @Value("${downstream.retry-after:2}") String retryAfter) {
        this.api = api;
        this.identity = identity;
        this.pageSize = pageSize;
        this.retryAfter = retryAfter;
    }

    /** Loads the page, lets the caller add what a failed form post wants shown, and answers with the status. */
    CompletableFuture<MutableHttpResponse<?>> render(HttpRequest<?> request, @Nullable String cursor, HttpStatus status,
                                                     UnaryOperator<ItemsPageModel> adjust) {
        return load(request, cursor).thenApply(page -> respond(adjust.apply(page), status));
    }

    /** The api just failed this request: render without calling it again, so the answer stays fast. */
    CompletableFuture<MutableHttpResponse<?>> unavailable(HttpRequest<?> request, @Nullable String cursor,
                                                          RuntimeException cause,
                                                          UnaryOperator<ItemsPageModel> adjust) {
        return CompletableFuture.completedFuture(
            respond(adjust.apply(unavailablePage(request, cursor, cause.toString())), HttpStatus.SERVICE_UNAVAILABLE));
    }

    /**
     * The items and, from the same answer's Served-By, which api and database instances served them (the footer). No
     * thread waits meanwhile: the page is built when the api's answer arrives.
     */
    CompletableFuture<ItemsPageModel> load(HttpRequest<?> request, @Nullable String cursor) {
        return Futures.called(() -> api.list(pageSize, cursor)).handle((answer, failure) -> {
            if (failure != null) {
                RuntimeException e = Futures.unchecked(failure);
                HttpClientResponseException refusal = ApiFailures.refusalOrRethrow(e);
                if (refusal != null && cursor != null) {
                    return load(request, null)
                        .thenApply(first -> first.withAlert("That page link no longer works; here is the first page."));
                }
                return CompletableFuture.completedFuture(unavailablePage(request, cursor, e.toString()));
            }
            ItemPage items = answer.getBody().orElse(null);
            if (items == null) {
                // A 404 (the api has no such route) or an empty success: this is not an api serving items.
                return CompletableFuture.completedFuture(
                    unavailablePage(request, cursor, "GET /api/items answered " + answer.code() + " without a page"));
            }
            return CompletableFuture.completedFuture(new ItemsPageModel(items.items().stream().map(ItemRow::of).toList(),
                AddForm.blank(), null, null, false, cursor, nextHref(items.next()),
                InstanceChain.of(identity.id(), answer.getHeaders())));
        }).thenCompose(Function.identity());
    }

    MutableHttpResponse<?> respond(ItemsPageModel page, HttpStatus status) {
        HttpStatus shown = page.apiUnavailable() ? HttpStatus.SERVICE_UNAVAILABLE : status;
        MutableHttpResponse<?> response = HttpResponse.status(shown)
            .body(new ModelAndView<>("items", Map.of("page", page)))
            // The add form holds a one-use Idempotency-Key: a page restored by Back must not reuse it for a new item.
            .header(HttpHeaders.CACHE_CONTROL, "no-store");
        // The instances behind this one, as the footer names them; common's filter puts web's own name in front.
        page.chain().behind().ifPresent(behind -> response.header(ServedBy.HEADER, behind));
        return page.apiUnavailable() ? response.header(HttpHeaders.RETRY_AFTER, retryAfter) : response;
    }

    /** Post/redirect/get: the browser's next request is a plain GET, so reload never repeats the post. */
    static MutableHttpResponse<?> seeOther(@Nullable String cursor, Notice notice) {
        URI target = UriBuilder.of("/").queryParam("cursor", cursor).queryParam("done", notice.code()).build();
        return HttpResponse.seeOther(target);
    }

    private ItemsPageModel unavailablePage(HttpRequest<?> request, @Nullable String cursor, String why) {
        LOG.warn("{} {}: api unavailable: {}", request.getMethodName(), request.getPath(), why);
        return ItemsPageModel.unavailable(cursor, new InstanceChain(identity.id(), null, null));
    }

    @Nullable
    private static String nextHref(@Nullable String next) {
        return next == null || next.isBlank() ? null : UriBuilder.of("/").queryParam("cursor", next).build().toString();
    }
}
