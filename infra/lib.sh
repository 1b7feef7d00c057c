# Shared by infra/deploy.sh, infra/destroy.sh and scripts/verify-aws.sh (sourced, not run): the stack's name, the
# way each prints and runs its commands, the AWS settings every one of them resolves the same way, and the CDK CLI
# pinned in infra/package.json.
#
# Every command is an array (no eval, no command strings): `run` prints it, quoted so that it can be copied, and
# runs it from the repository root unless DRY_RUN is true.

STACK=EcsDnsDiscovery
# With --dr-region, the second region's stack (InfraApp.DR_STACK_NAME).
DR_STACK=${STACK}Dr
SERVICES=(web api database)
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
DRY_RUN=false

step() { printf '\n==> %s\n' "$*"; }
die() { printf '%s\n' "$*" >&2; exit 1; }

# quote ARGS...: the arguments as a shell would read them back, in single quotes where needed.
quote() {
  local arg out=()
  for arg in "$@"; do
    if [[ $arg =~ ^[A-Za-z0-9_./:=@%+,-]+$ ]]; then out+=("$arg")
    elif [[ $arg != *"'"* ]]; then out+=("'$arg'")
    else out+=("$(printf '%q' "$arg")"); fi
  done
  printf '%s' "${out[*]}"
}

# show CMD...: prints a command the way it can be copied and run.
show() { printf '+ %s\n' "$(quote "$@")"; }

# run CMD...: prints the command, then runs it from the repository root (not in a dry run).
run() {
  show "$@"
  [[ $DRY_RUN == true ]] || (cd "$ROOT" && "$@")
}

# run_in_infra CMD...: the same from infra/ (where cdk.json and the pinned CDK CLI are).
run_in_infra() {
  printf '+ (cd infra && %s)\n' "$(quote "$@")"
  [[ $DRY_RUN == true ]] || (cd "$ROOT/infra" && "$@")
}

# query VAR PLACEHOLDER CMD...: prints the command and keeps its output in VAR; a dry run keeps PLACEHOLDER.
# Fails the script when the command fails.
query() { capture strict "$@"; }

# lookup VAR PLACEHOLDER CMD...: like query, but a failing command (or the CLI's "None") leaves VAR empty.
lookup() { capture lenient "$@"; }

capture() {
  local mode=$1 var=$2 placeholder=$3 output
  shift 3
  show "$@"
  if [[ $DRY_RUN == true ]]; then
    output=$placeholder
  elif [[ $mode == strict ]]; then
    output=$(cd "$ROOT" && "$@") || die "failed: $*"
  else
    output=$(cd "$ROOT" && "$@" 2>/dev/null) || output=''
    [[ $output != None ]] || output=''
  fi
  printf -v "$var" '%s' "$output"
}

# succeeds CMD...: prints the command and tells whether it succeeds, its output discarded. A dry run assumes it
# does not, so that the commands that would follow a "no" are printed too.
succeeds() {
  show "$@"
  [[ $DRY_RUN == false ]] && (cd "$ROOT" && "$@") >/dev/null 2>&1
}

# The CDK CLI pinned in infra/package.json (and its lock file), run from infra/ with run_in_infra.
CDK=(npx --no-install cdk)
# cdk_install: `npm ci` in infra/ unless the pinned CLI is installed there already.
cdk_install() {
  [[ -x $ROOT/infra/node_modules/.bin/cdk ]] || run_in_infra npm ci --no-audit --no-fund --loglevel=error
}

# needs TOOL...: fails with a clear message unless every tool is on the PATH (skipped in a dry run).
needs() {
  [[ $DRY_RUN == false ]] || return 0
  local tool
  for tool in "$@"; do
    command -v "$tool" >/dev/null || die "$(basename "$0") needs $tool on the PATH"
  done
}

