package dev.ecsdns.api;

import dev.ecsdns.common.Problem;
import dev.ecsdns.common.Whoami;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Put;
import io.micronaut.http.annotation.QueryValue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * database's contract in memory, honestly: versions and ETags, If-Match (428/412), idempotency keys (a replay answers
 * like the first call with Idempotent-Replayed: true; 422 for another body; 409 once the key's item is deleted),
 * cursor paging (400 for a cursor it did not issue), problem+json errors. Runs in its own embedded server.
 */
@Requires(property = "spec.name", value = FakeDatabaseController.SPEC)
@Controller
class FakeDatabaseController {

    static final String SPEC = "FakeDatabase";
    private static final String REPLAYED = "Idempotent-Replayed";

    private final Map<String, Item> items = new LinkedHashMap<>();
    private final Map<String, Creation> creations = new HashMap<>();

    @Post("/items")
    synchronized HttpResponse<?> create(HttpRequest<?> request, @Body NewItem item,
                                        @Nullable @Header("Idempotency-Key") String key) {
        if (!valid(item)) {
            return problem(HttpStatus.BAD_REQUEST, request, "name or quantity out of range");
        }
        Creation earlier = key == null ? null : creations.get(key);
        if (earlier != null && !earlier.item().equals(item)) {
            return problem(HttpStatus.UNPROCESSABLE_ENTITY, request, "Idempotency-Key already used for another item");
        }
        if (earlier != null && !items.containsKey(earlier.id())) {
            return problem(HttpStatus.CONFLICT, request, "Idempotency-Key created an item that has been deleted since");
        }
        if (earlier != null) {
            return located(HttpResponse.created(items.get(earlier.id())), earlier.id()).header(REPLAYED, "true");
        }
        Instant now = Instant.now();
        Item created = new Item(UUID.randomUUID().toString(), item.name().strip(), item.quantity(), 1, now, now);
        items.put(created.id(), created);
        MutableHttpResponse<?> response = located(HttpResponse.created(created), created.id());
        if (key != null) {
            creations.put(key, new Creation(item, created.id()));
            response.header(REPLAYED, "false");
        }
        return response;
    }

    @Get("/items/{id}")
    synchronized HttpResponse<?> find(HttpRequest<?> request, String id) {
        Item item = items.get(id);
        return item == null ? problem(HttpStatus.NOT_FOUND, request, "No item " + id) : tagged(HttpResponse.ok(item), item);
    }

    @Get("/items")
    synchronized HttpResponse<?> list(HttpRequest<?> request, @Nullable @QueryValue Integer limit,
                                      @Nullable @QueryValue String cursor) {
        int size = limit == null ? 20 : limit;
        if (size < 1 || size > 100) {
            return problem(HttpStatus.BAD_REQUEST, request, "limit", "must be from 1 to 100");
        }
        List<Item> all = new ArrayList<>(items.values());
        int from = cursor == null ? 0 : position(cursor);
        if (from < 0 || from > all.size()) {
            return problem(HttpStatus.BAD_REQUEST, request, "cursor", "is not a cursor this service issued");
        }
        int to = Math.min(all.size(), from + size);
        String next = to < all.size() ? cursorAt(to) : null;
        return HttpResponse.ok(new ItemPage(all.subList(from, to), next));
    }

    @Put("/items/{id}")
    synchronized HttpResponse<?> replace(HttpRequest<?> request, String id, @Body NewItem item,
                                         @Nullable @Header("If-Match") String ifMatch) {
        if (ifMatch == null) {
            return problem(HttpStatus.PRECONDITION_REQUIRED, request, "Send If-Match with the item's ETag");
        }
        Item current = items.get(id);
        if (current == null) {
            return problem(HttpStatus.NOT_FOUND, request, "No item " + id);
        }
        if (!ifMatch.equals(etag(current))) {
            return tagged(problem(HttpStatus.PRECONDITION_FAILED, request, "The item changed; read it again"), current);
        }
        if (!valid(item)) {
            return problem(HttpStatus.BAD_REQUEST, request, "name or quantity out of range");
        }
        Item replaced = new Item(id, item.name().strip(), item.quantity(), current.version() + 1, current.createdAt(),
            Instant.now());
        items.put(id, replaced);
        return tagged(HttpResponse.ok(replaced), replaced);
    }

    @Delete("/items/{id}")
    synchronized HttpResponse<?> delete(HttpRequest<?> request, String id, @Nullable @Header("If-Match") String ifMatch) {
        Item current = items.get(id);
        if (current == null) {
            return problem(HttpStatus.NOT_FOUND, request, "No item " + id);
        }
        if (ifMatch != null && !ifMatch.equals(etag(current))) {
            return tagged(problem(HttpStatus.PRECONDITION_FAILED, request, "The item changed; read it again"), current);
        }
        items.remove(id);
        return HttpResponse.noContent();
    }

    @Get("/whoami")
    Whoami whoami() {
        return new Whoami("database", "d1d1d1d1", null);
    }

    synchronized int storedItems() {
        return items.size();
    }

    private static boolean valid(NewItem item) {
        int length = item.name() == null ? 0 : item.name().strip().length();
        return length >= 1 && length <= 100 && item.quantity() >= 0 && item.quantity() <= 1_000_000;
    }

    private static MutableHttpResponse<?> located(MutableHttpResponse<Item> response, String id) {
        return tagged(response.header(HttpHeaders.LOCATION, "/items/" + id), response.body());
    }

    private static MutableHttpResponse<?> tagged(MutableHttpResponse<?> response, Item item) {
        return response.header(HttpHeaders.ETAG, etag(item));
    }

    private static String etag(Item item) {
        return "\"" + item.version() + "\"";
    }

    private static String cursorAt(int position) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(("at:" + position).getBytes(StandardCharsets.UTF_8));
    }

    private static int position(String cursor) {
        try {
            String decoded = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            return decoded.startsWith("at:") ? Integer.parseInt(decoded.substring(3)) : -1;
        } catch (IllegalArgumentException notOurs) {
            return -1;
        }
    }

    private static MutableHttpResponse<Problem> problem(HttpStatus status, HttpRequest<?> request, String detail) {
        return problem(status, new Problem("about:blank", status.getReason(), status.getCode(), detail, request.getPath(), null));
    }

    private static MutableHttpResponse<Problem> problem(HttpStatus status, HttpRequest<?> request, String param,
                                                        String reason) {
        return problem(status, new Problem("about:blank", status.getReason(), status.getCode(), "1 invalid parameter.",
            request.getPath(), List.of(new Problem.InvalidParam(param, reason))));
    }

    private static MutableHttpResponse<Problem> problem(HttpStatus status, Problem problem) {
        return HttpResponse.status(status).contentType(Problem.MEDIA_TYPE).body(problem);
    }

    private record Creation(NewItem item, String id) {
    }
}
