package dev.ecsdns.api;

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
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

import java.util.UUID;

/**
 * The public items API: database's contract under /api, checked here first and forwarded only when valid.
 * Bodies arrive as text so that malformed JSON, wrong types and unknown fields all become one 400 listing them.
 */
@Controller("/api/items")
@ExecuteOn(TaskExecutors.BLOCKING) // the database client blocks; never on the event loop
class ItemsController implements ItemsApi {

    private final DatabaseClient database;
    private final DatabaseAnswers answers;
    private final ItemBodyReader bodies;

    ItemsController(DatabaseClient database, DatabaseAnswers answers, ItemBodyReader bodies) {
        this.database = database;
        this.answers = answers;
        this.bodies = bodies;
    }

    @Get
    public HttpResponse<ItemPage> list(@Nullable @QueryValue String limit, @Nullable @QueryValue String cursor) {
        InputCheck check = new InputCheck();
        Integer size = check.limit(limit);
        check.done();
        return answers.relay(() -> database.list(size, cursor));
    }

    @Post
    @Consumes(MediaType.APPLICATION_JSON)
    public HttpResponse<Item> create(@Nullable @Body String body, HttpHeaders headers) {
        InputCheck check = new InputCheck();
        NewItem item = bodies.read(headers, body, check);
        String key = check.idempotencyKey(headers);
        check.done();
        // A key of our own when the client sent none: a create repeated towards database still stores one item.
        String idempotencyKey = key == null ? UUID.randomUUID().toString() : key;
        return answers.relay(() -> database.create(item, idempotencyKey));
    }

    @Get("/{id}")
    public HttpResponse<Item> find(String id) {
        return answers.relay(() -> database.find(id));
    }

    @Put("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public HttpResponse<Item> replace(String id, @Nullable @Body String body, HttpHeaders headers) {
        InputCheck check = new InputCheck();
        NewItem item = bodies.read(headers, body, check);
        String ifMatch = check.ifMatch(headers);
        check.done();
        return answers.relay(() -> database.replace(id, item, ifMatch));
    }

    @Delete("/{id}")
    public HttpResponse<Void> delete(String id, HttpHeaders headers) {
        InputCheck check = new InputCheck();
        String ifMatch = check.ifMatch(headers);
        check.done();
        return answers.relay(() -> database.delete(id, ifMatch));
    }
}
