#!/usr/bin/env bash
# Builds web, api and database, pushes their images to ECR with Jib and deploys the CDK stack that runs them.
#
#   infra/deploy.sh                          # account and region from your AWS CLI credentials
#   infra/deploy.sh --region eu-west-1 --tag v1.4.0
#   infra/deploy.sh -- -c certificateArn=arn:aws:acm:... -c discovery=service-connect   # extra `cdk deploy` args
#   infra/deploy.sh --dry-run                # print every command, run none (no AWS call, no build)
#   infra/deploy.sh --no-cds                 # images without a class data sharing archive (no Docker needed)
#
# Every step prints the command it runs, from the repository root, so any step can be copied and re-run alone.
# Needs: the AWS CLI v2 with credentials, Java 17+, Node.js 18+ (npx), and Docker for the training run that makes
# each image's class data sharing archive (half the start-up at 0.25 vCPU); --no-cds builds without Docker.
# Account: --account, else AWS_ACCOUNT_ID, else `aws sts get-caller-identity`.
# Region: --region, else AWS_REGION, else AWS_DEFAULT_REGION, else `aws configure get region`.
# Image tag: --tag, else IMAGE_TAG, else the git revision (12 characters; "-dirty-<UTC time>" appended when the work
# tree has uncommitted changes, since the repositories' tags are immutable).
set -euo pipefail

# The CDK CLI that reads aws-cdk-lib 2.263.0's cloud assembly (schema 54); keep in step with infra/pom.xml.
CDK_CLI_VERSION=2.1148.1
STACK=EcsDnsDiscovery
SERVICES=(web api database)

usage() {
  sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
}

DRY_RUN=false
CDS=true
ACCOUNT=${AWS_ACCOUNT_ID:-}
REGION=${AWS_REGION:-${AWS_DEFAULT_REGION:-}}
TAG=${IMAGE_TAG:-}
CDK_ARGS=()
while (($#)); do
  case $1 in
    --dry-run) DRY_RUN=true; shift ;;
    --no-cds) CDS=false; shift ;;
    --account) ACCOUNT=${2:?--account needs a value}; shift 2 ;;
    --region) REGION=${2:?--region needs a value}; shift 2 ;;
    --tag) TAG=${2:?--tag needs a value}; shift 2 ;;
    --) shift; CDK_ARGS=("$@"); break ;;
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

step "Checking account, region and tools"
if [[ $DRY_RUN == false ]]; then
  for tool in aws java npx git; do
    command -v "$tool" >/dev/null || { echo "deploy.sh needs $tool on the PATH" >&2; exit 1; }
  done
fi
[[ -n $ACCOUNT ]] || capture ACCOUNT "aws sts get-caller-identity --query Account --output text" "<account-id>"
[[ -n $REGION ]] || capture REGION "aws configure get region" "<region>"
if [[ $DRY_RUN == false || ( $ACCOUNT != "<account-id>" && $REGION != "<region>" ) ]]; then
  [[ $ACCOUNT =~ ^[0-9]{12}$ ]] || { echo "not an AWS account id: '$ACCOUNT'" >&2; exit 1; }
  [[ $REGION =~ ^[a-z]{2}(-[a-z]+)+-[0-9]+$ ]] || { echo "not an AWS region: '$REGION' (use --region)" >&2; exit 1; }
fi
if [[ -z $TAG ]]; then
  TAG=$(git -C "$ROOT" rev-parse --short=12 HEAD)
  if [[ -n $(git -C "$ROOT" status --porcelain) ]]; then
    TAG="$TAG-dirty-$(date -u +%Y%m%dT%H%M%SZ)"
  fi
fi
[[ $TAG =~ ^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$ ]] || { echo "not a valid image tag: '$TAG'" >&2; exit 1; }
REGISTRY="$ACCOUNT.dkr.ecr.$REGION.amazonaws.com"
echo "account $ACCOUNT, region $REGION, image tag $TAG, stack $STACK; commands run from $ROOT"

