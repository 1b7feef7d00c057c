#!/usr/bin/env bash
# Checks a deployed stack the way the ECS service discovery recipe's "Validation & Testing" section does: the Cloud
# Map namespace and services, the healthy instances behind each name, ECS running counts against desired counts,
# the ALB target health, and finally the smoke test through the stack's public URL (https://<domainName> when the
# stack was deployed with one, else the load balancer's own name).
#
#   scripts/verify-aws.sh                        # region from AWS_REGION / your AWS CLI configuration
#   scripts/verify-aws.sh --region eu-west-1 --profile prod
#   scripts/verify-aws.sh --no-smoke             # the AWS checks only
#   scripts/verify-aws.sh --dry-run              # print the commands, run none
#   scripts/verify-aws.sh --region us-east-1 --dr-region us-west-2   # two regions: each region's stack, as above,
#                                                # plus its Route 53 health check, its own load balancer and its
#                                                # replica of the table; then the smoke test through the public name
#
# Options take their value as the next argument. Prints each command, then one PASS/FAIL line per check; exits
# non-zero if any check failed. Everything is found from the stack's outputs (its namespace by its id, its
# cluster, its target groups, its URL). Needs the AWS CLI with credentials, plus curl and jq for the smoke test.
set -euo pipefail
# shellcheck source=../infra/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../infra/lib.sh"

SMOKE=true REGION='' DR_REGION=''
while (($#)); do
  case $1 in
    --no-smoke) SMOKE=false; shift ;;
    *) common_option "$@"; shift "$SHIFT" ;;
  esac
done
needs aws
resolve_region

PASSED=0 FAILED=0
# check NAME OK(true/false) DETAIL: one PASS/FAIL line (nothing in a dry run); with two regions the name starts with
# the region it is about.
WHERE=''
check() {
  [[ $DRY_RUN == false ]] || return 0
  if [[ $2 == true ]]; then
    PASSED=$((PASSED + 1)); echo "PASS $WHERE$1${3:+ ($3)}"
  else
    FAILED=$((FAILED + 1)); echo "FAIL $WHERE$1${3:+ ($3)}"
  fi
}
outcome() { if "$@"; then echo true; else echo false; fi; }

