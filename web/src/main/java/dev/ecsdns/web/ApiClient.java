package dev.ecsdns.web;

import dev.ecsdns.common.DownstreamCall;
import dev.ecsdns.common.Problem;
import dev.ecsdns.common.Whoami;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Put;
import io.micronaut.http.client.annotation.Client;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The api service's item contract. Rejections arrive as HttpClientResponseException carrying the api's problem+json
 * body, so callers can show the api's own reasons next to the form fields. Every call is safe to repeat on another
 * api instance: reads, writes with If-Match, creates with the form's Idempotency-Key. The reads answer a future, so
 * the page holds no thread while the api answers; the form posts' writes block their virtual thread.
 */
@DownstreamCall
@Client(id = "api", path = "/api", errorType = Problem.class)
interface ApiClient {

    /**
     * The whole answer, for its Served-By (which api and database instances served the page). A 404 (the api has no
     * such route) completes with that answer, without a body; other failures fail as the blocking calls throw.
     */
    @Get("/items{?limit,cursor}")
    CompletableFuture<HttpResponse<ItemPage>> list(int limit, @Nullable String cursor);

    @Post("/items")
    Item create(@Header("Idempotency-Key") String idempotencyKey, @Body NewItem item);

    /** Empty when the item is gone: a declarative client turns 404 into an empty answer, not an exception. */
    @Put("/items/{id}")
    Optional<Item> replace(String id, @Nullable @Header("If-Match") String ifMatch, @Body NewItem item);

    /** Returns the 404 response instead of throwing, so "already deleted" needs no exception handling. */
    @Delete("/items/{id}")
    HttpResponse<Void> delete(String id, @Nullable @Header("If-Match") String ifMatch);

    @Get("/whoami")
    CompletableFuture<Whoami> whoami();
}
