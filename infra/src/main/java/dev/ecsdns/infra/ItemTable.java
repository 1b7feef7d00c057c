package dev.ecsdns.infra;

import java.util.List;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.dynamodb.AttributeType;
import software.amazon.awscdk.services.dynamodb.Billing;
import software.amazon.awscdk.services.dynamodb.BillingMode;
import software.amazon.awscdk.services.dynamodb.CfnGlobalTable;
import software.amazon.awscdk.services.dynamodb.CfnTable;
import software.amazon.awscdk.services.dynamodb.ITable;
import software.amazon.awscdk.services.dynamodb.PointInTimeRecoverySpecification;
import software.amazon.awscdk.services.dynamodb.ReplicaTableProps;
import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.dynamodb.TableAttributesV2;
import software.amazon.awscdk.services.dynamodb.TableV2;
import software.constructs.Construct;

/**
 * The DynamoDB table the database service stores items in. In one region a regional table; in two a global table
 * that the primary region's stack owns with a replica in the DR region, which the DR stack uses by its name.
 */
final class ItemTable extends Construct {

    /**
     * The table's CloudFormation logical ID, fixed so that moving or renaming this construct never replaces the
     * table (a replaced table is a new, empty one).
     */
    static final String LOGICAL_ID = "ItemTable";

    /**
     * The global table's logical ID, fixed for the same reason. A different one from the regional table's:
     * CloudFormation cannot turn an {@code AWS::DynamoDB::Table} into an {@code AWS::DynamoDB::GlobalTable} in place.
     */
    static final String GLOBAL_LOGICAL_ID = "ItemGlobalTable";

    /**
     * @param retain keep the table (and its data) when the stack is deleted
     * @param twoRegions the two regions, or null for a regional table
     */
    record Props(boolean retain, TwoRegions twoRegions) {
    }

    private static final Attribute KEY = Attribute.builder().name("id").type(AttributeType.STRING).build();
    private static final PointInTimeRecoverySpecification BACKUPS = PointInTimeRecoverySpecification.builder()
            .pointInTimeRecoveryEnabled(true).build();

    private final ITable table;

    ItemTable(Construct scope, String id, Props props) {
        super(scope, id);
        if (props.twoRegions() == null) {
            this.table = regional(props.retain());
        } else if (props.twoRegions().isPrimary()) {
            this.table = global(props.retain(), props.twoRegions().drRegion());
        } else {
            // The replica in this region, by the name it shares with the primary: its ARN is this region's, so the
            // grants below reach this replica only.
            this.table = TableV2.fromTableAttributes(this, "Replica", TableAttributesV2.builder()
                    .tableName(TwoRegions.TABLE_NAME).build());
        }
    }

    private Table regional(boolean retain) {
        Table created = Table.Builder.create(this, "Table")
                .partitionKey(KEY)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .pointInTimeRecoverySpecification(BACKUPS)
                // Kept on delete and replacement, but not when the stack's first create rolls back: a plain Retain
                // would leave a protected, empty table behind each failed first attempt.
                .removalPolicy(removalPolicy(retain))
                // A retained table is protected from deletion outside CloudFormation too.
                .deletionProtection(retain)
                .build();
        ((CfnTable) created.getNode().getDefaultChild()).overrideLogicalId(LOGICAL_ID);
        return created;
    }

    /**
     * Named, because the DR stack finds its replica by name. Replicated asynchronously in both directions: each
     * region writes to its own replica, and the last writer wins between regions.
     */
    private TableV2 global(boolean retain, String replicaRegion) {
        TableV2 created = TableV2.Builder.create(this, "GlobalTable")
                .tableName(TwoRegions.TABLE_NAME)
                .partitionKey(KEY)
                .billing(Billing.onDemand())
                .pointInTimeRecoverySpecification(BACKUPS)
                .removalPolicy(removalPolicy(retain))
                .deletionProtection(retain)
                .replicas(List.of(ReplicaTableProps.builder()
                        .region(replicaRegion)
                        .pointInTimeRecoverySpecification(BACKUPS)
                        .deletionProtection(retain)
                        .build()))
                .build();
        ((CfnGlobalTable) created.getNode().getDefaultChild()).overrideLogicalId(GLOBAL_LOGICAL_ID);
        return created;
    }

    private static RemovalPolicy removalPolicy(boolean retain) {
        return retain ? RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE : RemovalPolicy.DESTROY;
    }

    ITable table() {
        return table;
    }
}
