package dev.ecsdns.api;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.swagger.v3.oas.annotations.Hidden;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * Serves the OpenAPI document the build generated from {@link ItemsApi}, under /api so it is reachable through the
 * load balancer like the API it describes.
 */
@Hidden
@Controller
class OpenApiController {

    /** Where the compiler's OpenAPI processor writes the document: title "api", version "1". */
    static final String DOCUMENT = "META-INF/swagger/api-1.yml";
    static final String MEDIA_TYPE = "application/yaml";

    private final byte[] document;

    OpenApiController() {
        try (InputStream in = OpenApiController.class.getClassLoader().getResourceAsStream(DOCUMENT)) {
            if (in == null) {
                throw new IllegalStateException(DOCUMENT + " is missing: the build generates it from ItemsApi");
            }
            this.document = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Get(value = "/api/openapi.yml", produces = MEDIA_TYPE)
    HttpResponse<byte[]> document() {
        return HttpResponse.ok(document).contentType(MEDIA_TYPE);
    }
}
