#!/usr/bin/env bash
# The checks to run after `docker compose up` or after a deploy to AWS, against the load balancer's URL:
# the page renders and names the instances that served it (Served-By), items go through create/read/update/delete
# with ETags, /whoami chains web -> api -> database, and (optionally) the load balancer spreads /api calls over
# several api instances.
#
#   scripts/smoke-test.sh http://localhost:8080
#   scripts/smoke-test.sh --expect-api-instances 2 http://localhost:8080
#
# Prints one PASS/FAIL line per check and exits non-zero if any failed. Needs curl and jq.
# SMOKE_TIMEOUT (seconds per request, default 10).
set -uo pipefail

usage() { echo "usage: $0 [--expect-api-instances N] BASE_URL" >&2; exit 2; }

EXPECT_API=1
BASE_URL=
while (($#)); do
  case $1 in
    --expect-api-instances) [[ ${2:-} =~ ^[1-9][0-9]*$ ]] || usage; EXPECT_API=$2; shift 2 ;;
    --expect-api-instances=*) EXPECT_API=${1#*=}; [[ $EXPECT_API =~ ^[1-9][0-9]*$ ]] || usage; shift ;;
    -h|--help) usage ;;
    -*) usage ;;
    *) [[ -z $BASE_URL ]] || usage; BASE_URL=${1%/}; shift ;;
  esac
