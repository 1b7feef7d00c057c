#!/usr/bin/env bash
# Builds web, api and database, pushes their images to ECR with Jib and deploys the CDK stack that runs them.
#
#   infra/deploy.sh                                    # region from your AWS CLI configuration, tag = git revision
#   infra/deploy.sh --region eu-west-1 --profile prod  # the account is the one the profile's credentials belong to
#   infra/deploy.sh --discovery service-connect        # or dns (the default); switching a live stack is refused
#   infra/deploy.sh --tag 3f2a1bc4d5e6 --no-build      # images already in ECR under that tag (a rollback, say)
#   infra/deploy.sh -- -c domainName=items.example.com -c hostedZoneId=Z123   # more `cdk deploy` arguments
#   infra/deploy.sh --dry-run                          # print every command, run none (no AWS call, no build)
#   infra/deploy.sh --no-aot                           # images without an AOT cache (no Docker)
#   infra/deploy.sh --region us-east-1 --dr-region us-west-2 -- -c domainName=items.example.com -c hostedZoneId=Z123
#                                                      # two regions: the images pushed to both, both stacks deployed
#   infra/deploy.sh --dr-region us-west-2 --routing latency -- ...   # latency records instead of failover
#
# Options take their value as the next argument (--region eu-west-1). Every step prints the command it runs, from the
# repository root, so any step can be copied and re-run alone.
# Needs: the AWS CLI with credentials, Java 17+ and Docker (for the AOT cache's training run; --no-aot
# builds without Docker), Node.js 18+ with npm (the CDK CLI pinned in infra/package.json is installed with `npm ci`).
# Region: --region, else AWS_REGION, else AWS_DEFAULT_REGION, else `aws configure get region`.
# Account: the credentials' (`aws sts get-caller-identity`); choose another with --profile or AWS_PROFILE.
# Image tag: --tag, else IMAGE_TAG, else the git revision (12 characters; "-dirty-<UTC time>" appended when the work
# tree has uncommitted changes, since the repositories' tags are immutable).
# Two regions (--dr-region): the region above is the primary (it owns the global table); every image is pushed to
# the ECR of each region (a second Jib push of the same build: the same digest, checked), both regions are
# bootstrapped, and one `cdk deploy` deploys EcsDnsDiscovery there, then EcsDnsDiscoveryDr in the DR region.
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

# What ECR's lifecycle rule keeps: every image a deploy ran (tagged deployed-<tag> by this script, so the image a
# service runs is never expired) and the 30 newest of the others.
DEPLOYED_PREFIX=deployed-
# (An image that matches a rule's tag selection is never expired by a rule of lower priority.)
KEEP_DEPLOYED='{"rulePriority":1,"description":"never expire an image a deploy used","selection":{"tagStatus":"tagged","tagPrefixList":["'$DEPLOYED_PREFIX'"],"countType":"imageCountMoreThan","countNumber":10000},"action":{"type":"expire"}}'
KEEP_NEWEST='{"rulePriority":2,"description":"keep the 30 newest of the other images","selection":{"tagStatus":"any","countType":"imageCountMoreThan","countNumber":30},"action":{"type":"expire"}}'
LIFECYCLE_POLICY="{\"rules\":[$KEEP_DEPLOYED,$KEEP_NEWEST]}"

AOT=true BUILD=true TAG=${IMAGE_TAG:-} DISCOVERY='' REGION='' DR_REGION='' ROUTING='' CDK_ARGS=()
while (($#)); do
  case $1 in
    --no-aot) AOT=false; shift ;;
    --no-build) BUILD=false; shift ;;
    --tag) TAG=$(value "$@"); shift 2 ;;
    --discovery) DISCOVERY=$(value "$@"); shift 2 ;;
    --routing) ROUTING=$(value "$@"); shift 2 ;;
    --) shift; CDK_ARGS=("$@"); break ;;
    *) common_option "$@"; shift "$SHIFT" ;;
  esac
done

