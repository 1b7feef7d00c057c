package dev.ecsdns.database;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.ecsdns.common.ItemRules;
import dev.ecsdns.common.Problem;
import dev.ecsdns.common.ServedBy;
import dev.ecsdns.common.Violations;
import dev.ecsdns.common.InvalidRequestException;

import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
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
 * The items contract in memory, for the tests of its callers: database's API for api's tests ({@link #database()}),
 * and the same API under /api, as api relays it, for web's tests ({@link #api()}). Requests are judged by the shared
 * {@code ItemRules} and answered with database's own words; {@code ItemsContract} holds this fake to the real
 * services. It also records what its callers sent and can play a service answering 503.
 */
public final class FakeItems implements AutoCloseable {

    /** One request as the fake received it: what a test checks its caller sent. */
    public record Received(String method, String path, String idempotencyKey, String ifMatch) {
    }

    /** An item as the contract shows it. */
    public record Item(String id, String name, int quantity, long version, Instant createdAt, Instant updatedAt) {

        String etag() {
            return "\"" + version + "\"";
        }
    }

    private static final JsonFactory JSON = new JsonFactory();
    private static final int DEFAULT_LIMIT = 20;

    private final String prefix;
    private final boolean api;
    private final Map<String, Object> whoami;
    /** Served-By of every answer (this fake's own name), and of an items success (api adds database's). */
    private final String servedBy;
    private final String itemsServedBy;
    private final HttpServer server;
    private final Map<String, Item> items = new LinkedHashMap<>();
    private final Map<String, Creation> creations = new HashMap<>();
    private final List<Received> received = new ArrayList<>();
    private boolean failing;

    private FakeItems(boolean api, Map<String, Object> whoami) {
        this.api = api;
        this.prefix = api ? "/api" : "";
        this.whoami = whoami;
        this.servedBy = named(whoami);
        this.itemsServedBy = whoami.get("downstream") instanceof Map<?, ?> downstream
            ? servedBy + ", " + named(downstream) : servedBy;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::handle);
        server.start();
    }

    /** database's API: /items, /whoami. */
    public static FakeItems database() {
        return new FakeItems(false, Map.of("service", "database", "instance", "d1d1d1d1"));
    }

    /**
     * api's API: the same items under /api, a generated Idempotency-Key when the client sent none, /api/whoami, and
     * database's instance next to api's in an items success's Served-By.
     */
    public static FakeItems api() {
        return new FakeItems(true, Map.of("service", "api", "instance", "a1a1a1a1",
            "downstream", Map.of("service", "database", "instance", "d1d1d1d1")));
    }

    /** A whoami's service and instance as a Served-By entry: database=d1d1d1d1. */
    private static String named(Map<?, ?> whoami) {
        return whoami.get("service") + "=" + whoami.get("instance");
    }

    public URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** What {@link ItemsContract} checks this fake as. */
    public ItemsContract.Target target() {
        return api ? ItemsContract.Target.api(uri()) : ItemsContract.Target.database(uri());
    }

    // What tests use to arrange and to look behind the caller's back.

    public synchronized Item add(String name, int quantity) {
        Instant now = Instant.now();
        Item item = new Item(UUID.randomUUID().toString(), name, quantity, 1, now, now);
        items.put(item.id(), item);
        return item;
    }

    /** Someone else's change: a new version, as the real service would make it. */
    public synchronized Item change(String id, String name, int quantity) {
        Item old = items.get(id);
        Item item = new Item(id, name, quantity, old.version() + 1, old.createdAt(), Instant.now());
        items.put(id, item);
        return item;
    }

    public synchronized void remove(String id) {
        items.remove(id);
    }

    public synchronized List<Item> items() {
        return List.copyOf(items.values());
    }

    public synchronized List<Received> received() {
        return List.copyOf(received);
    }

    /** While true, every call answers 503 with Retry-After, as a service whose own dependency is down. */
    public synchronized void failing(boolean failing) {
        this.failing = failing;
    }

    public synchronized void reset() {
        items.clear();
        creations.clear();
        received.clear();
        failing = false;
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Answer answer;
            synchronized (this) {
                answer = answer(exchange);
            }
            boolean items = exchange.getRequestURI().getPath().startsWith(prefix + "/items");
            answer.header(ServedBy.HEADER, items && answer.status < 300 ? itemsServedBy : servedBy).send(exchange);
        }
    }

    private Answer answer(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getPath();
        byte[] body = exchange.getRequestBody().readAllBytes();
        var headers = exchange.getRequestHeaders();
        String collection = prefix + "/items";
        if (path.equals(collection) || path.startsWith(collection + "/") || path.equals(prefix + "/whoami")) {
            received.add(new Received(method, path, headers.getFirst(ItemRules.IDEMPOTENCY_KEY), headers.getFirst("If-Match")));
        }
        if (failing) {
            return problem(503, path, "The database service is unavailable; try again shortly.").header("Retry-After", "2");
        }
        try {
            if (path.equals(prefix + "/whoami") && method.equals("GET")) {
                return json(200, whoami);
            }
            if (path.equals(collection)) {
                return switch (method) {
                    case "GET" -> list(exchange.getRequestURI(), path);
                    case "POST" -> create(headers, body, path);
                    default -> problem(405, path, "Method Not Allowed");
                };
            }
            if (path.startsWith(collection + "/") && path.indexOf('/', collection.length() + 1) < 0) {
                String id = path.substring(collection.length() + 1);
                return switch (method) {
                    case "GET" -> find(id, path);
                    case "PUT" -> replace(id, headers, body, path);
                    case "DELETE" -> delete(id, headers, path);
                    default -> problem(405, path, "Method Not Allowed");
                };
            }
            return problem(404, path, "Not Found");
        } catch (InvalidRequestException invalid) {
            return invalid(path, invalid);
        } catch (io.micronaut.http.exceptions.HttpStatusException status) {
            return problem(status.getStatus().getCode(), path, status.getMessage());
        }
    }

    private Answer list(URI uri, String path) {
        Map<String, String> query = query(uri.getRawQuery());
        Violations violations = new Violations();
        Integer limit = ItemRules.limit(query.get("limit"), violations);
        String cursor = query.get("cursor");
        int from = cursor == null ? 0 : position(cursor);
        List<Item> all = new ArrayList<>(items.values());
        if (from < 0 || from > all.size()) {
            violations.add("cursor", "must be the 'next' value of an earlier page");
        }
        violations.throwIfAny();
        int to = Math.min(all.size(), from + (limit == null ? DEFAULT_LIMIT : limit));
        Map<String, Object> page = new LinkedHashMap<>();
        page.put("items", all.subList(from, to).stream().map(FakeItems::fields).toList());
        page.put("next", to < all.size() ? cursorAt(to) : null);
        return json(200, page);
    }

    private Answer create(com.sun.net.httpserver.Headers headers, byte[] body, String path) {
        Violations violations = new Violations();
        NewItem item = ItemRules.newItem(micronautHeaders(headers), body, violations, NewItem::new);
        String key = ItemRules.idempotencyKey(headers.getOrDefault(ItemRules.IDEMPOTENCY_KEY, List.of()), violations);
        violations.throwIfAny();
        if (key == null && api) {
            // api makes a key of its own when the client sent none
            key = UUID.randomUUID().toString();
        }
        Creation earlier = key == null ? null : creations.get(key);
        if (earlier != null && !earlier.item().equals(item)) {
            return problem(422, path, "This Idempotency-Key was already used with a different body.");
        }
        if (earlier != null && !items.containsKey(earlier.id())) {
            return problem(409, path, "This Idempotency-Key already created an item, which has been deleted since.");
        }
        Item created = earlier != null ? items.get(earlier.id()) : add(item.name(), item.quantity());
        Answer answer = tagged(json(201, fields(created)), created).header("Location", prefix + "/items/" + created.id());
        if (key != null) {
            creations.putIfAbsent(key, new Creation(item, created.id()));
            answer.header("Idempotent-Replayed", Boolean.toString(earlier != null));
        }
        return answer;
    }

    private Answer find(String id, String path) {
        Item item = items.get(id);
        return item == null ? notFound(path) : tagged(json(200, fields(item)), item);
    }

    private Answer replace(String id, com.sun.net.httpserver.Headers headers, byte[] body, String path) {
        Violations violations = new Violations();
        NewItem changes = ItemRules.newItem(micronautHeaders(headers), body, violations, NewItem::new);
        Long version = ItemRules.ifMatch(headers.getOrDefault("If-Match", List.of()), violations);
        violations.throwIfAny();
        if (version == null) {
            return problem(428, path, "Updates need If-Match with the item's current ETag, e.g. If-Match: \"1\".");
        }
        Item current = items.get(id);
        if (current == null) {
            return notFound(path);
        }
        if (current.version() != version) {
            return stale(path, current);
        }
        Item replaced = change(id, changes.name(), changes.quantity());
        return tagged(json(200, fields(replaced)), replaced);
    }

    private Answer delete(String id, com.sun.net.httpserver.Headers headers, String path) {
        Violations violations = new Violations();
        Long version = ItemRules.ifMatch(headers.getOrDefault("If-Match", List.of()), violations);
        violations.throwIfAny();
        Item current = items.get(id);
        if (current == null) {
            return notFound(path);
        }
        if (version != null && current.version() != version) {
            return stale(path, current);
        }
        items.remove(id);
        return new Answer(204, null, null);
    }

    private static Answer notFound(String path) {
        return problem(404, path, "No item with this id.");
    }

    private static Answer stale(String path, Item current) {
        return tagged(problem(412, path, "The item is at ETag " + current.etag()
            + ", not the one in If-Match. Read it again, then retry."), current);
    }

    private static Answer tagged(Answer answer, Item item) {
        return answer.header("ETag", item.etag());
    }

    private static Answer invalid(String path, InvalidRequestException invalid) {
        List<Problem.InvalidParam> params = invalid.invalidParams();
        Map<String, Object> problem = problemFields(400, path,
            params.size() == 1 ? "1 invalid parameter." : params.size() + " invalid parameters.");
        problem.put("invalid-params", params.stream().map(p -> {
            Map<String, Object> param = new LinkedHashMap<>();
            param.put("name", p.name());
            param.put("reason", p.reason());
            return param;
        }).toList());
        return new Answer(400, Problem.MEDIA_TYPE, write(problem));
    }

    private static Answer problem(int status, String path, String detail) {
        return new Answer(status, Problem.MEDIA_TYPE, write(problemFields(status, path, detail)));
    }

    private static Map<String, Object> problemFields(int status, String path, String detail) {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", "about:blank");
        problem.put("title", io.micronaut.http.HttpStatus.valueOf(status).getReason());
        problem.put("status", status);
        problem.put("detail", detail);
        problem.put("instance", path);
        return problem;
    }

    private static Answer json(int status, Map<String, Object> body) {
        return new Answer(status, "application/json", write(body));
    }

    private static Map<String, Object> fields(Item item) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("id", item.id());
        fields.put("name", item.name());
        fields.put("quantity", item.quantity());
        fields.put("version", item.version());
        fields.put("createdAt", item.createdAt().toString());
        fields.put("updatedAt", item.updatedAt().toString());
        return fields;
    }

    private static String write(Object value) {
        StringWriter text = new StringWriter();
        try (JsonGenerator json = JSON.createGenerator(text)) {
            write(json, value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }

    private static void write(JsonGenerator json, Object value) throws IOException {
        if (value instanceof Map<?, ?> map) {
            json.writeStartObject();
            for (Map.Entry<?, ?> field : map.entrySet()) {
                json.writeFieldName((String) field.getKey());
                write(json, field.getValue());
            }
            json.writeEndObject();
        } else if (value instanceof List<?> list) {
            json.writeStartArray();
            for (Object element : list) {
                write(json, element);
            }
            json.writeEndArray();
        } else {
            // strings, numbers and null
            json.writeObject(value);
        }
    }

    private static io.micronaut.http.HttpHeaders micronautHeaders(com.sun.net.httpserver.Headers headers) {
        var request = io.micronaut.http.HttpRequest.POST("/", "");
        headers.forEach((name, values) -> values.forEach(value -> request.header(name, value)));
        return request.getHeaders();
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> query = new HashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                query.putIfAbsent(name, eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return query;
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

    private record NewItem(String name, int quantity) {
    }

    private record Creation(NewItem item, String id) {
    }

    /** One answer to send: status, optional body, headers. */
    private static final class Answer {

        private final int status;
        private final String contentType;
        private final String body;
        private final Map<String, String> headers = new LinkedHashMap<>();

        Answer(int status, String contentType, String body) {
            this.status = status;
            this.contentType = contentType;
            this.body = body;
        }

        Answer header(String name, String value) {
            headers.put(name, value);
            return this;
        }

        void send(HttpExchange exchange) throws IOException {
            headers.forEach(exchange.getResponseHeaders()::add);
            if (body == null) {
                exchange.sendResponseHeaders(status, -1);
                return;
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", contentType);
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }
}
