package dev.ecsdns.api;

import dev.ecsdns.common.DownstreamCall;
import dev.ecsdns.common.Whoami;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Put;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.client.annotation.Client;

import java.util.concurrent.CompletableFuture;

/**
 * The database service's HTTP API. Methods answer the whole response (status and headers matter, not just the body);
 * callers go through {@link DatabaseAnswers}, which tells a rejection to pass on from database failing.
 * Every call is safe to repeat on another instance (reads, If-Match writes, creates with an Idempotency-Key).
 */
@DownstreamCall
@Client(id = DatabaseClient.ID)
interface DatabaseClient {

    /** The service id: client configuration under micronaut.http.services.database, and the name in errors. */
    String ID = "database";

    @Get("/items{?limit,cursor}")
    CompletableFuture<HttpResponse<ItemPage>> list(@Nullable @QueryValue Integer limit,
                                                   @Nullable @QueryValue String cursor);

    @Post("/items")
    CompletableFuture<HttpResponse<Item>> create(@Body NewItem item, @Header("Idempotency-Key") String idempotencyKey);

    @Get("/items/{id}")
    CompletableFuture<HttpResponse<Item>> find(String id);

    @Put("/items/{id}")
    CompletableFuture<HttpResponse<Item>> replace(String id, @Body NewItem item,
                                                  @Nullable @Header("If-Match") String ifMatch);

    @Delete("/items/{id}")
    CompletableFuture<HttpResponse<Void>> delete(String id, @Nullable @Header("If-Match") String ifMatch);

    @Get("/whoami")
    CompletableFuture<HttpResponse<Whoami>> whoami();
}
