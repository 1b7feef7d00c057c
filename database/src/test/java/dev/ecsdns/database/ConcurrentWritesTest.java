package dev.ecsdns.database;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@MicronautTest
class ConcurrentWritesTest extends DatabaseTest {

    private static final int WRITERS = 20;

    @Test
    void concurrentUpdatesOfOneVersionLetExactlyOneWin() throws Exception {
        String path = http().post("/items", Http.item("contested", 0)).header("Location");

        List<Http.Response> responses = Http.concurrently(WRITERS,
            () -> http().put(path, Http.item("contested", 1), "If-Match", "\"1\""));

        assertThat(responses).extracting(Http.Response::status).filteredOn(s -> s == 200).hasSize(1);
        assertThat(responses).extracting(Http.Response::status).filteredOn(s -> s == 412).hasSize(WRITERS - 1);
        assertThat(http().get(path).json()).containsEntry("version", 2);
    }

    @Test
    void concurrentDeletesOfOneVersionLetExactlyOneWin() throws Exception {
        String path = http().post("/items", Http.item("doomed", 0)).header("Location");

        List<Http.Response> responses = Http.concurrently(WRITERS, () -> http().delete(path, "If-Match", "\"1\""));

        assertThat(responses).extracting(Http.Response::status).filteredOn(s -> s == 204).hasSize(1);
        assertThat(responses).extracting(Http.Response::status).filteredOn(s -> s == 404).hasSize(WRITERS - 1);
    }
}
