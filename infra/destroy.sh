#!/usr/bin/env bash
# Deletes the stack that infra/deploy.sh created. What outlives it unless asked: the DynamoDB table (retained, with
# deletion protection, unless the stack was deployed with -c retainTable=false) and the ECR repositories.
#
#   infra/destroy.sh                              # the stack only
#   infra/destroy.sh --delete-table               # and the items table with all its data
#   infra/destroy.sh --delete-repositories        # and the web, api and database image repositories
#   infra/destroy.sh --dry-run --delete-table --delete-repositories   # print the commands, run none
#
# Every step prints the command it runs, from the repository root. Needs the AWS CLI v2 and Node.js (npx).
# Region: --region, else AWS_REGION, else AWS_DEFAULT_REGION, else `aws configure get region`.
set -euo pipefail

# The CDK CLI that reads aws-cdk-lib 2.263.0's cloud assembly (schema 54); keep in step with infra/deploy.sh.
CDK_CLI_VERSION=2.1148.1
STACK=EcsDnsDiscovery
SERVICES=(web api database)

usage() {
  sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
}

DRY_RUN=false
DELETE_TABLE=false
DELETE_REPOSITORIES=false
REGION=${AWS_REGION:-${AWS_DEFAULT_REGION:-}}
while (($#)); do
  case $1 in
    --dry-run) DRY_RUN=true; shift ;;
    --delete-table) DELETE_TABLE=true; shift ;;
    --delete-repositories) DELETE_REPOSITORIES=true; shift ;;
    --region) REGION=${2:?--region needs a value}; shift 2 ;;
    -h|--help) usage ;;
    *) echo "unknown argument: $1" >&2; usage ;;
  esac
done

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

step() { printf '\n==> %s\n' "$*"; }

# Prints a command, then runs it from the repository root (unless --dry-run).
run() {
  printf '+ %s\n' "$1"
  if [[ $DRY_RUN == false ]]; then
    (cd "$ROOT" && eval "$1")
  fi
}

# Like run, but keeps the command's output in the variable named $1; a dry run keeps the placeholder $3.
capture() {
  printf '+ %s\n' "$2"
  if [[ $DRY_RUN == false ]]; then
    local output
    output=$(cd "$ROOT" && eval "$2") || { echo "failed: $2" >&2; exit 1; }
    printf -v "$1" '%s' "$output"
  else
    printf -v "$1" '%s' "$3"
  fi
}

step "Checking region and tools"
if [[ $DRY_RUN == false ]]; then
  for tool in aws npx; do
    command -v "$tool" >/dev/null || { echo "destroy.sh needs $tool on the PATH" >&2; exit 1; }
  done
fi
[[ -n $REGION ]] || capture REGION "aws configure get region" "<region>"
if [[ $DRY_RUN == false || $REGION != "<region>" ]]; then
  [[ $REGION =~ ^[a-z]{2}(-[a-z]+)+-[0-9]+$ ]] || { echo "not an AWS region: '$REGION' (use --region)" >&2; exit 1; }
fi
echo "region $REGION, stack $STACK; commands run from $ROOT"

TABLE=''
if [[ $DELETE_TABLE == true ]]; then
  step "Reading the table's name before the stack (and its outputs) goes"
  capture TABLE "aws cloudformation describe-stacks --region $REGION --stack-name $STACK --query \"Stacks[0].Outputs[?OutputKey=='TableName'].OutputValue\" --output text" "<TableName>"
fi

step "Deleting the stack $STACK (load balancer, services, cluster, namespace, network)"
run "(cd infra && AWS_REGION=$REGION npx --yes aws-cdk@$CDK_CLI_VERSION destroy $STACK --force)"

if [[ $DELETE_TABLE == true ]]; then
  step "Deleting the table $TABLE and every item in it"
  # A table deployed with -c retainTable=false went with the stack already.
  run "if aws dynamodb describe-table --region $REGION --table-name $TABLE >/dev/null 2>&1; then aws dynamodb update-table --region $REGION --table-name $TABLE --no-deletion-protection-enabled >/dev/null && aws dynamodb delete-table --region $REGION --table-name $TABLE >/dev/null; else echo 'no table $TABLE left to delete'; fi"
fi

if [[ $DELETE_REPOSITORIES == true ]]; then
  step "Deleting the image repositories and their images"
  for service in "${SERVICES[@]}"; do
    run "aws ecr delete-repository --region $REGION --repository-name $service --force >/dev/null 2>&1 || echo 'no repository $service'"
  done
fi

step "Done"
[[ $DELETE_TABLE == true ]] || echo "Kept: the DynamoDB table (retained by default). Delete it with --delete-table."
[[ $DELETE_REPOSITORIES == true ]] || echo "Kept: the ECR repositories ${SERVICES[*]}. Delete them with --delete-repositories."
