package dev.ecsdns.infra;

import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.dynamodb.AttributeType;
import software.amazon.awscdk.services.dynamodb.BillingMode;
import software.amazon.awscdk.services.dynamodb.CfnTable;
import software.amazon.awscdk.services.dynamodb.ITable;
import software.amazon.awscdk.services.dynamodb.PointInTimeRecoverySpecification;
import software.amazon.awscdk.services.dynamodb.Table;
import software.constructs.Construct;

/** The DynamoDB table the database service stores items in. */
final class ItemTable extends Construct {

    /**
     * The table's CloudFormation logical ID, fixed so that moving or renaming this construct never replaces the
     * table (a replaced table is a new, empty one).
     */
    static final String LOGICAL_ID = "ItemTable";

    /** @param retain keep the table (and its data) when the stack is deleted */
    record Props(boolean retain) {
    }

    private final Table table;

    ItemTable(Construct scope, String id, Props props) {
        super(scope, id);
        this.table = Table.Builder.create(this, "Table")
                .partitionKey(Attribute.builder().name("id").type(AttributeType.STRING).build())
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .pointInTimeRecoverySpecification(PointInTimeRecoverySpecification.builder()
                        .pointInTimeRecoveryEnabled(true).build())
                // Kept on delete and replacement, but not when the stack's first create rolls back: a plain Retain
                // would leave a protected, empty table behind each failed first attempt.
                .removalPolicy(props.retain() ? RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE : RemovalPolicy.DESTROY)
                // A retained table is protected from deletion outside CloudFormation too.
                .deletionProtection(props.retain())
                .build();
        ((CfnTable) table.getNode().getDefaultChild()).overrideLogicalId(LOGICAL_ID);
    }

    ITable table() {
        return table;
    }
}
