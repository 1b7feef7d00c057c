package dev.ecsdns.api;

import dev.ecsdns.common.Problem;
import dev.ecsdns.database.FakeItems;
import io.micronaut.http.HttpRequest;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static dev.ecsdns.api.ApiCalls.JSON;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * api in front of an honest fake database: what a client sees of database's contract under /api.
 */
class ItemsPassThroughTest extends FakeDatabaseTest {

    @Test
    void createsItemWith201EtagAndLocationUnderApi() {
        ApiCalls.Reply created = create("hammer", 3);

        Item item = created.as(Item.class);
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.header("ETag")).isEqualTo("\"1\"");
        assertThat(created.header("Location")).isEqualTo("/api/items/" + item.id());
        assertThat(item.name()).isEqualTo("hammer");
        assertThat(item.quantity()).isEqualTo(3);
        assertThat(item.version()).isEqualTo(1);
    }

    @Test
    void readsTheItemAtTheLocationWithItsEtag() {
        ApiCalls.Reply created = create("saw", 1);

        ApiCalls.Reply read = calls.get(created.header("Location"));

        assertThat(read.status()).isEqualTo(200);
        assertThat(read.header("ETag")).isEqualTo("\"1\"");
        assertThat(read.as(Item.class)).isEqualTo(created.as(Item.class));
    }

    @Test
    void mapsMissingItemTo404ProblemAtTheApiUrl() {
        ApiCalls.Reply missing = calls.get("/api/items/no-such-item");

        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.contentType()).isEqualTo(Problem.MEDIA_TYPE);
        assertThat(missing.problem().status()).isEqualTo(404);
        assertThat(missing.problem().detail()).isEqualTo("No item with this id.");
        assertThat(missing.problem().instance()).isEqualTo("/api/items/no-such-item");
    }

    @Test
    void replacesItemWhenIfMatchIsCurrentAndAnswersTheNewEtag() {
        String location = create("drill", 1).header("Location");

        ApiCalls.Reply replaced = calls.send(HttpRequest.PUT(location, "{\"name\":\"drill\",\"quantity\":7}")
            .contentType(JSON).header("If-Match", "\"1\""));

        assertThat(replaced.status()).isEqualTo(200);
        assertThat(replaced.header("ETag")).isEqualTo("\"2\"");
        assertThat(replaced.as(Item.class).quantity()).isEqualTo(7);
        assertThat(last().ifMatch()).isEqualTo("\"1\"");
    }

    @Test
    void forwardsIfMatchAndMaps412WhenTheVersionMovedOn() {
        String location = create("level", 1).header("Location");
        calls.send(HttpRequest.PUT(location, "{\"name\":\"level\",\"quantity\":2}").contentType(JSON).header("If-Match", "\"1\""));

        ApiCalls.Reply stale = calls.send(HttpRequest.PUT(location, "{\"name\":\"level\",\"quantity\":3}")
            .contentType(JSON).header("If-Match", "\"1\""));

        assertThat(stale.status()).isEqualTo(412);
        assertThat(stale.contentType()).isEqualTo(Problem.MEDIA_TYPE);
        assertThat(stale.header("ETag")).as("the current version, to read again").isEqualTo("\"2\"");
        assertThat(calls.get(location).as(Item.class).quantity()).isEqualTo(2);
    }

    @Test
    void maps428WhenReplaceComesWithoutIfMatch() {
        String location = create("tape", 1).header("Location");

        ApiCalls.Reply unconditional = calls.send(HttpRequest.PUT(location, "{\"name\":\"tape\",\"quantity\":2}").contentType(JSON));

        assertThat(unconditional.status()).isEqualTo(428);
        assertThat(unconditional.contentType()).isEqualTo(Problem.MEDIA_TYPE);
        assertThat(unconditional.problem().instance()).isEqualTo(location);
        assertThat(calls.get(location).as(Item.class).quantity()).isEqualTo(1);
    }

    @Test
    void maps404WhenReplacingAMissingItem() {
        ApiCalls.Reply missing = calls.send(HttpRequest.PUT("/api/items/gone", "{\"name\":\"x\",\"quantity\":2}")
            .contentType(JSON).header("If-Match", "\"1\""));

        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.contentType()).isEqualTo(Problem.MEDIA_TYPE);
    }

    @Test
    void deletesItemWith204AndItIsGoneAfterwards() {
        String location = create("glue", 1).header("Location");

        ApiCalls.Reply deleted = calls.send(HttpRequest.DELETE(location));

        assertThat(deleted.status()).isEqualTo(204);
        assertThat(deleted.body()).isEmpty();
        assertThat(calls.get(location).status()).isEqualTo(404);
    }

    @Test
    void forwardsIfMatchOnDeleteAndMaps412WhenStale() {
        String location = create("clamp", 1).header("Location");

        ApiCalls.Reply stale = calls.send(HttpRequest.DELETE(location).header("If-Match", "\"9\""));

        assertThat(stale.status()).isEqualTo(412);
        assertThat(last().ifMatch()).isEqualTo("\"9\"");
        assertThat(calls.get(location).status()).isEqualTo(200);
    }

    @Test
    void maps404WhenDeletingAMissingItem() {
        ApiCalls.Reply missing = calls.send(HttpRequest.DELETE("/api/items/gone"));

        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.contentType()).isEqualTo(Problem.MEDIA_TYPE);
    }

    @Test
    void sameIdempotencyKeyAnswersTheSameItemAndStoresItOnce() {
        String key = "order-" + UUID.randomUUID();
        int before = database.items().size();

        ApiCalls.Reply first = create("nails", 100, key);
        ApiCalls.Reply again = create("nails", 100, key);

        assertThat(first.status()).isEqualTo(201);
        assertThat(again.status()).isEqualTo(201);
        assertThat(first.header("Idempotent-Replayed")).isEqualTo("false");
        assertThat(again.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(again.as(Item.class).id()).isEqualTo(first.as(Item.class).id());
        assertThat(again.header("Location")).isEqualTo(first.header("Location"));
        assertThat(database.items().size()).isEqualTo(before + 1);
        assertThat(database.received()).extracting(FakeItems.Received::idempotencyKey).containsOnly(key);
    }

    @Test
    void generatesAnIdempotencyKeyWhenTheClientSendsNone() {
        ApiCalls.Reply created = calls.post("/api/items", "{\"name\":\"screws\",\"quantity\":5}");

        assertThat(created.status()).isEqualTo(201);
        String generated = last().idempotencyKey();
        assertThat(generated).isNotBlank();
        assertThat(UUID.fromString(generated)).isNotNull();
    }

    @Test
    void generatesADifferentKeyForEveryCreateWithoutOne() {
        calls.post("/api/items", "{\"name\":\"bolt\",\"quantity\":5}");
        calls.post("/api/items", "{\"name\":\"bolt\",\"quantity\":5}");

        assertThat(database.received()).extracting(FakeItems.Received::idempotencyKey).doesNotHaveDuplicates().hasSize(2);
    }

    @Test
    void maps422WhenAnIdempotencyKeyIsReusedForAnotherItem() {
        String key = "reuse-" + UUID.randomUUID();
        create("washer", 1, key);

        ApiCalls.Reply reused = create("washer", 2, key);

        assertThat(reused.status()).isEqualTo(422);
        assertThat(reused.contentType()).isEqualTo(Problem.MEDIA_TYPE);
        assertThat(reused.problem().detail()).isEqualTo("This Idempotency-Key was already used with a different body.");
    }

    @Test
    void maps409WhenAnIdempotencyKeysItemWasDeletedSince() {
        String key = "gone-" + UUID.randomUUID();
        calls.send(HttpRequest.DELETE(create("rivet", 1, key).header("Location")));

        ApiCalls.Reply again = create("rivet", 1, key);

        assertThat(again.status()).isEqualTo(409);
        assertThat(again.contentType()).isEqualTo(Problem.MEDIA_TYPE);
        assertThat(again.problem().detail()).isEqualTo("This Idempotency-Key already created an item, which has been deleted since.");
    }

    @Test
    void pagesThroughEveryItemWithLimitAndCursor() {
        for (int i = 0; i < 5; i++) {
            create("page-" + i, i);
        }
        List<Item> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            ItemPage page = calls.get("/api/items?limit=2" + (cursor == null ? "" : "&cursor=" + cursor)).as(ItemPage.class);
            assertThat(page.items()).hasSizeLessThanOrEqualTo(2);
            seen.addAll(page.items());
            cursor = page.next();
            pages++;
        } while (cursor != null);

        assertThat(seen).hasSize(database.items().size());
        assertThat(pages).isEqualTo((database.items().size() + 1) / 2);
        assertThat(database.received()).allSatisfy(r -> assertThat(r.path()).isEqualTo("/items"));
    }

    @Test
    void writesNextAsNullOnTheLastPage() {
        create("last", 1);

        ApiCalls.Reply page = calls.get("/api/items?limit=100");

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("\"next\":null");
    }

    @Test
    void maps400WithDatabasesInvalidParamsForACursorItDidNotIssue() {
        ApiCalls.Reply rejected = calls.get("/api/items?cursor=bm90LW91cnM");

        assertThat(rejected.status()).isEqualTo(400);
        assertThat(rejected.contentType()).isEqualTo(Problem.MEDIA_TYPE);
        assertThat(rejected.problem().invalidParams()).extracting(Problem.InvalidParam::name).containsExactly("cursor");
        assertThat(rejected.problem().instance()).isEqualTo("/api/items");
    }

    private FakeItems.Received last() {
        List<FakeItems.Received> received = database.received();
        return received.get(received.size() - 1);
    }

    private ApiCalls.Reply create(String name, int quantity) {
        return calls.post("/api/items", "{\"name\":\"" + name + "\",\"quantity\":" + quantity + "}");
    }

    private ApiCalls.Reply create(String name, int quantity, String key) {
        return calls.send(HttpRequest.POST("/api/items", "{\"name\":\"" + name + "\",\"quantity\":" + quantity + "}")
            .contentType(JSON).header("Idempotency-Key", key));
    }
}
