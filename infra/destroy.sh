#!/usr/bin/env bash
# Deletes the stack that infra/deploy.sh created. What outlives it unless asked: the DynamoDB table (retained, with
# deletion protection, unless the stack was deployed with -c retainTable=false) and the ECR repositories.
#
#   infra/destroy.sh                              # the stack only
#   infra/destroy.sh --region eu-west-1 --profile prod
#   infra/destroy.sh --delete-table               # and the items table with all its data
#   infra/destroy.sh --delete-repositories        # and the web, api and database image repositories
#   infra/destroy.sh --dry-run --delete-table --delete-repositories   # print the commands, run none
#   infra/destroy.sh --region us-east-1 --dr-region us-west-2   # both regions' stacks: the DR region's first
#
# Options take their value as the next argument. Every step prints the command it runs, from the repository root.
# Needs the AWS CLI and Node.js with npm (the CDK CLI pinned in infra/package.json).
# Region: --region, else AWS_REGION, else AWS_DEFAULT_REGION, else `aws configure get region`.
# Two regions (--dr-region; --region is the primary): the DR region's stack EcsDnsDiscoveryDr goes first (it depends
# on the primary's, whose global table owns its replica), then EcsDnsDiscovery. Both are deleted through
# CloudFormation by name: `cdk destroy` would synthesize the two-region app, which needs the public name's context.
# --delete-table removes the DR region's replica, then deletes the table; --delete-repositories deletes the
# repositories in both regions.
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

DELETE_TABLE=false DELETE_REPOSITORIES=false REGION='' DR_REGION=''
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
echo "region(s) ${REGIONS[*]}, stack(s) ${STACKS[*]}; commands run from $ROOT"
# The regions in the order their stacks go: the DR region's first.
ORDER=(0)
((${#REGIONS[@]} == 1)) || ORDER=(1 0)

if [[ $DELETE_TABLE == true ]]; then
  step "Reading the table's name before the stack (and its outputs) goes"
  select_region 0
  stack_output TABLE TableName
fi

if [[ -z $DR_REGION ]]; then
  step "Deleting the stack $STACK (load balancer, services, cluster, namespace, network)"
  cdk_install
  # cdk destroy synthesizes the app first, which refuses to run without an image tag; deleting pulls no image.
  run_in_infra "${CDK[@]}" destroy "$STACK" --force -c imageTag=unused-by-destroy
else
  for r in "${ORDER[@]}"; do
    select_region "$r"
    step "Deleting the stack $THIS_STACK in $THIS_REGION (load balancer, services, cluster, namespace, network, health check, record)"
    run "${AWS[@]}" cloudformation delete-stack --stack-name "$THIS_STACK"
    run "${AWS[@]}" cloudformation wait stack-delete-complete --stack-name "$THIS_STACK"
  done
fi

if [[ $DELETE_TABLE == true ]]; then
  step "Deleting the table ${TABLE:-(none)} and every item in it${DR_REGION:+, the replica in $DR_REGION first}"
  select_region 0
  # A table deployed with -c retainTable=false went with the stack already.
  if [[ -z $TABLE ]]; then
    echo "the stack named no table: nothing to delete"
  elif succeeds "${AWS[@]}" dynamodb describe-table --table-name "$TABLE" || [[ $DRY_RUN == true ]]; then
    if [[ -n $DR_REGION ]]; then
      # A replica is removed through the table in another region, once its own deletion protection is off.
      select_region 1
      run "${AWS[@]}" dynamodb update-table --table-name "$TABLE" --no-deletion-protection-enabled \
        --query TableDescription.TableName --output text
      select_region 0
      run "${AWS[@]}" dynamodb update-table --table-name "$TABLE" \
        --replica-updates "[{\"Delete\":{\"RegionName\":\"$DR_REGION\"}}]" --query TableDescription.TableName --output text
      run "${AWS[@]}" dynamodb wait table-exists --table-name "$TABLE"
    fi
    run "${AWS[@]}" dynamodb update-table --table-name "$TABLE" --no-deletion-protection-enabled \
      --query TableDescription.TableName --output text
    run "${AWS[@]}" dynamodb delete-table --table-name "$TABLE" --query TableDescription.TableName --output text
  else
    echo "no table $TABLE left to delete"
  fi
fi

if [[ $DELETE_REPOSITORIES == true ]]; then
  for r in "${ORDER[@]}"; do
    select_region "$r"
    step "Deleting the image repositories and their images in $THIS_REGION"
    # One listing of the region's repositories rather than a describe call per service; a dry run deletes them all.
    lookup REPOSITORIES "${SERVICES[*]}" "${AWS[@]}" ecr describe-repositories \
      --query 'repositories[].repositoryName' --output text
    for service in "${SERVICES[@]}"; do
      if [[ " ${REPOSITORIES//[[:space:]]/ } " == *" $service "* ]]; then
        run "${AWS[@]}" ecr delete-repository --repository-name "$service" --force \
          --query repository.repositoryName --output text
      else
        echo "no repository $service in $THIS_REGION"
      fi
    done
  done
fi

step "Done"
[[ $DELETE_TABLE == true ]] || echo "Kept: the DynamoDB table (retained by default). Delete it with --delete-table."
[[ $DELETE_REPOSITORIES == true ]] || echo "Kept: the ECR repositories ${SERVICES[*]}. Delete them with --delete-repositories."
