package dev.ecsdns.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * An OpenAPI 3.0 document and the checks one real answer must pass against it: the status is documented for the
 * operation, the Content-Type is the documented one, the body validates against the documented schema (JSON Schema
 * with OpenAPI's nullable, $refs into components resolved), and the documented headers ETag, Location and
 * Retry-After are sent while no undocumented one of the contract's headers is.
 */
final class OpenApiDocument {

    private static final String BASE = "https://openapi.test/api.yml";
    private static final Set<String> CONTRACT_HEADERS = Set.of("etag", "location", "retry-after", "idempotent-replayed");
    private static final Set<String> ALWAYS_SENT = Set.of("etag", "location", "retry-after");

    private final JsonNode root;
    private final JsonSchemaFactory factory;
    private final SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().nullableKeywordEnabled(true).build();

    OpenApiDocument(String yaml) {
        try {
            this.root = new ObjectMapper(new YAMLFactory()).readTree(yaml);
            String json = new ObjectMapper().writeValueAsString(root);
            this.factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4,
                builder -> builder.schemaLoaders(loaders -> loaders.schemas(Map.of(BASE, json))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every way {@code answer} departs from the document's {@code method path}; empty when it conforms. */
    List<String> violations(String method, String path, HttpResponse<String> answer) {
        List<String> found = new ArrayList<>();
        String where = method + " " + path + " -> " + answer.statusCode();
        JsonNode operation = root.path("paths").path(path).path(method.toLowerCase(Locale.ROOT));
        if (operation.isMissingNode()) {
            return List.of(where + ": operation not in the document");
        }
        JsonNode response = operation.path("responses").path(String.valueOf(answer.statusCode()));
        if (response.isMissingNode()) {
            return List.of(where + ": status not documented (documented: " + fieldNames(operation.path("responses")) + ")");
        }
        checkHeaders(where, response.path("headers"), answer, found);
        JsonNode content = response.path("content");
        String contentType = answer.headers().firstValue("Content-Type").orElse("").replaceAll(";.*", "").trim();
        if (content.isMissingNode() || content.isEmpty()) {
            if (!answer.body().isEmpty()) {
                found.add(where + ": a body where the document has none");
            }
            return found;
        }
        JsonNode media = content.path(contentType);
        if (media.isMissingNode()) {
            found.add(where + ": Content-Type " + contentType + " not documented (documented: " + fieldNames(content) + ")");
            return found;
        }
        JsonSchema schema = factory.getSchema(SchemaLocation.of(BASE + "#" + pointer(method, path, answer.statusCode(),
            contentType)), config);
        Set<ValidationMessage> messages = schema.validate(answer.body(), com.networknt.schema.InputFormat.JSON);
        messages.forEach(message -> found.add(where + ": body " + message.getMessage()));
        return found;
    }

    private static void checkHeaders(String where, JsonNode documented, HttpResponse<String> answer, List<String> found) {
        Set<String> names = new java.util.HashSet<>();
        documented.fieldNames().forEachRemaining(name -> names.add(name.toLowerCase(Locale.ROOT)));
        for (String name : CONTRACT_HEADERS) {
            boolean sent = answer.headers().firstValue(name).isPresent();
            if (sent && !names.contains(name)) {
                found.add(where + ": header " + name + " sent but not documented");
            }
            if (!sent && names.contains(name) && ALWAYS_SENT.contains(name)) {
                found.add(where + ": header " + name + " documented but not sent");
            }
        }
    }

    /** The JSON pointer of a response schema; '/' in the path and '~' are escaped as RFC 6901 says. */
    private static String pointer(String method, String path, int status, String contentType) {
        return "/paths/" + escape(path) + "/" + method.toLowerCase(Locale.ROOT) + "/responses/" + status
            + "/content/" + escape(contentType) + "/schema";
    }

    private static String escape(String token) {
        return token.replace("~", "~0").replace("/", "~1").replace("{", "%7B").replace("}", "%7D");
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
