package dev.ecsdns.api;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A client listing an empty table still gets both fields, as the contract shows them.
 */
class EmptyListTest extends FakeDatabaseTest {

    @Test
    void listsAnEmptyTableAsAnEmptyArrayAndNoNextPage() {
        ApiCalls.Reply page = calls.get("/api/items");

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).isEqualTo("{\"items\":[],\"next\":null}");
    }
}
