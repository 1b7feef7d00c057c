package dev.ecsdns.api;

import io.micronaut.runtime.server.EmbeddedServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A client listing an empty table still gets both fields, as the contract shows them.
 */
class EmptyListTest {

    private static EmbeddedServer database;
    private static EmbeddedServer api;

    @BeforeAll
    static void start() {
        database = Servers.fakeDatabase(FakeDatabaseController.SPEC);
        api = Servers.api(database.getURL().toString());
    }

    @AfterAll
    static void stop() {
        api.close();
        database.close();
    }

    @Test
    void listsAnEmptyTableAsAnEmptyArrayAndNoNextPage() {
        ApiCalls.Reply page = new ApiCalls(api).get("/api/items");

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).isEqualTo("{\"items\":[],\"next\":null}");
    }
}