done
[[ $BASE_URL =~ ^https?:// ]] || usage
for tool in curl jq; do
  command -v "$tool" >/dev/null || { echo "smoke-test.sh needs $tool (e.g. apt-get install $tool)" >&2; exit 2; }
done
TIMEOUT=${SMOKE_TIMEOUT:-10}

TMP=$(mktemp -d)
ITEM_PATH=''
cleanup() {
  # A check that failed half-way may leave its item behind: remove it (best effort, not counted).
  if [[ -n $ITEM_PATH ]]; then
    local etag
    etag=$(curl -s -o /dev/null -D - --max-time 5 "$BASE_URL$ITEM_PATH" | grep -i '^etag:' | cut -d: -f2- | tr -d '\r ')
    curl -s -o /dev/null --max-time 5 -X DELETE -H "If-Match: ${etag:-\"1\"}" "$BASE_URL$ITEM_PATH" || true
  fi
  rm -rf "$TMP"
}
trap cleanup EXIT

PASSED=0 FAILED=0
pass() { PASSED=$((PASSED + 1)); printf 'PASS  %s\n' "$1"; }
fail() { FAILED=$((FAILED + 1)); printf 'FAIL  %s\n      %s\n' "$1" "$2"; }

# req METHOD PATH [curl args...]: sets STATUS (000 when there was no answer); body and headers go to $TMP.
req() {
  local method=$1 path=$2; shift 2
  : >"$TMP/headers"
  STATUS=$(curl -sS -o "$TMP/body" -D "$TMP/headers" -w '%{http_code}' --max-time "$TIMEOUT" \
    -X "$method" "$@" "$BASE_URL$path" 2>"$TMP/curl-error") || STATUS=000
  [[ $STATUS == 000 ]] && : >"$TMP/body"
}
header() { grep -i "^$1:" "$TMP/headers" | tail -n1 | cut -d: -f2- | tr -d '\r' | sed 's/^ *//; s/ *$//'; }
body() { head -c 300 "$TMP/body" | tr '\n' ' '; }
seen() {
  echo "got $STATUS $(header Content-Type) ETag=$(header ETag) $(body)$( [[ $STATUS == 000 ]] && cat "$TMP/curl-error")"
}
json() { jq -er "$1" "$TMP/body" 2>/dev/null; }
is_problem() { [[ $(header Content-Type) == application/problem+json* ]]; }

echo "smoke test against $BASE_URL"

# --- the page
req GET / -H 'Accept: text/html'
if [[ $STATUS == 200 && $(header Content-Type) == text/html* ]] && grep -q 'id="add-item"' "$TMP/body"; then
  pass "GET / renders the items page (200, text/html, add form)"
else
  fail "GET / renders the items page (200, text/html, add form)" "$(seen)"
fi
SERVED_BY=$(header Served-By)
if [[ $SERVED_BY =~ ^web=[0-9a-f]{8},\ api=[0-9a-f]{8},\ database=[0-9a-f]{8}$ ]]; then
  pass "GET / names the instances that served it: Served-By: $SERVED_BY"
else
  fail "GET / names web, api and database in Served-By" "got Served-By: $SERVED_BY"
fi

# --- items through the api, with ETags
NAME="smoke test item $(date +%s)-$RANDOM"
req POST /api/items -H 'Content-Type: application/json' --data "{\"name\":\"$NAME\",\"quantity\":1}"
LOCATION=$(header Location)
if [[ $STATUS == 201 && $(header ETag) == '"1"' && -n $LOCATION && $(json .name) == "$NAME" ]]; then
  ITEM_PATH=/${LOCATION#*://*/}; [[ $LOCATION == /* ]] && ITEM_PATH=$LOCATION
  pass "POST /api/items creates an item (201, ETag \"1\", Location $ITEM_PATH)"
else
  fail "POST /api/items creates an item (201, ETag \"1\", Location)" "$(seen) Location=$LOCATION"
fi

if [[ -z $ITEM_PATH ]]; then
  fail "item read/update/delete" "skipped: no item was created"
else
  req GET "$ITEM_PATH"
  if [[ $STATUS == 200 && $(header ETag) == '"1"' && $(json .name) == "$NAME" && $(json .quantity) == 1 ]]; then
    pass "GET $ITEM_PATH reads it back (200, ETag \"1\")"
  else
    fail "GET $ITEM_PATH reads it back (200, ETag \"1\")" "$(seen)"
  fi

  req PUT "$ITEM_PATH" -H 'Content-Type: application/json' -H 'If-Match: "1"' \
    --data "{\"name\":\"$NAME\",\"quantity\":2}"
  if [[ $STATUS == 200 && $(header ETag) == '"2"' && $(json .quantity) == 2 ]]; then
    pass "PUT with If-Match \"1\" updates it (200, ETag \"2\")"
  else
    fail "PUT with If-Match \"1\" updates it (200, ETag \"2\")" "$(seen)"
  fi

  req PUT "$ITEM_PATH" -H 'Content-Type: application/json' -H 'If-Match: "1"' \
    --data "{\"name\":\"$NAME\",\"quantity\":3}"
  if [[ $STATUS == 412 ]] && is_problem; then
    pass "PUT with a stale If-Match is refused (412, problem+json)"
  else
    fail "PUT with a stale If-Match is refused (412, problem+json)" "$(seen)"
  fi

  req PUT "$ITEM_PATH" -H 'Content-Type: application/json' --data "{\"name\":\"$NAME\",\"quantity\":3}"
  if [[ $STATUS == 428 ]] && is_problem; then
    pass "PUT without If-Match is refused (428, problem+json)"
  else
    fail "PUT without If-Match is refused (428, problem+json)" "$(seen)"
  fi

  req DELETE "$ITEM_PATH" -H 'If-Match: "2"'
  if [[ $STATUS == 204 ]]; then
    pass "DELETE $ITEM_PATH removes it (204)"
    ITEM_PATH_DELETED=$ITEM_PATH ITEM_PATH=''
  else
    fail "DELETE $ITEM_PATH removes it (204)" "$(seen)"
    ITEM_PATH_DELETED=$ITEM_PATH
  fi

  req GET "$ITEM_PATH_DELETED"
  if [[ $STATUS == 404 ]] && is_problem; then
    pass "GET after DELETE finds nothing (404, problem+json)"
  else
    fail "GET after DELETE finds nothing (404, problem+json)" "$(seen)"
  fi
fi

req GET '/api/items?limit=5'
if [[ $STATUS == 200 && $(header Content-Type) == application/json* ]] &&
   jq -e '.items | type == "array"' "$TMP/body" >/dev/null 2>&1; then
  pass "GET /api/items lists items (200, {\"items\":[...]})"
else
  fail "GET /api/items lists items (200, {\"items\":[...]})" "$(seen)"
fi

# --- who answered: web -> api -> database
req GET /whoami
if [[ $STATUS == 200 ]] && [[ $(json .service) == web && $(json .downstream.service) == api &&
      $(json .downstream.downstream.service) == database ]]; then
  chain="web $(json .instance) -> api $(json .downstream.instance) -> database $(json .downstream.downstream.instance)"
  pass "GET /whoami chains $chain"
else
  fail "GET /whoami chains web -> api -> database" "$(seen)"
fi

# --- the load balancer spreads /api over every api instance
declare -A API_INSTANCES=()
for ((i = 1; i <= 40 && ${#API_INSTANCES[@]} < EXPECT_API; i++)); do
  req GET /api/whoami
  if [[ $STATUS == 200 ]] && instance=$(json .instance) && [[ $(json .service) == api ]]; then
    API_INSTANCES[$instance]=1
  fi
done
if ((${#API_INSTANCES[@]} >= EXPECT_API)); then
  pass "GET /api/whoami reached $EXPECT_API distinct api instance(s) in $((i - 1)) calls: ${!API_INSTANCES[*]}"
else
  fail "GET /api/whoami reaches $EXPECT_API distinct api instance(s)" \
    "saw ${#API_INSTANCES[@]} in $((i - 1)) calls: ${!API_INSTANCES[*]} (last: $(seen))"
fi

echo "smoke: $PASSED passed, $FAILED failed"
((FAILED == 0))
