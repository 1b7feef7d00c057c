package dev.ecsdns.database;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;

import static dev.ecsdns.database.Http.item;
import static org.assertj.core.api.Assertions.assertThat;

@MicronautTest
class ItemsCrudTest extends DatabaseTest {

    private static final String PROBLEM_JSON = "application/problem+json";
    private static final String UNKNOWN_ID = "00000000-0000-4000-8000-000000000000";

    private Map<String, Object> created(String name, int quantity) {
        Http.Response response = http().post("/items", item(name, quantity));
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        return response.json();
    }

    @Test
    void createsItemAtVersionOneWithLocationAndEtag() {
        Http.Response response = http().post("/items", "{\"name\":\"  apple  \",\"quantity\":3}");

        assertThat(response.status()).isEqualTo(201);
        Map<String, Object> body = response.json();
        assertThat(body).containsEntry("name", "apple").containsEntry("quantity", 3).containsEntry("version", 1);
        assertThat(response.header("Location")).isEqualTo("/items/" + body.get("id"));
        assertThat(response.header("ETag")).isEqualTo("\"1\"");
        assertThat((String) body.get("id")).matches("[0-9a-f-]{36}");
    }

    @Test
    void writesTimestampsAsIsoUtcStrings() {
        Map<String, Object> body = created("pear", 1);

        assertThat((String) body.get("createdAt")).endsWith("Z");
        assertThat(Instant.parse((String) body.get("createdAt"))).isEqualTo(Instant.parse((String) body.get("updatedAt")));
    }

    @Test
    void readsAStoredItemWithItsEtag() {
        Map<String, Object> stored = created("plum", 7);

        Http.Response response = http().get("/items/" + stored.get("id"));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json()).isEqualTo(stored);
        assertThat(response.header("ETag")).isEqualTo("\"1\"");
    }

    @Test
    void answersProblemJson404ForUnknownItem() {
        Http.Response response = http().get("/items/" + UNKNOWN_ID);

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.header("Content-Type")).startsWith(PROBLEM_JSON);
        assertThat(response.json()).containsEntry("status", 404).containsEntry("instance", "/items/" + UNKNOWN_ID);
    }

    @Test
    void answers404ForIdsThatCannotExist() {
        assertThat(http().get("/items/idem%23some-key").status()).isEqualTo(404);
    }

    @Test
    void updateWithCurrentEtagStoresChangesAndBumpsVersion() {
        Map<String, Object> stored = created("fig", 1);

        Http.Response response = http().put("/items/" + stored.get("id"), item("figs", 2), "If-Match", "\"1\"");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("ETag")).isEqualTo("\"2\"");
        assertThat(response.json()).containsEntry("name", "figs").containsEntry("quantity", 2).containsEntry("version", 2)
            .containsEntry("createdAt", stored.get("createdAt"));
        assertThat(http().get("/items/" + stored.get("id")).json()).containsEntry("version", 2);
    }

    @Test
    void updateWithStaleEtagIs412AndChangesNothing() {
        Map<String, Object> stored = created("kiwi", 1);
        String path = "/items/" + stored.get("id");
        http().put(path, item("kiwi", 2), "If-Match", "\"1\"");

        Http.Response response = http().put(path, item("kiwi", 99), "If-Match", "\"1\"");

        assertThat(response.status()).isEqualTo(412);
        assertThat(response.header("Content-Type")).startsWith(PROBLEM_JSON);
        assertThat(http().get(path).json()).containsEntry("quantity", 2).containsEntry("version", 2);
    }

    @Test
    void staleEtagAnswerNamesTheCurrentEtag() {
        String path = "/items/" + created("kiwi", 1).get("id");
        http().put(path, item("kiwi", 2), "If-Match", "\"1\"");

        Http.Response response = http().put(path, item("kiwi", 3), "If-Match", "\"1\"");

        assertThat(response.header("ETag")).isEqualTo("\"2\"");
        assertThat((String) response.json().get("detail")).contains("\"2\"");
    }

    @Test
    void updateWithoutIfMatchIs428AndChangesNothing() {
        Map<String, Object> stored = created("lime", 1);

        Http.Response response = http().put("/items/" + stored.get("id"), item("lime", 5));

        assertThat(response.status()).isEqualTo(428);
        assertThat(response.header("Content-Type")).startsWith(PROBLEM_JSON);
        assertThat(http().get("/items/" + stored.get("id")).json()).containsEntry("quantity", 1);
    }

    @Test
    void updateOfUnknownItemIs404() {
        Http.Response response = http().put("/items/" + UNKNOWN_ID, item("ghost", 1), "If-Match", "\"1\"");

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.header("Content-Type")).startsWith(PROBLEM_JSON);
    }

    @Test
    void deleteRemovesTheItem() {
        Map<String, Object> stored = created("date", 1);

        Http.Response response = http().delete("/items/" + stored.get("id"));

        assertThat(response.status()).isEqualTo(204);
        assertThat(http().get("/items/" + stored.get("id")).status()).isEqualTo(404);
    }

    @Test
    void deleteWithCurrentEtagRemovesTheItem() {
        Map<String, Object> stored = created("yam", 1);

        assertThat(http().delete("/items/" + stored.get("id"), "If-Match", "\"1\"").status()).isEqualTo(204);
        assertThat(http().get("/items/" + stored.get("id")).status()).isEqualTo(404);
    }

    @Test
    void deleteWithStaleEtagIs412AndKeepsTheItem() {
        Map<String, Object> stored = created("nut", 1);

        Http.Response response = http().delete("/items/" + stored.get("id"), "If-Match", "\"2\"");

        assertThat(response.status()).isEqualTo(412);
        assertThat(http().get("/items/" + stored.get("id")).status()).isEqualTo(200);
    }

    @Test
    void deleteOfUnknownItemIs404() {
        Http.Response response = http().delete("/items/" + UNKNOWN_ID);

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.header("Content-Type")).startsWith(PROBLEM_JSON);
    }

    @Test
    void acceptsBoundaryValues() {
        String hundredChars = "x".repeat(100);

        assertThat(created("  " + hundredChars + "  ", 0)).containsEntry("name", hundredChars).containsEntry("quantity", 0);
        assertThat(created("a", 1_000_000)).containsEntry("quantity", 1_000_000);
        assertThat(http().post("/items", "{\"name\":\"b\",\"quantity\":2.0}").json()).containsEntry("quantity", 2);
    }
}