step "Creating the ECR repositories that do not exist yet (immutable tags, scan on push), updating the others"
LIFECYCLE='{"rules":[{"rulePriority":1,"description":"keep the 30 newest images","selection":{"tagStatus":"any","countType":"imageCountMoreThan","countNumber":30},"action":{"type":"expire"}}]}'
for service in "${SERVICES[@]}"; do
  run "aws ecr describe-repositories --region $REGION --repository-names $service >/dev/null 2>&1 || aws ecr create-repository --region $REGION --repository-name $service --image-tag-mutability IMMUTABLE --image-scanning-configuration scanOnPush=true --encryption-configuration encryptionType=AES256"
  run "aws ecr put-image-scanning-configuration --region $REGION --repository-name $service --image-scanning-configuration scanOnPush=true >/dev/null"
  run "aws ecr put-lifecycle-policy --region $REGION --repository-name $service --lifecycle-policy-text '$LIFECYCLE' >/dev/null"
done

CDS_JIB=''
if [[ $CDS == true ]]; then
  step "Building the services and a class data sharing archive for each from a training run of its image (tests are CI's job: ./mvnw verify)"
  run "scripts/build-images.sh --train-only"
else
  step "Building the services (tests are CI's job: ./mvnw verify)"
  run "./mvnw -B -q -DskipTests -pl web,api,database -am install"
fi

step "Pushing the images with Jib, tagged $TAG (a tag already in ECR is kept: tags are immutable)"
# VOLUME /tmp makes Fargate give the task's /tmp volume the image's permissions (1777) instead of root-only 0755:
# the containers run as user 10001 on a read-only root filesystem.
for service in "${SERVICES[@]}"; do
  # The archive layer and the JVM flag that uses it (the same jars and base the training run saw).
  [[ $CDS == true ]] && CDS_JIB=" -Djib.cds.flags=,-XX:SharedArchiveFile=/app/cds/app.jsa -Djib.extraDirectories.paths=$ROOT/$service/target/jib-cds"
  run "aws ecr describe-images --region $REGION --repository-name $service --image-ids imageTag=$TAG >/dev/null 2>&1 || ./mvnw -B -pl $service jib:build$CDS_JIB -Djib.to.image=$REGISTRY/$service:$TAG -Djib.to.tags=$TAG -Djib.container.volumes=/tmp -Djib.to.auth.username=AWS -Djib.to.auth.password=\"\$(aws ecr get-login-password --region $REGION)\""
done

step "Bootstrapping CDK in aws://$ACCOUNT/$REGION unless it already is"
run "aws cloudformation describe-stacks --region $REGION --stack-name CDKToolkit >/dev/null 2>&1 || (cd infra && npx --yes aws-cdk@$CDK_CLI_VERSION bootstrap aws://$ACCOUNT/$REGION)"

step "Deploying the stack $STACK with image tag $TAG"
EXTRA=''
if ((${#CDK_ARGS[@]})); then
  EXTRA=" $(printf '%q ' "${CDK_ARGS[@]}")"
  EXTRA=${EXTRA% }
fi
run "(cd infra && AWS_REGION=$REGION npx --yes aws-cdk@$CDK_CLI_VERSION deploy $STACK --require-approval never -c imageTag=$TAG$EXTRA)"

step "Done"
capture URL "aws cloudformation describe-stacks --region $REGION --stack-name $STACK --query \"Stacks[0].Outputs[?OutputKey=='LoadBalancerUrl'].OutputValue\" --output text" "<LoadBalancerUrl>"
echo "The application: $URL"
echo "Check the deployment (Cloud Map, ECS, target health, then the smoke test):"
echo "  scripts/verify-aws.sh --region $REGION"
echo "Or only the smoke test through the load balancer:"
echo "  scripts/smoke-test.sh $URL"
