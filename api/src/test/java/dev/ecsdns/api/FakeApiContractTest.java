package dev.ecsdns.api;

import dev.ecsdns.database.FakeItems;
import dev.ecsdns.database.FakeItemsContract;

/**
 * The items contract against {@link FakeItems#api()}, the fake web's tests use: the same checks the real api passes.
 */
class FakeApiContractTest extends FakeItemsContract {

    FakeApiContractTest() {
        super(FakeItems.api());
    }
}
