package dev.ecsdns.database;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@MicronautTest
class IdempotentCreateTest extends DatabaseTest {

    private long stored(String name) {
        return http().get("/items?limit=100").items().stream().filter(item -> name.equals(item.get("name"))).count();
    }

    @Test
    void repeatedKeyReturnsTheFirstItemAndStoresNoOther() {
        Http.Response first = http().post("/items", Http.item("retried", 1), "Idempotency-Key", "order-1");
        Http.Response again = http().post("/items", Http.item("retried", 1), "Idempotency-Key", "order-1");

        assertThat(first.status()).isEqualTo(201);
        assertThat(again.status()).isEqualTo(201);
        assertThat(again.json()).isEqualTo(first.json());
        assertThat(again.header("Location")).isEqualTo(first.header("Location"));
        assertThat(first.header("Idempotent-Replayed")).isEqualTo("false");
        assertThat(again.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(stored("retried")).isEqualTo(1);
    }

    @Test
    void concurrentRequestsWithOneKeyStoreOneItem() throws Exception {

        List<Http.Response> responses = Http.concurrently(12,
            () -> http().post("/items", Http.item("raced", 1), "Idempotency-Key", "race-1"));

        assertThat(responses).extracting(Http.Response::status).containsOnly(201);
        assertThat(responses).extracting(r -> r.json().get("id")).containsOnly(responses.get(0).json().get("id"));
        assertThat(stored("raced")).isEqualTo(1);
    }

    @Test
    void sameKeyWithAnotherBodyIs422AndStoresNothing() {
        http().post("/items", Http.item("original", 1), "Idempotency-Key", "order-2");

        Http.Response response = http().post("/items", Http.item("different", 2), "Idempotency-Key", "order-2");

        assertThat(response.status()).isEqualTo(422);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        assertThat(stored("different")).isZero();
    }

    @Test
    void replayReturnsTheItemAsItIsNow() {
        Http.Response first = http().post("/items", Http.item("evolving", 1), "Idempotency-Key", "order-3");
        http().put(first.header("Location"), Http.item("evolved", 5), "If-Match", "\"1\"");

        Http.Response again = http().post("/items", Http.item("evolving", 1), "Idempotency-Key", "order-3");

        assertThat(again.status()).isEqualTo(201);
        assertThat(again.json()).containsEntry("id", first.json().get("id")).containsEntry("version", 2);
        assertThat(again.header("ETag")).isEqualTo("\"2\"");
    }

    @Test
    void replayAfterDeleteIs409AndCreatesNothing() {
        Http.Response first = http().post("/items", Http.item("fleeting", 1), "Idempotency-Key", "order-4");
        http().delete(first.header("Location"));

        Http.Response again = http().post("/items", Http.item("fleeting", 1), "Idempotency-Key", "order-4");

        assertThat(again.status()).isEqualTo(409);
        assertThat(again.header("Content-Type")).startsWith("application/problem+json");
        assertThat(stored("fleeting")).isZero();
    }

    @Test
    void nameIsComparedAfterTrimming() {
        Http.Response first = http().post("/items", Http.item("trimmed", 1), "Idempotency-Key", "order-5");

        Http.Response again = http().post("/items", Http.item("  trimmed ", 1), "Idempotency-Key", "order-5");

        assertThat(again.status()).isEqualTo(201);
        assertThat(again.json()).containsEntry("id", first.json().get("id"));
    }
}
