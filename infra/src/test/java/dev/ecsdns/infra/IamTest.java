package dev.ecsdns.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Only database can touch AWS from inside a task, and only its own table. */
class IamTest {

    private final Stacks.Synthesized stack = Stacks.defaults();

    @Test
    void letsDatabaseReadAndWriteItemsOfItsTableOnly() {
        List<Map<String, Object>> statements = statementsOfRole(taskRole("Database"));

        assertThat(statements).hasSize(1);
        assertThat(Cfn.list(statements.get(0).get("Action"))).map(String.class::cast)
                .allMatch(action -> action.startsWith("dynamodb:"))
                .contains("dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem",
                        "dynamodb:Query", "dynamodb:Scan", "dynamodb:DescribeTable")
                .doesNotContain("dynamodb:DeleteTable", "dynamodb:CreateTable", "dynamodb:UpdateTable");
        assertThat(Cfn.list(statements.get(0).get("Resource")))
                .containsExactly(Map.of("Fn::GetAtt", List.of(ItemTable.LOGICAL_ID, "Arn")));
    }

    @ParameterizedTest
    @CsvSource({"Web", "Api"})
    void givesWebAndApiTasksNoPermissionAtAll(String service) {
        Map<String, Object> role = Cfn.properties(Cfn.resource(stack.template(), taskRole(service)));

        assertThat(statementsOfRole(taskRole(service))).isEmpty();
        assertThat(role).doesNotContainKeys("ManagedPolicyArns", "Policies");
    }

    @Test
    void grantsNoTaskRoleAnythingOnAllResources() {
        Stream.of("Web", "Api", "Database").map(this::taskRole).flatMap(role -> statementsOfRole(role).stream())
                .forEach(statement -> assertThat(Cfn.list(statement.get("Resource"))).doesNotContain("*"));
    }

    @Test
    void usesAWildcardResourceOnlyForEcrLoginAndThePrefixListLookupWhichHaveNoResourceLevelPermissions() {
        List<Object> wildcardActions = stack.template().findResources("AWS::IAM::Policy").values().stream()
                .flatMap(policy -> Cfn.list(Cfn.map(Cfn.properties(policy).get("PolicyDocument")).get("Statement"))
                        .stream().map(Cfn::map))
                .filter(statement -> Cfn.list(statement.get("Resource")).contains("*"))
                .flatMap(statement -> Cfn.list(statement.get("Action")).stream())
                .toList();

        assertThat(wildcardActions).isNotEmpty()
                .containsOnly("ecr:GetAuthorizationToken", "ec2:DescribeManagedPrefixLists");
    }

    @ParameterizedTest
    @CsvSource({"Web,web", "Api,api", "Database,database"})
    void letsEachExecutionRolePullOnlyItsOwnRepository(String service, String repository) {
        String executionRole = Cfn.target(Cfn.properties(stack, service + "/TaskDefinition").get("ExecutionRoleArn"));
        List<String> pullResources = statementsOfRole(executionRole).stream()
                .filter(statement -> Cfn.list(statement.get("Action")).contains("ecr:BatchGetImage"))
                .flatMap(statement -> Cfn.list(statement.get("Resource")).stream())
                .map(Object::toString)
                .toList();

        assertThat(pullResources).hasSize(1);
        assertThat(pullResources.get(0)).endsWith(":repository/" + repository + "]]}");
    }

    private String taskRole(String service) {
        return Cfn.taskRole(stack, service);
    }

    private List<Map<String, Object>> statementsOfRole(String roleLogicalId) {
        return Cfn.statementsOfRole(stack.template(), roleLogicalId);
    }
}
