package dev.ecsdns.web;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;

import java.util.concurrent.CompletableFuture;

/**
 * The ALB's default route: the items page, one page of items at a time. It runs on the event loop and answers when
 * the api's answers arrived (see {@link ItemsPageRenderer#load}).
 */
@Controller
final class PageController {

    private final ItemsPageRenderer pages;

    PageController(ItemsPageRenderer pages) {
        this.pages = pages;
    }

    /**
     * @param cursor the api's cursor for the page to show; none for the first
     * @param done   what the redirect after a form post reports, see {@link Notice}
     */
    @Get(produces = MediaType.TEXT_HTML)
    CompletableFuture<MutableHttpResponse<?>> page(HttpRequest<?> request, @Nullable @QueryValue String cursor,
                                                   @Nullable @QueryValue String done) {
        String shown = cursor == null || cursor.isBlank() ? null : cursor;
        return pages.render(request, shown, HttpStatus.OK, page -> page.withNotice(Notice.message(done)));
    }
}
