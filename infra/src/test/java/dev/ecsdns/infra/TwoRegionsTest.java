package dev.ecsdns.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Two regions: each a complete copy with its own network and namespace, one global table with a replica per
 * region that each region's database alone may use, and one public name that Route 53 gives to a healthy region.
 */
class TwoRegionsTest {

    private static final String PRIMARY = "failover-primary";
    private static final String DR = "failover-dr";

    @Test
    void putsOneStackInEachRegionAndDeploysTheTableOwnerFirst() {
        Stacks.Synthesized primary = Stacks.named(PRIMARY);
        Stacks.Synthesized dr = Stacks.named(DR);

        assertThat(primary.stack().getRegion()).isEqualTo(Stacks.PRIMARY_REGION);
        assertThat(dr.stack().getRegion()).isEqualTo(Stacks.DR_REGION);
        assertThat(primary.stack().getStackName()).isEqualTo(InfraApp.STACK_NAME);
        assertThat(dr.stack().getDependencies()).containsExactly(primary.stack());
    }

    @Test
    void givesTheRegionsVpcRangesThatDoNotOverlap() {
        assertThat(vpcCidr(PRIMARY)).isEqualTo("10.0.0.0/16");
        assertThat(vpcCidr(DR)).isEqualTo("10.1.0.0/16");
    }

    @ParameterizedTest
    @CsvSource({PRIMARY, DR})
    void givesEachRegionItsOwnInternalLocalNamespaceInItsOwnVpc(String region) {
        Stacks.Synthesized stack = Stacks.named(region);

        stack.template().resourceCountIs("AWS::ServiceDiscovery::PrivateDnsNamespace", 1);
        stack.template().hasResourceProperties("AWS::ServiceDiscovery::PrivateDnsNamespace", Map.of(
                "Name", "internal.local",
                "Vpc", Map.of("Ref", Cfn.logicalId(stack.stack(), "Network/Vpc"))));
    }

    @ParameterizedTest
    @CsvSource({
        PRIMARY + ",Web,MICRONAUT_HTTP_SERVICES_API_URL,http://api.internal.local:8081",
        PRIMARY + ",Api,MICRONAUT_HTTP_SERVICES_DATABASE_URL,http://database.internal.local:8082",
        DR + ",Web,MICRONAUT_HTTP_SERVICES_API_URL,http://api.internal.local:8081",
        DR + ",Api,MICRONAUT_HTTP_SERVICES_DATABASE_URL,http://database.internal.local:8082"})
    void keepsEachServiceCallingTheNextByItsNameInsideTheRegion(String region, String service, String variable,
                                                                 String url) {
        assertThat(Cfn.environment(Cfn.container(Stacks.named(region), service))).containsEntry(variable, url);
    }

    @Test
    void replicatesTheItemTableToTheDrRegionWithBackupsAndProtectionInBoth() {
        Map<String, Object> table = Cfn.resource(Stacks.named(PRIMARY).template(), ItemTable.GLOBAL_LOGICAL_ID);
        List<Map<String, Object>> replicas = Cfn.list(Cfn.properties(table).get("Replicas")).stream()
                .map(Cfn::map).toList();

        assertThat(table).containsEntry("Type", "AWS::DynamoDB::GlobalTable")
                .containsEntry("DeletionPolicy", "RetainExceptOnCreate");
        assertThat(Cfn.properties(table)).containsEntry("TableName", TwoRegions.TABLE_NAME)
                .containsEntry("BillingMode", "PAY_PER_REQUEST");
        assertThat(replicas).extracting(replica -> replica.get("Region"))
                .containsExactlyInAnyOrder(Stacks.PRIMARY_REGION, Stacks.DR_REGION);
        assertThat(replicas).allSatisfy(replica -> assertThat(replica)
                .containsEntry("PointInTimeRecoverySpecification", Map.of("PointInTimeRecoveryEnabled", true))
                .containsEntry("DeletionProtectionEnabled", true));
    }

    @Test
    void keepsTheLogicalIdItemGlobalTableSoNoRefactoringReplacesTheTable() {
        assertThat(Stacks.named(PRIMARY).template().findResources("AWS::DynamoDB::GlobalTable"))
                .containsOnlyKeys(ItemTable.GLOBAL_LOGICAL_ID);
        assertThat(Stacks.named(PRIMARY).template().findResources("AWS::DynamoDB::Table")).isEmpty();
    }

