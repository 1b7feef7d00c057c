package dev.ecsdns.web;

import dev.ecsdns.database.FakeItems;
import io.micronaut.http.HttpHeaders;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

@MicronautTest
class DeleteItemTest extends FakeApiTest {

    private FakeItems.Item apples;

    @BeforeEach
    void twoItems() {
        apples = api.add("Apples", 3);
        api.add("Pears", 5);
    }

    @Test
    void deletingAnItemRemovesItFromTheList() {
        Browser.Reply reply = browser.submit(deleteForm(), Map.of());
        Document list = browser.open(reply.header(HttpHeaders.LOCATION));

        assertThat(reply.status()).isEqualTo(303);
        assertThat(list.selectFirst("#notice").text()).isEqualTo("Item deleted.");
        assertThat(list.select(".item-name").eachText()).containsExactly("Pears");
    }

    @Test
    void deletingAnItemThatIsAlreadyGoneSaysSo() {
        Element form = deleteForm();
        api.remove(apples.id());

        Browser.Reply reply = browser.submit(form, Map.of());

        assertThat(reply.status()).isEqualTo(303);
        assertThat(browser.open(reply.header(HttpHeaders.LOCATION)).selectFirst("#notice").text())
            .isEqualTo("That item no longer exists; someone else deleted it.");
    }

    @Test
    void anItemSomeoneChangedAfterThePageLoadedIsNotDeleted() {
        Element stale = deleteForm();
        api.change(apples.id(), "Apples", 9);

        Browser.Reply reply = browser.submit(stale, Map.of());

        Element row = reply.document().selectFirst("[data-item-id=" + apples.id() + "]");
        assertThat(reply.status()).isEqualTo(409);
        assertThat(row.selectFirst(".row-message").text()).contains("so it was not deleted");
        assertThat(row.selectFirst(".item-quantity").text()).isEqualTo("9");
        assertThat(api.items()).hasSize(2);
    }

    private Element deleteForm() {
        return browser.open("/").selectFirst("[data-item-id=" + apples.id() + "] form.delete-item");
    }
}
