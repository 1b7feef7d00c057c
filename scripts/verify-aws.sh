#!/usr/bin/env bash
# Checks a deployed stack the way the ECS service discovery recipe's "Validation & Testing" section does: the Cloud
# Map namespace and services, the healthy instances behind each name, ECS running counts against desired counts,
# the ALB target health, and finally the smoke test through the load balancer.
#
#   scripts/verify-aws.sh                        # region from AWS_REGION / your AWS CLI configuration
#   scripts/verify-aws.sh --region eu-west-1 --stack EcsDnsDiscovery
#   scripts/verify-aws.sh --dry-run              # print the commands, run none
#
# Prints each command, then one PASS/FAIL line per check; exits non-zero if any check failed.
# Needs the AWS CLI v2 with credentials, plus curl and jq for the smoke test.
set -euo pipefail

NAMESPACE=internal.local
SERVICES=(web api database)

usage() {
  sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
}

DRY_RUN=false
STACK=EcsDnsDiscovery
REGION=${AWS_REGION:-${AWS_DEFAULT_REGION:-}}
while (($#)); do
  case $1 in
    --dry-run) DRY_RUN=true; shift ;;
    --region) REGION=${2:?--region needs a value}; shift 2 ;;
    --stack) STACK=${2:?--stack needs a value}; shift 2 ;;
    -h|--help) usage ;;
    *) echo "unknown argument: $1" >&2; usage ;;
  esac
done

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PASSED=0
FAILED=0

step() { printf '\n==> %s\n' "$*"; }

# Prints a command and runs it from the repository root, its output kept in the variable named $1 (a dry run keeps
# the placeholder $3 and runs nothing). A failing command yields an empty value, for the check to report.
capture() {
  printf '+ %s\n' "$2"
  if [[ $DRY_RUN == false ]]; then
    local output
    output=$(cd "$ROOT" && eval "$2") || output=''
    printf -v "$1" '%s' "$output"
  else
    printf -v "$1" '%s' "$3"
  fi
}

# check NAME CONDITION-RESULT DETAIL: one PASS/FAIL line (nothing in a dry run).
check() {
  [[ $DRY_RUN == false ]] || return 0
  if [[ $2 == true ]]; then
    PASSED=$((PASSED + 1)); echo "PASS $1${3:+ ($3)}"
  else
    FAILED=$((FAILED + 1)); echo "FAIL $1${3:+ ($3)}"
  fi
}

outcome() { if "$@"; then echo true; else echo false; fi; }

if [[ $DRY_RUN == false ]]; then
  command -v aws >/dev/null || { echo "verify-aws.sh needs the AWS CLI" >&2; exit 2; }
  [[ -n $REGION ]] || REGION=$(aws configure get region || true)
  [[ -n $REGION ]] || { echo "no region: use --region or set AWS_REGION" >&2; exit 2; }
fi
REGION=${REGION:-<region>}
AWS="aws --region $REGION"

step "Reading the stack's outputs"
output() {
  capture "$1" "$AWS cloudformation describe-stacks --stack-name $STACK --query \"Stacks[0].Outputs[?OutputKey=='$2'].OutputValue\" --output text" "<$2>"
}
output URL LoadBalancerUrl
output CLUSTER ClusterName
output NAMESPACE_ID NamespaceId
output WEB_TG WebTargetGroupArn
output API_TG ApiTargetGroupArn
check "stack $STACK has its outputs" "$(outcome test -n "$URL" -a -n "$CLUSTER" -a -n "$NAMESPACE_ID")" "$URL"

step "Cloud Map: the namespace $NAMESPACE and its services"
capture FOUND_NAMESPACE "$AWS servicediscovery list-namespaces --query \"Namespaces[?Name=='$NAMESPACE'].Id\" --output text" "<namespace-id>"
check "namespace $NAMESPACE exists and is the stack's" "$(outcome test "$FOUND_NAMESPACE" = "$NAMESPACE_ID")" "$FOUND_NAMESPACE"
capture FOUND_SERVICES "$AWS servicediscovery list-services --filters Name=NAMESPACE_ID,Values=$NAMESPACE_ID,Condition=EQ --query 'Services[].Name' --output text" "web api database"
for service in "${SERVICES[@]}"; do
  check "Cloud Map service $service exists" "$(outcome grep -qw "$service" <<<"$FOUND_SERVICES")"
done

step "Cloud Map: the healthy instances each name resolves to"
for service in "${SERVICES[@]}"; do
  capture IPS "$AWS servicediscovery discover-instances --namespace-name $NAMESPACE --service-name $service --health-status HEALTHY --query 'Instances[].Attributes.AWS_INSTANCE_IPV4' --output text" "<ip> <ip>"
  COUNT=$(wc -w <<<"$IPS")
  check "$service.$NAMESPACE has healthy instances" "$(outcome test "$COUNT" -ge 1)" "$COUNT: $IPS"
done

step "ECS: running tasks against desired tasks"
capture SERVICE_ARNS "$AWS ecs list-services --cluster $CLUSTER --query 'serviceArns[]' --output text" "<service-arns>"
capture COUNTS "$AWS ecs describe-services --cluster $CLUSTER --services $SERVICE_ARNS --query 'services[].[serviceName,runningCount,desiredCount]' --output text" ""
while read -r name running desired; do
  [[ -n ${name:-} ]] || continue
  check "ECS service $name runs its desired count" "$(outcome test "$running" = "$desired")" "$running of $desired"
done <<<"$COUNTS"
if [[ $DRY_RUN == false && -z $COUNTS ]]; then check "ECS services found in cluster $CLUSTER" false; fi

step "ALB: target health of web and api"
for target in "web $WEB_TG" "api $API_TG"; do
  read -r name arn <<<"$target"
  capture STATES "$AWS elbv2 describe-target-health --target-group-arn $arn --query 'TargetHealthDescriptions[].TargetHealth.State' --output text" "healthy healthy"
  HEALTHY=$(grep -ow healthy <<<"$STATES" | wc -l || true)
  TOTAL=$(wc -w <<<"$STATES")
  check "$name targets are all healthy" "$(outcome test "$TOTAL" -ge 1 -a "$HEALTHY" = "$TOTAL")" "$HEALTHY of $TOTAL"
done

step "Smoke test through the load balancer"
API_DESIRED=$(awk '$1 ~ /Api/ {print $3}' <<<"$COUNTS")
SMOKE="scripts/smoke-test.sh --expect-api-instances ${API_DESIRED:-2} $URL"
printf '+ %s\n' "$SMOKE"
if [[ $DRY_RUN == false ]]; then
  if (cd "$ROOT" && $SMOKE); then check "smoke test" true; else check "smoke test" false; fi
fi

if [[ $DRY_RUN == false ]]; then
  echo
  echo "$PASSED passed, $FAILED failed"
  ((FAILED == 0))
fi
