package dev.ecsdns.database;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * 23 items, 7 of them created with an Idempotency-Key (so the table also holds 7 records that are not items).
 */
@MicronautTest
class ItemsPagingTest extends DatabaseTest {

    private static final int ITEMS = 23;

    private final Set<String> createdIds = new HashSet<>();

    @BeforeAll
    void storeItems() {
        for (int i = 0; i < ITEMS; i++) {
            String[] headers = i % 3 == 0 ? new String[] {"Idempotency-Key", "paging-" + i} : new String[0];
            Http.Response response = http().post("/items", Http.item("item-" + i, i), headers);
            assertThat(response.status()).isEqualTo(201);
            createdIds.add((String) response.json().get("id"));
        }
    }

    @Test
    void pagesThroughEveryItemExactlyOnce() {
        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            String query = "/items?limit=5" + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8));
            Http.Response page = http().get(query);
            assertThat(page.status()).isEqualTo(200);
            assertThat(page.items()).hasSizeLessThanOrEqualTo(5);
            page.items().forEach(item -> seen.add((String) item.get("id")));
            cursor = (String) page.json().get("next");
            pages++;
        } while (cursor != null && pages < 20);

        assertThat(seen).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(createdIds);
        assertThat(pages).isBetween(5, 6);
    }

    @Test
    void fullPagesAreFullDespiteIdempotencyRecordsInTheTable() {
        Http.Response first = http().get("/items?limit=7");
        Http.Response second = http().get("/items?limit=7&cursor=" + first.json().get("next"));

        assertThat(first.items()).hasSize(7);
        assertThat(second.items()).hasSize(7);
    }

    @Test
    void listsTwentyItemsByDefault() {
        Http.Response page = http().get("/items");

        assertThat(page.items()).hasSize(20);
        assertThat(page.json().get("next")).isNotNull();
    }

    @Test
    void lastPageHasNullNext() {
        Http.Response page = http().get("/items?limit=100");

        assertThat(page.items()).hasSize(ITEMS);
        assertThat(page.json()).containsEntry("next", null);
    }

    @Test
    void itemsInAPageLookLikeSingleItems() {
        Map<String, Object> listed = http().get("/items?limit=1").items().get(0);

        assertThat(http().get("/items/" + listed.get("id")).json()).isEqualTo(listed);
    }
}