# resolve_region: --region, else AWS_REGION, else AWS_DEFAULT_REGION, else the AWS CLI profile's region.
resolve_region() {
  REGION=${REGION:-${AWS_REGION:-${AWS_DEFAULT_REGION:-}}}
  if [[ -z $REGION && $DRY_RUN == false ]]; then
    REGION=$(aws configure get region || true)
  fi
  REGION=${REGION:-<region>}
  if [[ $REGION != "<region>" ]]; then
    [[ $REGION =~ ^[a-z]{2}(-[a-z]+)+-[0-9]+$ ]] || die "not an AWS region: '$REGION' (use --region)"
  elif [[ $DRY_RUN == false ]]; then
    die "no region: use --region, or set AWS_REGION"
  fi
  # The CDK CLI reads the region from the environment (a two-region app names its stacks' regions itself).
  export AWS_REGION=$REGION
  # The regions the script works on, each with its stack: one, or with --dr-region the primary and the DR region.
  REGIONS=("$REGION") STACKS=("$STACK")
  if [[ -n ${DR_REGION:-} ]]; then
    [[ $DR_REGION =~ ^[a-z]{2}(-[a-z]+)+-[0-9]+$ ]] || die "not an AWS region: '$DR_REGION' (--dr-region)"
    [[ $DR_REGION != "$REGION" ]] || die "--dr-region must differ from the primary region ($REGION)"
    REGIONS+=("$DR_REGION") STACKS+=("$DR_STACK")
  fi
  select_region 0
}

# select_region N: the AWS CLI calls (AWS) and stack outputs (stack_output) that follow are REGIONS[N]'s, of its
# stack STACKS[N] (THIS_STACK).
select_region() {
  THIS_REGION=${REGIONS[$1]} THIS_STACK=${STACKS[$1]}
  # The AWS CLI as every script calls it (AWS_PROFILE and AWS_ENDPOINT_URL apply as usual).
  AWS=(aws --region "$THIS_REGION")
  STACK_OUTPUTS_READ=false
}

# stack_output VAR NAME: THIS_STACK's output NAME (empty when the stack or the output does not exist). The first
# call reads every output with one describe-stacks; refresh_stack_outputs reads them again.
declare -A STACK_OUTPUTS=()
STACK_OUTPUTS_READ=false
refresh_stack_outputs() {
  local lines key value
  lookup lines "" "${AWS[@]}" cloudformation describe-stacks --stack-name "$THIS_STACK" \
    --query 'Stacks[0].Outputs[].[OutputKey,OutputValue]' --output text
  STACK_OUTPUTS=()
  while IFS=$'\t' read -r key value; do
    [[ -z $key ]] || STACK_OUTPUTS[$key]=$value
  done <<<"$lines"
  STACK_OUTPUTS_READ=true
}
stack_output() {
  [[ $STACK_OUTPUTS_READ == true ]] || refresh_stack_outputs
  if [[ $DRY_RUN == true ]]; then
    printf -v "$1" '%s' "<$2>"
  else
    printf -v "$1" '%s' "${STACK_OUTPUTS[$2]:-}"
  fi
}

# usage_from_header: prints the script's header comment (its usage) and exits 2.
usage_from_header() {
  sed -n '2,/^set -euo pipefail/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//' >&2
  exit 2
}

# value OPTION ARGS...: the value that follows OPTION (one style everywhere: `--name value`).
value() {
  [[ $# -ge 2 && -n $2 && $2 != --* ]] || die "$1 needs a value (see --help)"
  printf '%s' "$2"
}

# common_option ARGS...: the options every script takes; sets SHIFT to the number of arguments it used.
common_option() {
  case $1 in
    --dry-run) DRY_RUN=true; SHIFT=1 ;;
    --region) REGION=$(value "$@"); SHIFT=2 ;;
    --dr-region) DR_REGION=$(value "$@"); SHIFT=2 ;;
    --profile) AWS_PROFILE=$(value "$@"); export AWS_PROFILE; SHIFT=2 ;;
    -h|--help) usage_from_header ;;
    *) printf 'unknown argument: %s\n\n' "$1" >&2; usage_from_header ;;
  esac
}
