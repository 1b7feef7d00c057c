package dev.ecsdns.web;

import dev.ecsdns.database.FakeItems;
import io.micronaut.http.HttpHeaders;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;

import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

@MicronautTest
class ItemsPageTest extends FakeApiTest {

    @Test
    void listsEveryItemWithItsQuantityVersionAndUpdateTime() {
        FakeItems.Item apples = api.add("Apples", 3);
        api.add("Pears", 12);

        Browser.Reply reply = browser.get("/");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.header(HttpHeaders.CONTENT_TYPE)).startsWith("text/html");
        Element row = reply.document().selectFirst("[data-item-id=" + apples.id() + "]");
        assertThat(row.selectFirst(".item-name").text()).isEqualTo("Apples");
        assertThat(row.selectFirst(".item-quantity").text()).isEqualTo("3");
        assertThat(row.selectFirst(".item-version").text()).isEqualTo("1");
        assertThat(row.selectFirst(".item-updated time").attr("datetime")).isEqualTo(apples.updatedAt().toString());
        assertThat(reply.document().select("[data-item-id]")).hasSize(2);
    }

    @Test
    void showsMarkupInAnItemNameAsPlainText() {
        String name = "<script>alert('x')</script><b onmouseover=\"steal()\">bold</b> & \"quotes\"";
        FakeItems.Item item = api.add(name, 1);

        Browser.Reply reply = browser.get("/");

        Document page = reply.document();
        assertThat(page.select("script")).isEmpty();
        assertThat(page.select("b")).isEmpty();
        assertThat(page.selectFirst("[data-item-id=" + item.id() + "] .item-name").text()).isEqualTo(name);
        assertThat(page.selectFirst("#name-" + item.id()).val()).isEqualTo(name);
        assertThat(reply.body()).doesNotContain("<script>").contains("&lt;script&gt;");
    }

    @Test
    void linksToTheNextPageWhenThereAreMoreItems() {
        IntStream.rangeClosed(1, 25).forEach(i -> api.add("Item " + i, i));

        Document first = browser.open("/");
        Element next = first.selectFirst("a#next-page");
        Document second = browser.open(next.attr("href"));

        assertThat(first.select("[data-item-id]")).hasSize(20);
        assertThat(second.select(".item-name").eachText())
            .containsExactly("Item 21", "Item 22", "Item 23", "Item 24", "Item 25");
        assertThat(second.selectFirst("a#next-page")).isNull();
        assertThat(second.selectFirst("a#first-page").attr("href")).isEqualTo("/");
    }

    @Test
    void footerNamesTheWebApiAndDatabaseInstancesThatServedThePage() {
        Browser.Reply reply = browser.get("/");
        Document page = reply.document();

        // Opaque ids only: the page goes out through the load balancer, so it names no host and no address.
        String web = page.selectFirst("#web-instance").text();
        assertThat(web).matches("[0-9a-f]{8}");
        assertThat(page.selectFirst("#api-instance").text()).isEqualTo("a1a1a1a1");
        assertThat(page.selectFirst("#database-instance").text()).isEqualTo("d1d1d1d1");
        assertThat(reply.header("Served-By")).isEqualTo("web=" + web + ", api=a1a1a1a1, database=d1d1d1d1");
        // The footer comes from the list's own answer: one call to the api per page.
        assertThat(api.received()).extracting(FakeItems.Received::path).containsExactly("/api/items");
    }

    @Test
    void showsTheUnavailableBannerWhenTheApiAnswers503() {
        api.add("Apples", 3);
        api.failing(true);

        Browser.Reply reply = browser.get("/");

        assertThat(reply.status()).isEqualTo(503);
        assertThat(reply.header(HttpHeaders.RETRY_AFTER)).isEqualTo("2");
        assertThat(reply.document().selectFirst("#api-unavailable").text())
            .isEqualTo("The item service is unavailable right now; try again shortly.");
        assertThat(reply.document().selectFirst("form#add-item")).isNotNull();
    }

    @Test
    void aCraftedLinkCannotPutItsOwnWordsOnThePage() {
        Document page = browser.open("/?done=Your+account+is+locked");

        assertThat(page.selectFirst("#notice")).isNull();
        assertThat(page.text()).doesNotContain("Your account is locked");
    }

    @Test
    void aPageLinkTheApiNoLongerAcceptsShowsTheFirstPage() {
        api.add("Apples", 3);

        Browser.Reply reply = browser.get("/?cursor=garbage");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.document().selectFirst("#alert").text()).contains("here is the first page");
        assertThat(reply.document().select(".item-name").eachText()).containsExactly("Apples");
    }

    @Test
    void pageAllowsNoScriptsNoFramingAndPostsOnlyToItself() {
        String policy = browser.get("/").header("Content-Security-Policy");

        assertThat(policy).contains("default-src 'none'", "form-action 'self'", "frame-ancestors 'none'");
    }

    @Test
    void browsersKeepNoCopyOfThePageSoBackNeverReusesAnIdempotencyKey() {
        Browser.Reply reply = browser.get("/");

        assertThat(reply.header(HttpHeaders.CACHE_CONTROL)).isEqualTo("no-store");
        assertThat(browser.open("/").selectFirst("input[name=idempotencyKey]").val())
            .isNotEqualTo(reply.document().selectFirst("input[name=idempotencyKey]").val());
    }
}
