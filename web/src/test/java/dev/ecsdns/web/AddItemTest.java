package dev.ecsdns.web;

import io.micronaut.http.HttpHeaders;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

@MicronautTest
class AddItemTest extends FakeApiTest {

    @Test
    void addingAnItemRedirectsToTheListWhichShowsIt() {
        Browser.Reply reply = browser.submit(addForm(), Map.of("name", "Apples", "quantity", "3"));
        Document list = browser.open(reply.header(HttpHeaders.LOCATION));

        assertThat(reply.status()).isEqualTo(303);
        assertThat(list.selectFirst("#notice").text()).isEqualTo("Item added.");
        assertThat(list.select(".item-name").eachText()).containsExactly("Apples");
        assertThat(list.select(".item-quantity").eachText()).containsExactly("3");
    }

    @Test
    void sendsTheFormsIdempotencyKeyToTheApi() {
        Element form = addForm();

        browser.submit(form, Map.of("name", "Apples", "quantity", "3"));

        assertThat(idempotencyKeys()).containsExactly(form.selectFirst("input[name=idempotencyKey]").val());
    }

    @Test
    void submittingTheSameAddFormTwiceStoresOneItem() {
        Element form = addForm();

        Browser.Reply first = browser.submit(form, Map.of("name", "Apples", "quantity", "3"));
        Browser.Reply second = browser.submit(form, Map.of("name", "Apples", "quantity", "3"));

        assertThat(first.status()).isEqualTo(303);
        assertThat(second.status()).isEqualTo(303);
        assertThat(api.items()).hasSize(1);
        assertThat(browser.open("/").select("[data-item-id]")).hasSize(1);
    }

    @Test
    void quantityThatIsNotANumberIsShownNextToTheFieldWithTheInputKeptAndNothingStored() {
        Browser.Reply reply = browser.submit(addForm(), Map.of("name", "Apples", "quantity", "lots"));

        Document page = reply.document();
        assertThat(reply.status()).isEqualTo(422);
        assertThat(page.selectFirst("#add-quantity-error").text()).isEqualTo("Enter a whole number, such as 12.");
        assertThat(page.selectFirst("#add-quantity").attr("aria-describedby")).isEqualTo("add-quantity-error");
        assertThat(page.selectFirst("#add-name").val()).isEqualTo("Apples");
        assertThat(page.selectFirst("#add-quantity").val()).isEqualTo("lots");
        assertThat(api.items()).isEmpty();
        assertThat(idempotencyKeys()).isEmpty();
    }

    @Test
    void nameTheApiRejectsIsShownNextToTheFieldWithTheInputKeptAndNothingStored() {
        Browser.Reply reply = browser.submit(addForm(), Map.of("name", "   ", "quantity", "5"));

        Document page = reply.document();
        assertThat(reply.status()).isEqualTo(422);
        assertThat(page.selectFirst("#add-name-error").text()).isEqualTo("is required: a string of 1 to 100 characters, not counting leading and trailing spaces");
        assertThat(page.selectFirst("#add-quantity").val()).isEqualTo("5");
        assertThat(page.selectFirst("#add-quantity-error")).isNull();
        assertThat(api.items()).isEmpty();
    }

    @Test
    void quantityOutsideTheApisRangeIsShownNextToTheField() {
        Browser.Reply reply = browser.submit(addForm(), Map.of("name", "Apples", "quantity", "1000001"));

        assertThat(reply.status()).isEqualTo(422);
        assertThat(reply.document().selectFirst("#add-quantity-error").text())
            .isEqualTo("is required: a whole number from 0 to 1000000");
        assertThat(reply.document().selectFirst("#add-quantity").val()).isEqualTo("1000001");
    }

    @Test
    void correctedFormAfterARejectionCarriesANewIdempotencyKey() {
        Element form = addForm();

        Document rejected = browser.submit(form, Map.of("name", "", "quantity", "5")).document();

        assertThat(rejected.selectFirst("form#add-item input[name=idempotencyKey]").val())
            .isNotBlank()
            .isNotEqualTo(form.selectFirst("input[name=idempotencyKey]").val());
    }

    private Element addForm() {
        return browser.open("/").selectFirst("form#add-item");
    }
}
