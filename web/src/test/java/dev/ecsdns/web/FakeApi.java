package dev.ecsdns.web;

import dev.ecsdns.common.Problem;
import dev.ecsdns.common.Whoami;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
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

import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The api service's contract, in memory: versions and If-Match, Idempotency-Key, cursor paging and problem+json
 * rejections. It also records the headers web sent, and can play an api answering 503.
 */
@Requires(property = "spec.name", value = "fake-api")
@Controller("/api")
class FakeApi {

    static final Whoami WHOAMI = new Whoami("api", "a1a1a1a1", new Whoami("database", "d1d1d1d1", null));

    private final Map<String, Item> items = new LinkedHashMap<>();
    private final Map<String, Long> sequence = new LinkedHashMap<>();
    private final Map<String, String> idByIdempotencyKey = new LinkedHashMap<>();
    private final List<String> idempotencyKeys = new ArrayList<>();
    private final List<String> ifMatches = new ArrayList<>();
    private long created;
    private boolean failing;

    @Get("/items{?limit,cursor}")
    synchronized HttpResponse<?> list(@QueryValue(defaultValue = "20") int limit, @Nullable String cursor) {
        if (failing) {
            return unavailable();
        }
        if (limit < 1 || limit > 100) {
            return problem(HttpStatus.BAD_REQUEST, Map.of("limit", "must be between 1 and 100"));
        }
        Optional<Long> after = cursor == null ? Optional.of(0L) : parseCursor(cursor);
        if (after.isEmpty()) {
            return problem(HttpStatus.BAD_REQUEST, Map.of("cursor", "is not a cursor this service gave out"));
        }
        List<Item> rest = items.values().stream().filter(i -> sequence.get(i.id()) > after.get()).toList();
        List<Item> page = rest.stream().limit(limit).toList();
        String next = rest.size() > limit ? "s" + sequence.get(page.get(page.size() - 1).id()) : null;
        return HttpResponse.ok(new ItemPage(page, next));
    }

    @Post("/items")
    synchronized HttpResponse<?> create(@Nullable @Header("Idempotency-Key") String key, @Body Map<String, Object> body) {
        if (failing) {
            return unavailable();
        }
        idempotencyKeys.add(key);
        Map<String, String> invalid = invalid(body);
        if (!invalid.isEmpty()) {
            return problem(HttpStatus.BAD_REQUEST, invalid);
        }
        Item item = key != null && idByIdempotencyKey.containsKey(key)
            ? items.get(idByIdempotencyKey.get(key))
            : add(((String) body.get("name")).trim(), ((Number) body.get("quantity")).intValue());
        if (key != null) {
            idByIdempotencyKey.put(key, item.id());
        }
        return withEtag(HttpResponse.created(item, URI.create("/api/items/" + item.id())), item);
    }

    @Get("/items/{id}")
    synchronized HttpResponse<?> find(String id) {
        Item item = items.get(id);
        return item == null ? problem(HttpStatus.NOT_FOUND, Map.of()) : withEtag(HttpResponse.ok(item), item);
    }

    @Put("/items/{id}")
    synchronized HttpResponse<?> replace(String id, @Nullable @Header("If-Match") String ifMatch,
                                         @Body Map<String, Object> body) {
        ifMatches.add(ifMatch);
        Item item = items.get(id);
        if (item == null) {
            return problem(HttpStatus.NOT_FOUND, Map.of());
        }
        if (ifMatch == null) {
            return problem(HttpStatus.PRECONDITION_REQUIRED, Map.of());
        }
        Map<String, String> invalid = invalid(body);
        if (!invalid.isEmpty()) {
            return problem(HttpStatus.BAD_REQUEST, invalid);
        }
        if (!ifMatch.equals(etag(item))) {
            return problem(HttpStatus.PRECONDITION_FAILED, Map.of());
        }
        Item changed = change(id, ((String) body.get("name")).trim(), ((Number) body.get("quantity")).intValue());
        return withEtag(HttpResponse.ok(changed), changed);
    }

