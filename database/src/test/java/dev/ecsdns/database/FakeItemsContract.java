package dev.ecsdns.database;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.TestInstance;

/**
 * The items contract's checks against one face of {@link FakeItems}, started for the test class and stopped after it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class FakeItemsContract implements ItemsContract {

    private final FakeItems fake;

    protected FakeItemsContract(FakeItems fake) {
        this.fake = fake;
    }

    @Override
    public Target target() {
        return fake.target();
    }

    @AfterAll
    void stopFake() {
        fake.close();
    }
}
