package dev.ecsdns.web;

import dev.ecsdns.database.FakeItems;
import io.micronaut.http.HttpHeaders;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The api's address answers, but not as the api: database's fake has no /api routes, so the list answers 404. The
 * page must not take that for an empty list.
 */
@MicronautTest
class NotAnApiTest extends FakeApiTest {

    NotAnApiTest() {
        super(FakeItems.database());
    }

    @Test
    void aListAnswering404ShowsTheUnavailableBannerAnd503() {
        api.add("Apples", 3);

        Browser.Reply reply = browser.get("/");

        assertThat(reply.status()).isEqualTo(503);
        assertThat(reply.header(HttpHeaders.RETRY_AFTER)).isEqualTo("2");
        Document page = reply.document();
        assertThat(page.selectFirst("#api-unavailable")).isNotNull();
        assertThat(page.select("[data-item-id]")).isEmpty();
        assertThat(page.selectFirst("#api-instance").text()).isEqualTo("unavailable");
    }
}
