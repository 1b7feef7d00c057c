package dev.ecsdns.database;

/**
 * The items contract against {@link FakeItems#database()}: the same checks the real database passes.
 */
class FakeDatabaseContractTest extends FakeItemsContract {

    FakeDatabaseContractTest() {
        super(FakeItems.database());
    }
}