# context KEY: the value of a `-c KEY=...` among the cdk arguments (empty when there is none).
context() {
  local i arg
  for ((i = 0; i < ${#CDK_ARGS[@]}; i++)); do
    arg=${CDK_ARGS[i]}
    [[ $arg == -c || $arg == --context ]] && arg=${CDK_ARGS[i + 1]:-}
    [[ $arg != "$1="* ]] || { printf '%s' "${arg#"$1="}"; return; }
  done
}
# The discovery mode asked for: --discovery, else a `-c discovery=...` among the cdk arguments, else dns.
DISCOVERY=${DISCOVERY:-$(context discovery)}
DISCOVERY=${DISCOVERY:-dns}
[[ $DISCOVERY == dns || $DISCOVERY == service-connect ]] ||
  die "not a discovery mode: '$DISCOVERY' (dns or service-connect)"
[[ -z $(context drRegion)$(context primaryRegion)$(context routing) ]] || die "name the regions with --region (the \
primary) and --dr-region, and the routing with --routing: deploy.sh then pushes the images to both regions"
# Two regions: the public name that fails over between them must be given (the app refuses to synthesize without).
# Two regions: the public name that fails over between them must be given (the app refuses to synthesize without).
if [[ -n $DR_REGION ]]; then
  [[ -n $(context domainName) && -n $(context hostedZoneId) ]] || die "--dr-region needs the public name that fails \
over between the regions: add -- -c domainName=<name> -c hostedZoneId=<its public hosted zone>"
  ROUTING=${ROUTING:-failover}
  [[ $ROUTING == failover || $ROUTING == latency ]] || die "not a routing: '$ROUTING' (failover or latency)"
else
  [[ -z $ROUTING ]] || die "--routing chooses between the two regions of --dr-region"
fi

step "Checking region, account and tools"
needs aws npm npx git jq
[[ $BUILD == false ]] || needs java
[[ $BUILD == false || $AOT == false ]] || needs docker
resolve_region
query ACCOUNT "<account-id>" "${AWS[@]}" sts get-caller-identity --query Account --output text
[[ $ACCOUNT == "<account-id>" || $ACCOUNT =~ ^[0-9]{12}$ ]] || die "not an AWS account id: '$ACCOUNT'"
if [[ -z $TAG ]]; then
  [[ $BUILD == true ]] || die "--no-build deploys images already in ECR: name their tag with --tag"
  TAG=$(git -C "$ROOT" rev-parse --short=12 HEAD)
  [[ -z $(git -C "$ROOT" status --porcelain) ]] || TAG="$TAG-dirty-$(date -u +%Y%m%dT%H%M%SZ)"
fi
[[ $TAG =~ ^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$ ]] || die "not a valid image tag: '$TAG'"
registry() { printf '%s' "$ACCOUNT.dkr.ecr.$THIS_REGION.amazonaws.com"; }
echo "account $ACCOUNT, region(s) ${REGIONS[*]}, image tag $TAG, discovery $DISCOVERY, stack(s) ${STACKS[*]}${DR_REGION:+, routing $ROUTING}; commands run from $ROOT"

step "Checking the deployed stacks' discovery mode and regions"
for ((r = 0; r < ${#REGIONS[@]}; r++)); do
  select_region "$r"
  stack_output DEPLOYED_DISCOVERY DiscoveryMode
  if [[ $DRY_RUN == false && -n $DEPLOYED_DISCOVERY && $DEPLOYED_DISCOVERY != "$DISCOVERY" ]]; then
    die "The stack $THIS_STACK runs discovery mode '$DEPLOYED_DISCOVERY'; this deploy asks for '$DISCOVERY'.
Switching a live stack fails half-way (CloudFormation cannot delete a Cloud Map service that still has registered
instances in the same update), so this script refuses. To switch: destroy first, then deploy again:
  infra/destroy.sh --region $REGION${DR_REGION:+ --dr-region $DR_REGION}          # keeps the DynamoDB table and the images
  infra/deploy.sh --region $REGION${DR_REGION:+ --dr-region $DR_REGION} --discovery $DISCOVERY --tag $TAG --no-build
Or deploy with --discovery $DEPLOYED_DISCOVERY to keep the current mode."
  fi
  # A stack of two regions has the output Region; one region's stack has not. Their tables are different
  # resources (a global table against a regional one): changing between them is a data migration, not an update.
  stack_output DEPLOYED_REGION Region
  if [[ $DRY_RUN == false && -n $DEPLOYED_DISCOVERY && -n $DR_REGION && -z $DEPLOYED_REGION ]]; then
    die "The stack $THIS_STACK in $THIS_REGION is a one-region deployment: its table is a regional table, and
--dr-region would replace it with a global table. Move the items first (export the table to S3, destroy the stack,
deploy with --dr-region, import), or deploy the second region under another account."
  fi
  if [[ $DRY_RUN == false && -n $DEPLOYED_DISCOVERY && -z $DR_REGION && -n $DEPLOYED_REGION ]]; then
    die "The stack $THIS_STACK in $THIS_REGION is the primary of a two-region deployment: deploy it with
--dr-region <its DR region> (and the same -c domainName and -c hostedZoneId), as before."
  fi
  echo "$THIS_STACK in $THIS_REGION: ${DEPLOYED_DISCOVERY:-(no stack yet)}; asked for: $DISCOVERY"
done

step "Creating the ECR repositories that do not exist yet (immutable tags, scan on push), updating the others"
for ((r = 0; r < ${#REGIONS[@]}; r++)); do
  select_region "$r"
  lookup REPOSITORIES "" "${AWS[@]}" ecr describe-repositories --query 'repositories[].repositoryName' --output text
  for service in "${SERVICES[@]}"; do
    if grep -qw "$service" <<<"$REPOSITORIES"; then
      run "${AWS[@]}" ecr put-image-scanning-configuration --repository-name "$service" \
        --image-scanning-configuration scanOnPush=true --query repositoryName --output text
    else
      run "${AWS[@]}" ecr create-repository --repository-name "$service" --image-tag-mutability IMMUTABLE \
        --image-scanning-configuration scanOnPush=true --encryption-configuration encryptionType=AES256 \
        --query repository.repositoryUri --output text
    fi
    run "${AWS[@]}" ecr put-lifecycle-policy --repository-name "$service" --lifecycle-policy-text "$LIFECYCLE_POLICY" \
      --query repositoryName --output text
  done
done

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
# images SERVICE: the service's images tagged $TAG and $DEPLOYED_PREFIX$TAG in THIS_REGION, as ECR's JSON in
# $WORK/REGION-SERVICE.json (tags it does not have are listed under "failures"); has_image SERVICE TAG reads that.
images() {
  local cmd=("${AWS[@]}" ecr batch-get-image --repository-name "$1" --image-ids "imageTag=$TAG"
    "imageTag=$DEPLOYED_PREFIX$TAG" --output json)
  show "${cmd[@]}"
  if [[ $DRY_RUN == true ]]; then echo '{"images":[]}' >"$WORK/$THIS_REGION-$1.json"; return; fi
  (cd "$ROOT" && "${cmd[@]}") >"$WORK/$THIS_REGION-$1.json" || die "failed: ${cmd[*]}"
}
has_image() {
  jq -e --arg tag "$2" 'any(.images[]; .imageId.imageTag == $tag)' "$WORK/$THIS_REGION-$1.json" >/dev/null
}
# digest SERVICE: the digest of the service's image tagged $TAG in THIS_REGION (from images' answer).
digest() {
  jq -r --arg tag "$TAG" '.images[] | select(.imageId.imageTag == $tag) | .imageId.imageDigest' \
    "$WORK/$THIS_REGION-$1.json"
}

if [[ $BUILD == true ]]; then
  if [[ $AOT == true ]]; then
    step "Building the services and an AOT cache for each from a training run of its image (tests are CI's job: ./mvnw verify)"
    run scripts/build-images.sh --train-only
  else
    step "Building the services (tests are CI's job: ./mvnw verify)"
    run ./mvnw -B -q -DskipTests -pl web,api,database -am package
  fi

  step "Pushing the images with Jib, tagged $TAG, to the ECR of ${REGIONS[*]} (a tag already in ECR is kept: tags are immutable)"
  # The registry password goes to Jib through the environment (the parent pom reads JIB_TO_AUTH_PASSWORD), never
  # on a command line, where any user of the machine could read it. A push per region rather than ECR replication:
  # see infra/README.md, Two regions. Jib builds reproducibly, so every region gets the same digest.
  for ((r = 0; r < ${#REGIONS[@]}; r++)); do
    select_region "$r"
    for service in "${SERVICES[@]}"; do
      images "$service"
      has_image "$service" "$TAG" && { echo "$service:$TAG is in ECR in $THIS_REGION already"; continue; }
      # -am package: common from this build, never from ~/.m2; the same jars as the training run saw.
      jib=(./mvnw -B -o -DskipTests -pl "$service" -am package jib:build "-Djib.to.image=$(registry)/$service:$TAG"
        "-Djib.to.tags=$TAG")
      [[ $AOT == false ]] || jib+=(-Djib.aot)
      show "${AWS[@]}" ecr get-login-password
      printf '+ JIB_TO_AUTH_USERNAME=AWS JIB_TO_AUTH_PASSWORD=<that password> %s\n' "$(quote "${jib[@]}")"
      if [[ $DRY_RUN == false ]]; then
        password=$("${AWS[@]}" ecr get-login-password) || die "failed: aws ecr get-login-password"
        (cd "$ROOT" && JIB_TO_AUTH_USERNAME=AWS JIB_TO_AUTH_PASSWORD=$password "${jib[@]}")
        unset password
      fi
    done
  done
fi

step "Checking that every image tagged $TAG is in ECR in ${REGIONS[*]} before anything is deployed"
for ((r = 0; r < ${#REGIONS[@]}; r++)); do
  select_region "$r"
  for service in "${SERVICES[@]}"; do
    images "$service"
    has_image "$service" "$TAG" || [[ $DRY_RUN == true ]] ||
      die "The image $service:$TAG is not in ECR ($(registry)/$service): nothing was deployed. Build and push it
(leave out --no-build), or name a tag that is there: aws --region $THIS_REGION ecr describe-images --repository-name $service"
  done
done
if ((${#REGIONS[@]} > 1)) && [[ $DRY_RUN == false ]]; then
  # The same tag must be the same image in both regions, or a failover would change what runs.
  for service in "${SERVICES[@]}"; do
    select_region 0; first=$(digest "$service")
    select_region 1; second=$(digest "$service")
    [[ $first == "$second" ]] || die "$service:$TAG is not the same image in ${REGIONS[0]} ($first) and \
${REGIONS[1]} ($second): nothing was deployed. Push one build to both (a new tag), or deploy a tag that matches."
    echo "$service:$TAG is $first in both regions"
  done
fi

step "Marking the images as deployed ($DEPLOYED_PREFIX$TAG), so that the lifecycle rule never expires them"
# A second tag on the same image: its manifest, byte for byte, put back under the new tag; --image-digest makes ECR
# refuse anything that is not the very same image.
for ((r = 0; r < ${#REGIONS[@]}; r++)); do
  select_region "$r"
  for service in "${SERVICES[@]}"; do
    has_image "$service" "$DEPLOYED_PREFIX$TAG" && { echo "$service:$TAG is marked in $THIS_REGION already"; continue; }
    answer=$WORK/$THIS_REGION-$service.json manifest=$WORK/$THIS_REGION-$service.manifest
    image=".images[] | select(.imageId.imageTag == \"$TAG\")"
    echo "  (the image's manifest, exactly, from the answer above: jq -j '$image | .imageManifest')"
    digest="<digest>" media_type=()
    if [[ $DRY_RUN == false ]]; then
      jq -j "$image | .imageManifest" "$answer" >"$manifest"
      digest=$(digest "$service")
      media=$(jq -r "$image | .imageManifestMediaType // empty" "$answer")
      [[ -z $media ]] || media_type=(--image-manifest-media-type "$media")
    fi
    run "${AWS[@]}" ecr put-image --repository-name "$service" --image-tag "$DEPLOYED_PREFIX$TAG" \
      --image-digest "$digest" --image-manifest "file://$manifest" ${media_type[@]+"${media_type[@]}"} \
      --query image.imageId.imageDigest --output text
  done
done

ENVIRONMENTS=("${REGIONS[@]/#/aws://$ACCOUNT/}")
step "Installing the pinned CDK CLI (infra/package.json) and bootstrapping ${ENVIRONMENTS[*]} (idempotent: it updates an older toolkit stack)"
cdk_install
run_in_infra "${CDK[@]}" bootstrap "${ENVIRONMENTS[@]}"

step "Deploying ${STACKS[*]} with image tag $TAG"
two_regions=()
[[ -z $DR_REGION ]] || two_regions=(-c "primaryRegion=$REGION" -c "drRegion=$DR_REGION" -c "routing=$ROUTING")
run_in_infra "${CDK[@]}" deploy "${STACKS[@]}" --require-approval never -c "imageTag=$TAG" -c "discovery=$DISCOVERY" \
  ${two_regions[@]+"${two_regions[@]}"} ${CDK_ARGS[@]+"${CDK_ARGS[@]}"}

step "Done"
select_region 0
stack_output URL LoadBalancerUrl
echo "The application: $URL"
echo "Check the deployment (Cloud Map, ECS, target health${DR_REGION:+ and the health checks in both regions}, then the smoke test through $URL):"
echo "  scripts/verify-aws.sh --region $REGION${DR_REGION:+ --dr-region $DR_REGION}"
echo "Or only the smoke test:"
echo "  scripts/smoke-test.sh $URL"
