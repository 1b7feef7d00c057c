#!/usr/bin/env bash
# Deletes the stack that infra/deploy.sh created. What outlives it unless asked: the DynamoDB table (retained, with
# deletion protection, unless the stack was deployed with -c retainTable=false) and the ECR repositories.
#
#   infra/destroy.sh                              # the stack only
#   infra/destroy.sh --region eu-west-1 --profile prod
#   infra/destroy.sh --delete-table               # and the items table with all its data
#   infra/destroy.sh --delete-repositories        # and the web, api and database image repositories
#   infra/destroy.sh --dry-run --delete-table --delete-repositories   # print the commands, run none
#
# Options take their value as the next argument. Every step prints the command it runs, from the repository root.
# Needs the AWS CLI and Node.js with npm (the CDK CLI pinned in infra/package.json).
# Region: --region, else AWS_REGION, else AWS_DEFAULT_REGION, else `aws configure get region`.
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

DELETE_TABLE=false DELETE_REPOSITORIES=false REGION=''
while (($#)); do
  case $1 in
    --delete-table) DELETE_TABLE=true; shift ;;
    --delete-repositories) DELETE_REPOSITORIES=true; shift ;;
    *) common_option "$@"; shift "$SHIFT" ;;
  esac
done

step "Checking region and tools"
needs aws npm npx
resolve_region
echo "region $REGION, stack $STACK; commands run from $ROOT"

if [[ $DELETE_TABLE == true ]]; then
  step "Reading the table's name before the stack (and its outputs) goes"
  stack_output TABLE TableName
fi

step "Deleting the stack $STACK (load balancer, services, cluster, namespace, network)"
cdk_install
# cdk destroy synthesizes the app first, which refuses to run without an image tag; deleting pulls no image.
run_in_infra "${CDK[@]}" destroy "$STACK" --force -c imageTag=unused-by-destroy

if [[ $DELETE_TABLE == true ]]; then
  step "Deleting the table ${TABLE:-(none)} and every item in it"
  # A table deployed with -c retainTable=false went with the stack already.
  if [[ -z $TABLE ]]; then
    echo "the stack named no table: nothing to delete"
  elif succeeds "${AWS[@]}" dynamodb describe-table --table-name "$TABLE" || [[ $DRY_RUN == true ]]; then
    run "${AWS[@]}" dynamodb update-table --table-name "$TABLE" --no-deletion-protection-enabled \
      --query TableDescription.TableName --output text
    run "${AWS[@]}" dynamodb delete-table --table-name "$TABLE" --query TableDescription.TableName --output text
  else
    echo "no table $TABLE left to delete"
  fi
fi

if [[ $DELETE_REPOSITORIES == true ]]; then
  step "Deleting the image repositories and their images"
  for service in "${SERVICES[@]}"; do
    if succeeds "${AWS[@]}" ecr describe-repositories --repository-names "$service" || [[ $DRY_RUN == true ]]; then
      run "${AWS[@]}" ecr delete-repository --repository-name "$service" --force \
        --query repository.repositoryName --output text
    else
      echo "no repository $service"
    fi
  done
fi

step "Done"
[[ $DELETE_TABLE == true ]] || echo "Kept: the DynamoDB table (retained by default). Delete it with --delete-table."
[[ $DELETE_REPOSITORIES == true ]] || echo "Kept: the ECR repositories ${SERVICES[*]}. Delete them with --delete-repositories."
