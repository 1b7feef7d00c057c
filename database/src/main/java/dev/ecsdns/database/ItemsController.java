package dev.ecsdns.database;

import dev.ecsdns.common.ItemRules;
import dev.ecsdns.common.Violations;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Put;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.exceptions.HttpStatusException;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

import java.net.URI;
import java.util.concurrent.CompletableFuture;

/**
 * The items API. Each item carries its version as ETag; updates must name it in If-Match (optimistic locking),
 * creates may carry an Idempotency-Key so a retried POST never stores a second item. Requests are checked by the
 * shared {@link ItemRules}; only the cursor, which this service issues, is checked here.
 * <p>
 * Reads answer on the event loop when DynamoDB's answer arrives; writes wait for theirs on a virtual thread.
 */
@Controller("/items")
final class ItemsController {

    static final String IDEMPOTENT_REPLAYED = "Idempotent-Replayed";
    static final int DEFAULT_LIMIT = 20;

    private final ItemRepository items;

    ItemsController(ItemRepository items) {
        this.items = items;
    }

    @Post
    @Consumes(MediaType.APPLICATION_JSON)
    @ExecuteOn(TaskExecutors.BLOCKING)
    HttpResponse<Item> create(@Body @Nullable byte[] body, HttpHeaders headers) {
        Violations violations = new Violations();
        NewItem request = ItemRules.newItem(headers, body, violations, NewItem::new);
        String key = ItemRules.idempotencyKey(headers.getAll(ItemRules.IDEMPOTENCY_KEY), violations);
        violations.throwIfAny();
        WriteResult result = key == null ? items.create(request) : items.create(request, key);
        Item item = stored(result);
        MutableHttpResponse<Item> response = HttpResponse.created(item, URI.create("/items/" + item.id()))
            .header(HttpHeaders.ETAG, item.etag());
        if (key != null) {
            // A replay answers like the first call did; the header lets a curious client tell them apart.
            response.header(IDEMPOTENT_REPLAYED, Boolean.toString(result.outcome() == WriteResult.Outcome.REPLAYED));
        }
        return response;
    }

    @Get("/{id}")
    CompletableFuture<HttpResponse<Item>> find(String id) {
        return items.find(id).thenApply(found -> {
            Item item = found.orElseThrow(ItemsController::notFound);
            return HttpResponse.ok(item).header(HttpHeaders.ETAG, item.etag());
        });
    }

    @Get
    CompletableFuture<ItemPage> list(@QueryValue @Nullable String limit, @QueryValue @Nullable String cursor) {
        Violations violations = new Violations();
        Integer size = ItemRules.limit(limit, violations);
        if (cursor != null && Cursors.decode(cursor).isEmpty()) {
            violations.add("cursor", "must be the 'next' value of an earlier page");
        }
        violations.throwIfAny();
        return items.list(size == null ? DEFAULT_LIMIT : size, cursor);
    }

    @Put("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @ExecuteOn(TaskExecutors.BLOCKING)
    HttpResponse<Item> update(String id, @Body @Nullable byte[] body, HttpHeaders headers) {
        Violations violations = new Violations();
        NewItem changes = ItemRules.newItem(headers, body, violations, NewItem::new);
        Long expectedVersion = ItemRules.ifMatch(headers.getAll(HttpHeaders.IF_MATCH), violations);
        violations.throwIfAny();
        if (expectedVersion == null) {
            throw new HttpStatusException(HttpStatus.PRECONDITION_REQUIRED,
                "Updates need If-Match with the item's current ETag, e.g. If-Match: \"1\".");
        }
        Item item = stored(items.update(id, expectedVersion, changes));
        return HttpResponse.ok(item).header(HttpHeaders.ETAG, item.etag());
    }

    @Delete("/{id}")
    @ExecuteOn(TaskExecutors.BLOCKING)
    HttpResponse<Void> delete(String id, HttpHeaders headers) {
        Violations violations = new Violations();
        Long expectedVersion = ItemRules.ifMatch(headers.getAll(HttpHeaders.IF_MATCH), violations);
        violations.throwIfAny();
        stored(items.delete(id, expectedVersion));
        return HttpResponse.noContent();
    }

    /** The item a write left behind, or the error the client sees when the write could not happen. */
    private static Item stored(WriteResult result) {
        return switch (result.outcome()) {
            case DONE, REPLAYED -> result.item();
            case NOT_FOUND -> throw notFound();
            case VERSION_MISMATCH -> throw new VersionMismatchException(result.item().etag());
            case KEY_REUSED -> throw new HttpStatusException(HttpStatus.UNPROCESSABLE_ENTITY,
                "This Idempotency-Key was already used with a different body.");
            case KEY_ITEM_DELETED -> throw new HttpStatusException(HttpStatus.CONFLICT,
                "This Idempotency-Key already created an item, which has been deleted since.");
        };
    }

    private static HttpStatusException notFound() {
        return new HttpStatusException(HttpStatus.NOT_FOUND, "No item with this id.");
    }
}
