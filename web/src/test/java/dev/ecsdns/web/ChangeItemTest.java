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
class ChangeItemTest extends FakeApiTest {

    private FakeItems.Item apples;

    @BeforeEach
    void oneItem() {
        apples = api.add("Apples", 3);
    }

    @Test
    void changingTheQuantitySavesItAsTheNextVersion() {
        Browser.Reply reply = browser.submit(changeForm(), Map.of("quantity", "7"));
        Document list = browser.open(reply.header(HttpHeaders.LOCATION));

        assertThat(reply.status()).isEqualTo(303);
        assertThat(list.selectFirst("#notice").text()).isEqualTo("Changes saved.");
        assertThat(row(list).selectFirst(".item-quantity").text()).isEqualTo("7");
        assertThat(row(list).selectFirst(".item-version").text()).isEqualTo("2");
    }

    @Test
    void sendsTheVersionThePageShowedAsIfMatch() {
        browser.submit(changeForm(), Map.of("quantity", "7"));

        assertThat(ifMatches()).containsExactly("\"1\"");
    }

    @Test
    void changeOnAPageSomeoneElseOutdatedShowsTheConflictAndKeepsTheirChange() {
        Element stale = changeForm();
        api.change(apples.id(), "Apples", 9);

        Browser.Reply reply = browser.submit(stale, Map.of("quantity", "7"));

        Element row = row(reply.document());
        assertThat(reply.status()).isEqualTo(409);
        assertThat(row.selectFirst(".row-message").text())
            .startsWith("Someone else changed this item while you were editing")
            .contains("quantity 7");
        assertThat(row.selectFirst(".item-quantity").text()).isEqualTo("9");
        assertThat(row.selectFirst("input[name=version]").val()).isEqualTo("2");
        assertThat(api.items().get(0).quantity()).isEqualTo(9);
    }

    @Test
    void submittingTheSameChangeTwiceIsNotAConflict() {
        Element form = changeForm();

        browser.submit(form, Map.of("quantity", "7"));
        Browser.Reply again = browser.submit(form, Map.of("quantity", "7"));

        assertThat(again.status()).isEqualTo(303);
        assertThat(again.header(HttpHeaders.LOCATION)).contains("done=saved");
        assertThat(api.items().get(0).version()).isEqualTo(2);
    }

    @Test
    void quantityThatIsNotANumberIsShownOnTheItemsRowAndNothingChanges() {
        Browser.Reply reply = browser.submit(changeForm(), Map.of("quantity", "seven"));

        Element row = row(reply.document());
        assertThat(reply.status()).isEqualTo(422);
        assertThat(row.selectFirst("#quantity-" + apples.id() + "-error").text())
            .isEqualTo("Enter a whole number, such as 12.");
        assertThat(row.selectFirst("#quantity-" + apples.id()).val()).isEqualTo("seven");
        assertThat(api.items().get(0).version()).isEqualTo(1);
    }

    @Test
    void changingAnItemSomeoneDeletedSaysItIsGone() {
        Element form = changeForm();
        api.remove(apples.id());

        Browser.Reply reply = browser.submit(form, Map.of("quantity", "7"));

        assertThat(reply.status()).isEqualTo(303);
        assertThat(browser.open(reply.header(HttpHeaders.LOCATION)).selectFirst("#notice").text())
            .isEqualTo("That item no longer exists; someone else deleted it.");
    }

    private Element changeForm() {
        return row(browser.open("/")).selectFirst("form.change-item");
    }

    private Element row(Document page) {
        return page.selectFirst("[data-item-id=" + apples.id() + "]");
    }
}
