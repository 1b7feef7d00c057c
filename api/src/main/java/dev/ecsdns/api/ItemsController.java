package dev.ecsdns.api;

import dev.ecsdns.common.ItemRules;
import dev.ecsdns.common.Violations;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Put;
import io.micronaut.http.annotation.QueryValue;

import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * The public items API: database's contract under /api, checked here first by the shared {@link ItemRules} and
 * forwarded only when valid, so a bad request costs database nothing. Bodies arrive as text so that malformed JSON,
 * wrong types and unknown fields all become one 400 listing them. The cursor is database's to judge: api relays.
 * Every method runs on the event loop and holds no thread while database answers (see {@link DatabaseAnswers}).
 */
@Controller("/api/items")
class ItemsController implements ItemsApi {

    private final DatabaseClient database;
    private final DatabaseAnswers answers;

    ItemsController(DatabaseClient database, DatabaseAnswers answers) {
        this.database = database;
        this.answers = answers;
    }

    @Get
    public CompletableFuture<HttpResponse<ItemPage>> list(@Nullable @QueryValue String limit,
                                                          @Nullable @QueryValue String cursor) {
        Violations violations = new Violations();
        Integer size = ItemRules.limit(limit, violations);
        violations.throwIfAny();
        return answers.relay(() -> database.list(size, cursor));
    }

    @Post
    @Consumes(MediaType.APPLICATION_JSON)
    public CompletableFuture<HttpResponse<Item>> create(@Nullable @Body byte[] body, HttpHeaders headers) {
        Violations violations = new Violations();
        NewItem item = ItemRules.newItem(headers, body, violations, NewItem::new);
        String key = ItemRules.idempotencyKey(headers.getAll(ItemRules.IDEMPOTENCY_KEY), violations);
        violations.throwIfAny();
        // A key of our own when the client sent none: a create repeated towards database still stores one item.
        String idempotencyKey = key == null ? UUID.randomUUID().toString() : key;
        return answers.relay(() -> database.create(item, idempotencyKey));
    }

    @Get("/{id}")
    public CompletableFuture<HttpResponse<Item>> find(String id) {
        return answers.relay(() -> database.find(id));
    }

    @Put("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public CompletableFuture<HttpResponse<Item>> replace(String id, @Nullable @Body byte[] body, HttpHeaders headers) {
        Violations violations = new Violations();
        NewItem item = ItemRules.newItem(headers, body, violations, NewItem::new);
        String ifMatch = etag(ItemRules.ifMatch(headers.getAll(HttpHeaders.IF_MATCH), violations));
        violations.throwIfAny();
        return answers.relay(() -> database.replace(id, item, ifMatch));
    }

    @Delete("/{id}")
    public CompletableFuture<Void> delete(String id, HttpHeaders headers) {
        Violations violations = new Violations();
        String ifMatch = etag(ItemRules.ifMatch(headers.getAll(HttpHeaders.IF_MATCH), violations));
        violations.throwIfAny();
        // database's 204 carries nothing to pass on: the answer is the @Status, 204 without a body
        return answers.relay(() -> database.delete(id, ifMatch)).thenApply(deleted -> null);
    }

    /** The version as database's ETag; none when the client sent none (database then answers 428 where needed). */
    @Nullable
    private static String etag(@Nullable Long version) {
        return version == null ? null : "\"" + version + "\"";
    }
}
