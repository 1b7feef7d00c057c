package dev.ecsdns.api;

import dev.ecsdns.common.Problem;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Status;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;

import java.util.concurrent.CompletableFuture;

/**
 * The items contract as OpenAPI annotations, kept apart from {@link ItemsController} (which implements it) so the
 * controller reads as code. The build generates {@code GET /api/openapi.yml} from it; {@code OpenApiConformanceIT}
 * holds the real service's answers to that document.
 */
interface ItemsApi {

    String JSON = "application/json";
    String PROBLEM = Problem.MEDIA_TYPE;
    String ETAG = "The item's version as a strong entity tag, e.g. \"3\": send it back in If-Match";
    String RETRY_AFTER = "Seconds to wait before trying again";
    String SERVED_BY = "The api and database instances that served the answer, e.g. api=1f2e3d4c, database=5a6b7c8d";
    String INVALID = "Invalid input: every violation listed under invalid-params";
    String UNAVAILABLE = "database is unavailable (refused, timed out, failing, or its circuit is open)";
    String BAD_GATEWAY = "database gave an answer api does not understand";
    String NOT_FOUND = "No item with this id";
    String VERSION_TAG = "^\"[1-9][0-9]{0,17}\"$";
    String IF_MATCH_DESCRIPTION = "The item's current ETag, e.g. \"3\"";
    String ITEM_BODY = "name: 1 to 100 characters after trimming; quantity: a whole number from 0 to 1,000,000; "
        + "no other fields";

