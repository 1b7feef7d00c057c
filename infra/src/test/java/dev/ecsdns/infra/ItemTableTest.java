package dev.ecsdns.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The items table: schema, billing, backups, and what happens to it when the stack goes. */
class ItemTableTest {

    private final Stacks.Synthesized stack = Stacks.defaults();

    @Test
    void keysItemsByTheirStringId() {
        assertThat(tableProperties())
                .containsEntry("KeySchema", List.of(Map.of("AttributeName", "id", "KeyType", "HASH")))
                .containsEntry("AttributeDefinitions", List.of(Map.of("AttributeName", "id", "AttributeType", "S")));
    }

    @Test
    void billsPerRequest() {
        assertThat(tableProperties()).containsEntry("BillingMode", "PAY_PER_REQUEST");
    }

    @Test
    void keepsPointInTimeRecovery() {
        assertThat(tableProperties()).containsEntry("PointInTimeRecoverySpecification",
                Map.of("PointInTimeRecoveryEnabled", true));
    }

    @Test
    void outlivesTheStackButNotAFailedFirstCreate() {
        assertThat(Cfn.resource(stack.template(), ItemTable.LOGICAL_ID))
                .containsEntry("DeletionPolicy", "RetainExceptOnCreate")
                .containsEntry("UpdateReplacePolicy", "Retain");
        assertThat(tableProperties()).containsEntry("DeletionProtectionEnabled", true);
    }

    @Test
    void keepsTheLogicalIdItemTableSoNoRefactoringReplacesTheTableAndItsData() {
        assertThat(stack.template().findResources("AWS::DynamoDB::Table")).containsOnlyKeys("ItemTable");
    }

    @Test
    void isDeletedWithTheStackWhenRetainTableIsFalse() {
        Map<String, Object> table = Cfn.resource(Stacks.https().template(), ItemTable.LOGICAL_ID);

        assertThat(table).containsEntry("DeletionPolicy", "Delete");
        assertThat(Cfn.properties(table)).containsEntry("DeletionProtectionEnabled", false);
    }

    private Map<String, Object> tableProperties() {
        return Cfn.properties(Cfn.resource(stack.template(), ItemTable.LOGICAL_ID));
    }
}