    @Delete("/items/{id}")
    synchronized HttpResponse<?> delete(String id, @Nullable @Header("If-Match") String ifMatch) {
        ifMatches.add(ifMatch);
        Item item = items.get(id);
        if (item == null) {
            return problem(HttpStatus.NOT_FOUND, Map.of());
        }
        if (ifMatch != null && !ifMatch.equals(etag(item))) {
            return problem(HttpStatus.PRECONDITION_FAILED, Map.of());
        }
        items.remove(id);
        return HttpResponse.noContent();
    }

    @Get("/whoami")
    HttpResponse<?> whoami() {
        return failing ? unavailable() : HttpResponse.ok(WHOAMI);
    }

    // What tests use to arrange and to look behind web's back.

    synchronized Item add(String name, int quantity) {
        Instant now = Instant.now();
        Item item = new Item(UUID.randomUUID().toString(), name, quantity, 1, now, now);
        items.put(item.id(), item);
        sequence.put(item.id(), ++created);
        return item;
    }

    /** Someone else's change: a new version, as the real api would make it. */
    synchronized Item change(String id, String name, int quantity) {
        Item old = items.get(id);
        Item item = new Item(id, name, quantity, old.version() + 1, old.createdAt(), Instant.now());
        items.put(id, item);
        return item;
    }

    synchronized void remove(String id) {
        items.remove(id);
    }

    synchronized List<Item> items() {
        return List.copyOf(items.values());
    }

    synchronized List<String> idempotencyKeys() {
        return List.copyOf(idempotencyKeys);
    }

    synchronized List<String> ifMatches() {
        return new ArrayList<>(ifMatches);
    }

    synchronized void failing(boolean failing) {
        this.failing = failing;
    }

    synchronized void reset() {
        items.clear();
        sequence.clear();
        idByIdempotencyKey.clear();
        idempotencyKeys.clear();
        ifMatches.clear();
        failing = false;
    }

    private static Map<String, String> invalid(Map<String, Object> body) {
        Map<String, String> invalid = new LinkedHashMap<>();
        Object name = body.get("name");
        int length = name instanceof String text ? text.trim().length() : 0;
        if (length < 1 || length > 100) {
            invalid.put("name", "must be 1 to 100 characters");
        }
        Object quantity = body.get("quantity");
        boolean whole = quantity instanceof Integer || quantity instanceof Long;
        if (!whole || ((Number) quantity).longValue() < 0 || ((Number) quantity).longValue() > 1_000_000) {
            invalid.put("quantity", "must be a whole number from 0 to 1000000");
        }
        return invalid;
    }

    private static Optional<Long> parseCursor(String cursor) {
        try {
            return cursor.startsWith("s") ? Optional.of(Long.parseLong(cursor.substring(1))) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static String etag(Item item) {
        return "\"" + item.version() + "\"";
    }

    private static MutableHttpResponse<?> withEtag(MutableHttpResponse<?> response, Item item) {
        return response.header(HttpHeaders.ETAG, etag(item));
    }

    private static MutableHttpResponse<?> unavailable() {
        return problem(HttpStatus.SERVICE_UNAVAILABLE, Map.of()).header(HttpHeaders.RETRY_AFTER, "2");
    }

    private static MutableHttpResponse<Problem> problem(HttpStatus status, Map<String, String> invalid) {
        List<Problem.InvalidParam> params = invalid.entrySet().stream()
            .map(e -> new Problem.InvalidParam(e.getKey(), e.getValue())).toList();
        Problem problem = new Problem("about:blank", status.getReason(), status.getCode(),
            params.isEmpty() ? status.getReason() : params.size() + " invalid parameters.", null,
            params.isEmpty() ? null : params);
        return HttpResponse.<Problem>status(status).body(problem).contentType(Problem.MEDIA_TYPE);
    }
}