    @Operation(summary = "One page of items, in storage order; follow next until it is null")
    @ApiResponse(responseCode = "200", description = "A page", headers = @Header(name = "Served-By",
        description = SERVED_BY, schema = @Schema(type = "string")), content = @Content(mediaType = JSON,
        schema = @Schema(implementation = ItemPage.class)))
    @ApiResponse(responseCode = "400", description = INVALID, content = @Content(mediaType = PROBLEM,
        schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "503", description = UNAVAILABLE, headers = @Header(name = "Retry-After",
        description = RETRY_AFTER, schema = @Schema(type = "integer")),
        content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    CompletableFuture<HttpResponse<ItemPage>> list(
        @Parameter(description = "Items per page, 1 to 100 (default 20)", schema = @Schema(type = "integer",
            minimum = "1", maximum = "100")) @Nullable String limit,
        @Parameter(description = "The next of the previous page") @Nullable String cursor);

    @Operation(summary = "Adds an item; with an Idempotency-Key, repeating the request returns the same item",
        parameters = @Parameter(name = "Idempotency-Key", in = ParameterIn.HEADER,
            description = "1 to 100 of A-Z a-z 0-9 . _ : -",
            schema = @Schema(type = "string", pattern = "^[A-Za-z0-9._:-]{1,100}$")))
    @RequestBody(required = true, description = ITEM_BODY, content = @Content(mediaType = JSON,
        schema = @Schema(implementation = NewItem.class)))
    @Status(HttpStatus.CREATED)
    @ApiResponse(responseCode = "201", description = "Created (or, with a known key and the same body, replayed)",
        headers = {
            @Header(name = "Location", description = "/api/items/{id}", schema = @Schema(type = "string")),
            @Header(name = "ETag", description = ETAG, schema = @Schema(type = "string")),
            @Header(name = "Idempotent-Replayed", description = "true when an earlier request with this key created "
                + "the item (sent only with an Idempotency-Key)", schema = @Schema(type = "string")),
            @Header(name = "Served-By", description = SERVED_BY, schema = @Schema(type = "string"))},
        content = @Content(mediaType = JSON, schema = @Schema(implementation = Item.class)))
    @ApiResponse(responseCode = "400", description = INVALID, content = @Content(mediaType = PROBLEM,
        schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "409", description = "This Idempotency-Key created an item that is deleted since",
        content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "413", description = "Body over 64 KiB", content = @Content(mediaType = PROBLEM,
        schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "415", description = "Not application/json", content = @Content(mediaType = PROBLEM,
        schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "422", description = "This Idempotency-Key was used with another body",
        content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "503", description = UNAVAILABLE, headers = @Header(name = "Retry-After",
        description = RETRY_AFTER, schema = @Schema(type = "integer")),
        content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    CompletableFuture<HttpResponse<Item>> create(@Parameter(hidden = true) @Nullable byte[] body,
                              @Parameter(hidden = true) HttpHeaders headers);

    @Operation(summary = "One item")
    @ApiResponse(responseCode = "200", description = "The item", headers = {@Header(name = "ETag", description = ETAG,
        schema = @Schema(type = "string")), @Header(name = "Served-By", description = SERVED_BY,
        schema = @Schema(type = "string"))}, content = @Content(mediaType = JSON,
        schema = @Schema(implementation = Item.class)))
    @ApiResponse(responseCode = "404", description = NOT_FOUND, content = @Content(mediaType = PROBLEM,
        schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "502", description = BAD_GATEWAY, content = @Content(mediaType = PROBLEM,
        schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "503", description = UNAVAILABLE, headers = @Header(name = "Retry-After",
        description = RETRY_AFTER, schema = @Schema(type = "integer")),
        content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    CompletableFuture<HttpResponse<Item>> find(String id);

    @Operation(summary = "Replaces name and quantity if the item is still at the version named in If-Match",
        parameters = @Parameter(name = "If-Match", in = ParameterIn.HEADER, required = true,
            description = IF_MATCH_DESCRIPTION, schema = @Schema(type = "string", pattern = VERSION_TAG)))
    @RequestBody(required = true, description = ITEM_BODY, content = @Content(mediaType = JSON,
        schema = @Schema(implementation = NewItem.class)))
    @ApiResponse(responseCode = "200", description = "Replaced", headers = {@Header(name = "ETag", description = ETAG,
        schema = @Schema(type = "string")), @Header(name = "Served-By", description = SERVED_BY,
        schema = @Schema(type = "string"))}, content = @Content(mediaType = JSON,
        schema = @Schema(implementation = Item.class)))
    @ApiResponse(responseCode = "400", description = INVALID, content = @Content(mediaType = PROBLEM,
        schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "404", description = NOT_FOUND, content = @Content(mediaType = PROBLEM,
        schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "412", description = "The item moved on: its current ETag comes with the answer",
        headers = @Header(name = "ETag", description = ETAG, schema = @Schema(type = "string")),
        content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "415", description = "Not application/json", content = @Content(mediaType = PROBLEM,
        schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "428", description = "If-Match is missing", content = @Content(mediaType = PROBLEM,
        schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "503", description = UNAVAILABLE, headers = @Header(name = "Retry-After",
        description = RETRY_AFTER, schema = @Schema(type = "integer")),
        content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    CompletableFuture<HttpResponse<Item>> replace(String id, @Parameter(hidden = true) @Nullable byte[] body,
                               @Parameter(hidden = true) HttpHeaders headers);

    @Operation(summary = "Deletes an item; with If-Match, only at that version",
        parameters = @Parameter(name = "If-Match", in = ParameterIn.HEADER, description = IF_MATCH_DESCRIPTION,
            schema = @Schema(type = "string", pattern = VERSION_TAG)))
    @Status(HttpStatus.NO_CONTENT)
    @ApiResponse(responseCode = "204", description = "Deleted")
    @ApiResponse(responseCode = "400", description = INVALID, content = @Content(mediaType = PROBLEM,
        schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "404", description = NOT_FOUND, content = @Content(mediaType = PROBLEM,
        schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "412", description = "The item moved on: its current ETag comes with the answer",
        headers = @Header(name = "ETag", description = ETAG, schema = @Schema(type = "string")),
        content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "503", description = UNAVAILABLE, headers = @Header(name = "Retry-After",
        description = RETRY_AFTER, schema = @Schema(type = "integer")),
        content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    CompletableFuture<Void> delete(String id, @Parameter(hidden = true) HttpHeaders headers);
}