    @Test
    void createsNoTableInTheDrRegionTheReplicaIsThePrimarysToManage() {
        Stacks.Synthesized dr = Stacks.named(DR);

        assertThat(dr.template().findResources("AWS::DynamoDB::GlobalTable")).isEmpty();
        assertThat(dr.template().findResources("AWS::DynamoDB::Table")).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({PRIMARY, DR})
    void pointsEachDatabaseAtTheReplicaInItsOwnRegion(String region) {
        Map<String, Object> environment = Cfn.environment(Cfn.container(Stacks.named(region), "Database"));

        assertThat(environment).containsEntry("AWS_REGION", Map.of("Ref", "AWS::Region"));
        assertThat(environment.get("DYNAMODB_TABLE_NAME")).isIn(TwoRegions.TABLE_NAME,
                Map.of("Ref", ItemTable.GLOBAL_LOGICAL_ID));
    }

    @Test
    void letsThePrimaryDatabaseUseOnlyThePrimaryReplica() {
        assertThat(databaseResources(PRIMARY))
                .containsExactly(Map.of("Fn::GetAtt", List.of(ItemTable.GLOBAL_LOGICAL_ID, "Arn")));
    }

    @Test
    void letsTheDrDatabaseUseOnlyTheDrReplica() {
        assertThat(databaseResources(DR)).containsExactly(Map.of("Fn::Join", List.of("", List.of(
                "arn:aws:dynamodb:" + Stacks.DR_REGION + ":", Map.of("Ref", "AWS::AccountId"),
                ":table/" + TwoRegions.TABLE_NAME))));
    }

    @ParameterizedTest
    @CsvSource({PRIMARY + ",Web", PRIMARY + ",Api", DR + ",Web", DR + ",Api"})
    void givesWebAndApiNoPermissionInEitherRegion(String region, String service) {
        Stacks.Synthesized stack = Stacks.named(region);

        assertThat(Cfn.statementsOfRole(stack.template(), Cfn.taskRole(stack, service))).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({PRIMARY + ",PRIMARY," + Stacks.PRIMARY_REGION, DR + ",SECONDARY," + Stacks.DR_REGION})
    void answersThePublicNameWithThisRegionsLoadBalancerAsFailoverRecord(String region, String role,
                                                                          String regionName) {
        Stacks.Synthesized stack = Stacks.named(region);
        Map<String, Object> record = onlyRecord(stack);

        assertThat(record).containsEntry("Name", Stacks.DOMAIN_NAME + ".")
                .containsEntry("Type", "A")
                .containsEntry("HostedZoneId", Stacks.HOSTED_ZONE_ID)
                .containsEntry("Failover", role)
                .containsEntry("SetIdentifier", regionName)
                .containsEntry("HealthCheckId", Map.of("Ref", Cfn.logicalId(stack.stack(),
                        "RegionalEntry/HealthCheck")))
                .doesNotContainKey("Region");
        Map<String, Object> alias = Cfn.map(record.get("AliasTarget"));
        assertThat(alias).containsEntry("EvaluateTargetHealth", true);
        assertThat(alias.get("HostedZoneId")).isEqualTo(Map.of("Fn::GetAtt",
                List.of(loadBalancer(stack), "CanonicalHostedZoneID")));
    }

    @ParameterizedTest
    @CsvSource({"latency-primary," + Stacks.PRIMARY_REGION, "latency-dr," + Stacks.DR_REGION})
    void answersWithTheClosestHealthyRegionInLatencyMode(String variant, String regionName) {
        Map<String, Object> record = onlyRecord(Stacks.named(variant));

        assertThat(record).containsEntry("Region", regionName)
                .containsEntry("SetIdentifier", regionName)
                .containsKey("HealthCheckId")
                .doesNotContainKey("Failover");
    }

    @ParameterizedTest
    @CsvSource({PRIMARY, DR})
    void checksTheWholeChainThroughThisRegionsOwnLoadBalancerEveryTenSeconds(String region) {
        Stacks.Synthesized stack = Stacks.named(region);
        Map<String, Object> config = Cfn.map(Cfn.properties(stack, "RegionalEntry/HealthCheck")
                .get("HealthCheckConfig"));

        assertThat(config).containsEntry("Type", "HTTPS")
                .containsEntry("Port", 443)
                .containsEntry("ResourcePath", "/")
                .containsEntry("RequestInterval", 10)
                .containsEntry("FailureThreshold", 3)
                .containsEntry("FullyQualifiedDomainName", Map.of("Fn::GetAtt",
                        List.of(loadBalancer(stack), "DNSName")));
    }

    @ParameterizedTest
    @CsvSource({"ResourcePath,HEALTH_CHECK_PATH", "RequestInterval,HEALTH_CHECK_INTERVAL_SECONDS",
        "FailureThreshold,HEALTH_CHECK_FAILURE_THRESHOLD"})
    void theLocalDrillsGlobalEntryChecksTheRegionsLikeTheTemplatesHealthChecks(String property, String variable)
            throws IOException {
        Object templateValue = Cfn.map(Cfn.properties(Stacks.named(PRIMARY), "RegionalEntry/HealthCheck")
                .get("HealthCheckConfig")).get(property);
        Matcher drill = Pattern.compile("(?m)^" + variable + "=(\\S+)$")
                .matcher(Files.readString(Path.of("../scripts/dr-drill.sh")));

        assertThat(drill.find()).as("scripts/dr-drill.sh sets " + variable).isTrue();
        assertThat(drill.group(1)).isEqualTo(String.valueOf(templateValue));
    }

    @Test
    void probesAPathTheLoadBalancerSendsToWebNotAManagementOrApiPath() {
        String path = RegionalEntry.HEALTH_CHECK_PATH;

        assertThat(path).doesNotStartWith("/health").doesNotStartWith("/api/");
        assertThat(path).isNotEqualTo(PublicLoadBalancer.HEALTH_CHECK_PATH);
    }

    @ParameterizedTest
    @CsvSource({PRIMARY, DR})
    void outputsTheRegionItsLoadBalancerAndItsHealthCheck(String region) {
        Map<String, Object> outputs = Stacks.named(region).template().toJSON().entrySet().stream()
                .filter(section -> section.getKey().equals("Outputs"))
                .map(section -> Cfn.map(section.getValue())).findFirst().orElseThrow();

        assertThat(outputs).containsKeys("Region", "RegionalLoadBalancerUrl", "HealthCheckId", "LoadBalancerUrl");
        assertThat(Cfn.map(outputs.get("LoadBalancerUrl"))).containsEntry("Value", "https://" + Stacks.DOMAIN_NAME);
    }

    @Test
    void refusesASecondRegionWithoutAPublicNameToFailOver() {
        assertThatThrownBy(() -> twoRegions(Map.of("domainName", "", "hostedZoneId", "")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("the public name is what fails");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "drRegion|" + Stacks.PRIMARY_REGION + "|must differ",
        "routing|weighted|failover or latency",
        "drRegion|  |need -c drRegion",
        "vpcId|" + Stacks.EXISTING_VPC_ID + "|-c vpcId is for one region",
        "certificateArn|" + Stacks.CERTIFICATE_ARN + "|requests its own"})
    void refusesWhatTwoRegionsCannotHonour(String key, String value, String message) {
        assertThatThrownBy(() -> twoRegions(Map.of(key, value == null ? "" : value)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(message);
    }

    @Test
    void staysInOneRegionWithoutADrRegion() {
        Function<String, Object> context = Map.<String, Object>of("imageTag", Stacks.IMAGE_TAG)::get;

        assertThat(InfraApp.twoRegions(context, InfraApp.props(context, Map.of()))).isNull();
    }

    private static TwoRegions twoRegions(Map<String, Object> overrides) {
        Map<String, Object> values = new HashMap<>(Map.of(
                "primaryRegion", Stacks.PRIMARY_REGION,
                "drRegion", Stacks.DR_REGION,
                "routing", "failover",
                "domainName", Stacks.DOMAIN_NAME,
                "hostedZoneId", Stacks.HOSTED_ZONE_ID,
                "imageTag", Stacks.IMAGE_TAG));
        values.putAll(overrides);
        Function<String, Object> context = values::get;
        Map<String, String> env = Map.of("CDK_DEFAULT_ACCOUNT", Stacks.ACCOUNT, "CDK_DEFAULT_REGION", Stacks.REGION);
        return InfraApp.twoRegions(context, InfraApp.props(context, env));
    }

    private static String vpcCidr(String region) {
        return (String) Cfn.properties(Stacks.named(region), "Network/Vpc").get("CidrBlock");
    }

    private static List<Object> databaseResources(String region) {
        Stacks.Synthesized stack = Stacks.named(region);
        List<Map<String, Object>> statements = Cfn.statementsOfRole(stack.template(), Cfn.taskRole(stack, "Database"));
        assertThat(statements).hasSize(1);
        return Cfn.list(statements.get(0).get("Resource"));
    }

    private static Map<String, Object> onlyRecord(Stacks.Synthesized stack) {
        Map<String, Map<String, Object>> records = stack.template().findResources("AWS::Route53::RecordSet");
        assertThat(records).hasSize(1);
        return Cfn.properties(records.values().iterator().next());
    }

    private static String loadBalancer(Stacks.Synthesized stack) {
        return Cfn.logicalId(stack.stack(), "LoadBalancer/LoadBalancer");
    }
}
