package dev.ecsdns.api;

import dev.ecsdns.database.ItemsContract;

/**
 * The items contract against the real api (in front of database's fake): what {@code FakeItems.api()}, web's fake,
 * is held to.
 */
class ApiContractTest extends FakeDatabaseTest implements ItemsContract {

    @Override
    public Target target() {
        return Target.api(api.getURI());
    }
}
