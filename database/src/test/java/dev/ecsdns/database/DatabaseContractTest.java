package dev.ecsdns.database;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;

/**
 * The items contract against the real database (with DynamoDB Local): what {@link FakeItems#database()} is held to.
 */
@MicronautTest
class DatabaseContractTest extends DatabaseTest implements ItemsContract {

    @Override
    public Target target() {
        return Target.database(server.getURI());
    }
}
