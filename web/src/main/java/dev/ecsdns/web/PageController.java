package dev.ecsdns.web;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

/**
 * The ALB's default route: the items page, one page of items at a time.
 */
@Controller
@ExecuteOn(TaskExecutors.BLOCKING)
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
    HttpResponse<?> page(HttpRequest<?> request, @Nullable @QueryValue String cursor, @Nullable @QueryValue String done) {
        String shown = cursor == null || cursor.isBlank() ? null : cursor;
        return pages.render(request, shown, HttpStatus.OK, page -> page.withNotice(Notice.message(done)));
    }
}