# verify_region: the checks of THIS_STACK in THIS_REGION (select_region picks them); keeps its URL and api count.
verify_region() {
  step "Reading the outputs of $THIS_STACK in $THIS_REGION"
  stack_output URL LoadBalancerUrl
  stack_output CLUSTER ClusterName
  stack_output NAMESPACE_ID NamespaceId
  stack_output WEB_TG WebTargetGroupArn
  stack_output API_TG ApiTargetGroupArn
  check "stack $THIS_STACK has its outputs" "$(outcome test -n "$URL" -a -n "$CLUSTER" -a -n "$NAMESPACE_ID")" "$URL"

  step "Cloud Map: the stack's namespace ($NAMESPACE_ID) and its services"
  lookup NAMESPACE "internal.local" "${AWS[@]}" servicediscovery get-namespace --id "$NAMESPACE_ID" \
    --query Namespace.Name --output text
  check "namespace $NAMESPACE_ID is internal.local" "$(outcome test "$NAMESPACE" = internal.local)" "$NAMESPACE"
  lookup FOUND_SERVICES "web api database" "${AWS[@]}" servicediscovery list-services \
    --filters "Name=NAMESPACE_ID,Values=$NAMESPACE_ID,Condition=EQ" --query 'Services[].Name' --output text
  for service in "${SERVICES[@]}"; do
    check "Cloud Map service $service exists" "$(outcome grep -qw "$service" <<<"$FOUND_SERVICES")"
  done

  step "Cloud Map: the healthy instances each name resolves to"
  for service in "${SERVICES[@]}"; do
    lookup IPS "<ip> <ip>" "${AWS[@]}" servicediscovery discover-instances --namespace-name "$NAMESPACE" \
      --service-name "$service" --health-status HEALTHY --query 'Instances[].Attributes.AWS_INSTANCE_IPV4' --output text
    COUNT=$(wc -w <<<"$IPS")
    check "$service.$NAMESPACE has healthy instances" "$(outcome test "$COUNT" -ge 1)" "$COUNT: $IPS"
  done

  step "ECS: running tasks against desired tasks"
  lookup SERVICE_ARNS "<service-arns>" "${AWS[@]}" ecs list-services --cluster "$CLUSTER" --query 'serviceArns[]' \
    --output text
  read -r -a SERVICE_ARN_LIST <<<"$SERVICE_ARNS"
  COUNTS=''
  if ((${#SERVICE_ARN_LIST[@]})); then
    lookup COUNTS "" "${AWS[@]}" ecs describe-services --cluster "$CLUSTER" --services "${SERVICE_ARN_LIST[@]}" \
      --query 'services[].[serviceName,runningCount,desiredCount]' --output text
  fi
  while read -r name running desired; do
    [[ -n ${name:-} ]] || continue
    check "ECS service $name runs its desired count" "$(outcome test "$running" = "$desired")" "$running of $desired"
  done <<<"$COUNTS"
  [[ $DRY_RUN == true || -n $COUNTS ]] || check "ECS services found in cluster $CLUSTER" false

  step "ALB: target health of web and api"
  for target in "web $WEB_TG" "api $API_TG"; do
    read -r name arn <<<"$target"
    lookup STATES "healthy healthy" "${AWS[@]}" elbv2 describe-target-health --target-group-arn "$arn" \
      --query 'TargetHealthDescriptions[].TargetHealth.State' --output text
    HEALTHY=$(grep -ow healthy <<<"$STATES" | wc -l || true)
    TOTAL=$(wc -w <<<"$STATES")
    check "$name targets are all healthy" "$(outcome test "$TOTAL" -ge 1 -a "$HEALTHY" = "$TOTAL")" "$HEALTHY of $TOTAL"
  done
  two_region_checks
}

# two_region_checks: with --dr-region, what makes THIS_REGION one of two: the Route 53 health check that decides
# its record, its own load balancer answering the page that check requests, and its replica of the global table.
two_region_checks() {
  [[ -n $DR_REGION ]] || return 0
  stack_output HEALTH_CHECK_ID HealthCheckId
  stack_output REGIONAL_URL RegionalLoadBalancerUrl
  stack_output TABLE TableName
  # Route 53 calls the endpoint healthy while more than 18 % of its checkers report success.
  STATUS=""
  lookup REPORTS "<status> <status>" "${AWS[@]}" route53 get-health-check-status --health-check-id "$HEALTH_CHECK_ID" \
    --query 'HealthCheckObservations[].StatusReport.Status' --output json
  OK=$(grep -o '"Success' <<<"$REPORTS" | wc -l || true)
  ALL=$(grep -o '"\(Success\|Failure\)' <<<"$REPORTS" | wc -l || true)
  check "Route 53 health check $HEALTH_CHECK_ID passes" "$(outcome test "$ALL" -ge 1 -a "$((OK * 100))" -gt "$((ALL * 18))")" \
    "$OK of $ALL checkers report success"
  lookup TABLE_STATUS "ACTIVE" "${AWS[@]}" dynamodb describe-table --table-name "$TABLE" --query Table.TableStatus \
    --output text
  check "replica of table $TABLE is active here" "$(outcome test "$TABLE_STATUS" = ACTIVE)" "$TABLE_STATUS"
  if [[ $SMOKE == true ]]; then
    # What the health check requests, on this region's own load balancer (its certificate is for the public name).
    show curl -sk -o /dev/null -w '%{http_code}' --max-time 10 "$REGIONAL_URL/"
    [[ $DRY_RUN == true ]] || STATUS=$(curl -sk -o /dev/null -w '%{http_code}' --max-time 10 "$REGIONAL_URL/" || true)
    check "load balancer $REGIONAL_URL serves /" "$(outcome test "${STATUS:-}" = 200)" "${STATUS:-no answer}"
  fi
}

for ((r = 0; r < ${#REGIONS[@]}; r++)); do
  select_region "$r"
  [[ -z $DR_REGION ]] || WHERE="$THIS_REGION: "
  verify_region
  # The public name's smoke test expects the primary's api count.
  ((r > 0)) || { PUBLIC_URL=$URL PRIMARY_COUNTS=$COUNTS; }
done
WHERE=''

if [[ $SMOKE == true ]]; then
  step "Smoke test through $PUBLIC_URL"
  API_DESIRED=$(awk '$1 ~ /Api/ {print $3}' <<<"$PRIMARY_COUNTS")
  smoke=(scripts/smoke-test.sh --expect-api-instances "${API_DESIRED:-2}" "$PUBLIC_URL")
  if run "${smoke[@]}"; then check "smoke test" true; else check "smoke test" false; fi
fi

if [[ $DRY_RUN == false ]]; then
  echo
  echo "$PASSED passed, $FAILED failed"
  ((FAILED == 0))
fi
