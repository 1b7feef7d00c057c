package dev.ecsdns.infra;

import software.amazon.awscdk.services.route53.Failover;

/**
 * One of the two regions of a disaster-recovery deployment. Each region is a complete, independent copy (its own
 * VPC, its own {@code internal.local}, its own load balancer and services): web, api and database never call across
 * regions. What the two share is the items table, a DynamoDB global table owned by the primary region's stack, and
 * the public name, whose Route 53 records choose a region by its health.
 *
 * @param primaryRegion the region whose stack owns the global table (and, with failover routing, takes all traffic)
 * @param drRegion the region holding the table's replica and the standby copy of the services
 * @param region the region of this stack: one of the two
 * @param routing how the public name picks a region
 */
record TwoRegions(String primaryRegion, String drRegion, String region, Routing routing) {

    /**
     * The table's name in both regions. A global table has one name everywhere; the DR stack reaches its replica by
     * this name instead of a cross-region reference to the primary stack (CloudFormation exports are regional).
     */
    static final String TABLE_NAME = InfraApp.STACK_NAME + "-items";

    /** How Route 53 answers for the public name. */
    enum Routing {
        /** All traffic to the primary while its health check passes, else to the DR region. */
        FAILOVER,
        /** Each caller to the region closest to it, among those whose health check passes. */
        LATENCY;

        static Routing fromContext(String value) {
            return switch (value) {
                case "failover" -> FAILOVER;
                case "latency" -> LATENCY;
                default -> throw new IllegalArgumentException("routing must be failover or latency, not '"
                        + value + "'");
            };
        }
    }

    TwoRegions {
        if (primaryRegion.equals(drRegion)) {
            throw new IllegalArgumentException("drRegion must differ from primaryRegion (" + primaryRegion + "): "
                    + "a second copy in the same region survives nothing the first does not");
        }
        if (!region.equals(primaryRegion) && !region.equals(drRegion)) {
            throw new IllegalArgumentException(region + " is neither " + primaryRegion + " nor " + drRegion);
        }
    }

    boolean isPrimary() {
        return region.equals(primaryRegion);
    }

    /** The same deployment seen from the other region. */
    TwoRegions inRegion(String other) {
        return new TwoRegions(primaryRegion, drRegion, other, routing);
    }

    /**
     * A VPC range per region that never overlaps the other's, so that the two VPCs could later be peered (or reach a
     * shared network) without renumbering. One region keeps CDK's default range.
     */
    String vpcCidr() {
        return isPrimary() ? "10.0.0.0/16" : "10.1.0.0/16";
    }

    /** The role of this region's record with failover routing. */
    Failover failover() {
        return isPrimary() ? Failover.PRIMARY : Failover.SECONDARY;
    }
}
