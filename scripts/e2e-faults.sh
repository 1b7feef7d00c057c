#!/usr/bin/env bash
# Overload and partial failure on a running compose stack, with real parts: load beyond what one api sustains, a
# database that answers late (paused), api cut off from database (network disconnect), DynamoDB paused, database
# killed with SIGKILL in the middle of a stream of writes, and 50 concurrent writers of one item with If-Match.
# Each check prints one line "RECORD<TAB>measure<TAB>value<TAB>expected<TAB>1|0" on stdout (scripts/e2e-compose.sh
# records them in its table); progress goes to stderr.
#
#   scripts/e2e-faults.sh PROJECT BASE_URL [overload] [partial] [writers]   (all three when none is named)
#
# Needs docker, curl, jq, java and system/target/classes (./mvnw -pl system -am compile) for the load generator.
# Environment: E2E_OVERLOAD_RPS [150] offered rate (5x the 30/s one api served at 0.25 vCPU when its bound was
# chosen, docs/resilience.md), E2E_OVERLOAD_SECONDS [15].
set -Eeuo pipefail
cd "$(dirname "$0")/.."
PROJECT=$1 BASE=$2
PARTS=" ${*:3} "; [[ -n ${*:3} ]] || PARTS=" overload partial writers "
RPS=${E2E_OVERLOAD_RPS:-150} LOAD_S=${E2E_OVERLOAD_SECONDS:-15}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"; jobs -p | xargs -r kill 2>/dev/null || true' EXIT
T0=$SECONDS
[[ -f system/target/classes/dev/ecsdns/system/OverloadRun.class ]] || ./mvnw -B -q -ntp -pl system -am compile >&2

log() { printf '[faults %4ss] %s\n' "$((SECONDS - T0))" "$*" >&2; }
dc() { docker compose -p "$PROJECT" -f docker-compose.yml "$@"; }
record() { printf 'RECORD\t%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4"; log "$( (($4)) && echo PASS || echo FAIL)  $1: $2"; }
yes_no() { if "$@"; then echo 1; else echo 0; fi; }
below() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a < b) }'; }
now_ms() { date +%s%3N; }
since() { awk -v ms="$(($(now_ms) - $1))" 'BEGIN { printf "%.1f", ms / 1000 }'; }
containers() { dc ps -q "$1"; }
first_container() { local ids; ids=$(containers "$1"); echo "${ids%%$'\n'*}"; }
# status SECONDS METHOD PATH [curl args]: "status seconds"; 000 when no answer within SECONDS
status() {
  local limit=$1 method=$2 path=$3; shift 3
  curl -s -o "$WORK/body" -D "$WORK/headers" -w '%{http_code} %{time_total}\n' --max-time "$limit" -X "$method" "$@" \
    "$BASE$path" || true
}
etag() { grep -i '^etag:' "$WORK/headers" | tail -n1 | cut -d: -f2- | tr -d '\r ' || true; }
# until_every_api_ok PATH SECONDS: seconds until every api instance has answered PATH with 200 (asked inside its
# container, since the alb takes turns over the instances and each keeps its own ejections and circuit), and then the
# alb too; or "timeout"
until_every_api_ok() {
  local start c pending; start=$(now_ms); pending=$(containers api)
  while (($(now_ms) - start < $2 * 1000)); do
    for c in $pending; do
      [[ $(inside_status "$c" 8081 "$1") == 200 ]] && pending=${pending//$c/}
    done
    if [[ -z ${pending//[[:space:]]/} && $(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$BASE$1") == 200 ]]; then
      since "$start"; return
    fi
    sleep 0.2
  done
  echo timeout
}
inside_status() {   # inside_status CONTAINER PORT PATH: the status from inside the container (what ECS's check sees)
  docker exec "$1" timeout 5 bash -c \
    "exec 3<>/dev/tcp/127.0.0.1/$2 && printf 'GET $3 HTTP/1.0\r\n\r\n' >&3 && read -r -t 4 _ code _ <&3 && echo \$code" \
    2>/dev/null || echo 000
}
# fault_window NAME PATH SECONDS: while a fault lasts SECONDS, GET PATH every 0.5 s; records the slowest answer and
# that every answer was 200 or 503 problem+json with Retry-After, within api's read timeout (3 s) plus 2 s (a cold
# 0.25 vCPU container on a busy machine took 4.2 s)
fault_window() {
  local name=$1 path=$2 seconds=$3 end codes="" slowest=0 clear=1 code secs
  end=$((SECONDS + seconds))
  while ((SECONDS < end)); do
    read -r code secs < <(status 10 GET "$path")
    codes+="$code "
    slowest=$(awk -v a="$slowest" -v b="$secs" 'BEGIN { print (b > a) ? b : a }')
    if [[ $code == 503 ]]; then
      grep -qi '^content-type: application/problem+json' "$WORK/headers" && grep -qi '^retry-after:' "$WORK/headers" || clear=0
    elif [[ $code != 200 ]]; then clear=0; fi
    sleep 0.5
  done
  local n503; n503=$(tr ' ' '\n' <<<"$codes" | grep -c '^503$' || true)
  record "$name: answers during the fault" "$(wc -w <<<"$codes") calls, $n503 x 503, slowest ${slowest} s" \
    "200 or 503 problem+json+Retry-After, each < 5 s" "$((clear && $(yes_no below "$slowest" 5)))"
}

# A keeper item, read after every fault.
read -r code _ < <(status 10 POST /api/items -H 'Content-Type: application/json' -H "Idempotency-Key: faults-$$" \
  --data '{"name":"faults keeper","quantity":7}')
KEEPER=/api/items/$(jq -r .id "$WORK/body")
[[ $code == 201 ]] || { record "faults: create the keeper item" "$code" "201" 0; exit 0; }
keeper_intact() {
  local code; read -r code _ < <(status 5 GET "$KEEPER")
  record "$1: keeper item afterwards" "$code quantity=$(jq -r .quantity "$WORK/body" 2>/dev/null)" "200 quantity=7" \
    "$([[ $code == 200 && $(jq -r .quantity "$WORK/body") == 7 ]] && echo 1 || echo 0)"
}

overload() {
# ------------------------------------------------------------------ overload: several times what one api serves
local api line kv live ready rss load_pid
api=$(first_container api)
# A task in service meets a surge with its code compiled: 20 s at 25 requests/s first (a just-started api at 0.25
# vCPU spends its quota on the JIT compiler, which is the start-up's cost, measured elsewhere)
log "overload: warm-up, 25 requests/s for 20 s"
java -cp system/target/classes dev.ecsdns.system.OverloadRun "$BASE$KEEPER" 25 20 >"$WORK/warm-up" || true
log "overload: $RPS requests/s for ${LOAD_S}s on GET $KEEPER through the alb, api instances: $(containers api | wc -l)"
java -cp system/target/classes dev.ecsdns.system.OverloadRun "$BASE$KEEPER" "$RPS" "$LOAD_S" >"$WORK/overload" &
load_pid=$!
sleep $((LOAD_S / 2))
live=$(inside_status "$api" 9081 /health/liveness)
ready=$(inside_status "$api" 9081 /health/readiness)
rss=$(docker stats --no-stream --format '{{.MemUsage}}' "$api" | cut -d/ -f1 | tr -d ' ')
wait "$load_pid" || log "the load generator failed"
line=$(cat "$WORK/overload")
declare -A o=()
for kv in $line; do o[${kv%%=*}]=${kv#*=}; done
log "overload: $line; api liveness $live, readiness $ready, memory $rss"
record "overload ${RPS}/s: served, shed" "${o[served_rps]}/s served, $(awk -v s="${o[shed_share]}" 'BEGIN { printf "%.0f", s * 100 }') % shed (${o[statuses]})" \
  "some shed, only 200 and 503" "$(yes_no awk -v s="${o[shed_share]}" -v st="${o[statuses]}" 'BEGIN { exit !(s > 0 && st ~ /^\{(200=[0-9]+)?,?(503=[0-9]+)?\}$/) }')"
# The api answers a shed request within microseconds of reading it; what a shed answer waits for is the kernel's accept
# queue while the 0.25 vCPU quota is spent: the compose alb opens a connection per request (it resolves names per
# request, so it keeps no connections to targets, which the ALB does): 1.0-2.5 s measured at 150/s, depending on how
# warm the api is and what else the host runs. 3 s, under the 5 s client time-out.
record "overload: p99 served / shed" "${o[served_p99_ms]} ms / ${o[shed_p99_ms]} ms" "shed < 3000 ms" \
  "$(yes_no below "${o[shed_p99_ms]}" 3000)"
record "overload: api health on the management port" "liveness $live, readiness $ready" "200, 200" \
  "$([[ $live == 200 && $ready == 200 ]] && echo 1 || echo 0)"
record "overload: api memory, restarts" "$rss, restarts $(docker inspect -f '{{.RestartCount}} oom={{.State.OOMKilled}}' "$api")" \
  "< 512 MiB, 0 oom=false" "$([[ $(docker inspect -f '{{.RestartCount}}{{.State.OOMKilled}}' "$api") == 0false ]] && echo 1 || echo 0)"
record "overload: normal service after the load" "${o[recovery_s]} s" "< 5 s" \
  "$(yes_no awk -v r="${o[recovery_s]}" 'BEGIN { exit !(r >= 0 && r < 5) }')"

}

# fault NAME START STOP: START (a function) injects the fault for 8 s while fault_window watches, STOP ends it; then
# the time until the keeper answers 200 again, and the keeper intact
fault() {
  local name=$1 back
  log "$name for 8 s"
  "$2"
  fault_window "$name" "$KEEPER" 8
  "$3"
  back=$(until_every_api_ok "$KEEPER" 60)
  record "$name: every api instance answers 200 again after" "$back s" "< 20 s (ejection 10 s + circuit reset 5 s at most)" \
    "$([[ $back != timeout ]] && below "$back" 20 && echo 1 || echo 0)"
  keeper_intact "$name"
}
partial_failure() {
database=$(first_container database)
dynamodb=$(first_container dynamodb)
# Paused, database accepts connections (the kernel does) and answers nothing until unpaused: slow, not dead.
pause_database() { docker pause "$database" >/dev/null; }
unpause_database() { docker unpause "$database" >/dev/null; }
disconnect_api() { local c; for c in $(containers api); do docker network disconnect "${PROJECT}_api-database" "$c"; done; }
connect_api() { local c; for c in $(containers api); do docker network connect "${PROJECT}_api-database" "$c"; done; }
pause_dynamodb() { docker pause "$dynamodb" >/dev/null; }
unpause_dynamodb() { docker unpause "$dynamodb" >/dev/null; }
fault "database answering late (paused)" pause_database unpause_database
fault "api -> database partitioned" disconnect_api connect_api
fault "DynamoDB paused" pause_dynamodb unpause_dynamodb

# ------------------------------------------------------------------ kill -9 of database during writes
# 60 creates, 5 a second, each with its own Idempotency-Key; database gets SIGKILL after 4 s and is started again.
# A create that got no 2xx is retried with the same key (as a client following Retry-After does) until it gets one.
log "database SIGKILL in the middle of a stream of writes"
prefix="k9-$$-$RANDOM"
create() {   # create N: one create; prints "N status"
  printf '%s %s\n' "$1" "$(curl -s -o /dev/null -w '%{http_code}' --max-time 10 -X POST "$BASE/api/items" \
    -H 'Content-Type: application/json' -H "Idempotency-Key: $prefix-$1" --data "{\"name\":\"$prefix-$1\",\"quantity\":$1}" || echo 000)"
}
: >"$WORK/writes"
( for n in $(seq 1 60); do create "$n" >>"$WORK/writes" & sleep 0.2; done; wait ) &
writes_pid=$!
sleep 4
docker kill -s KILL "$database" >/dev/null
k=$(now_ms)
wait "$writes_pid"
dc start database >/dev/null 2>&1
back=$(until_every_api_ok "$KEEPER" 120)
acked=$(awk '$2 ~ /^2/' "$WORK/writes" | wc -l)
failed=$(awk '$2 !~ /^2/' "$WORK/writes" | wc -l)
only_2xx_or_503=$(yes_no awk '$2 !~ /^(2..|503)$/ { bad = 1 } END { exit bad }' "$WORK/writes")
record "database SIGKILL: writes answered" "$acked 2xx, $failed not, back after $back s" "2xx or 503, back < 90 s" \
  "$([[ $back != timeout ]] && echo "$only_2xx_or_503" || echo 0)"
for n in $(awk '$2 !~ /^2/ { print $1 }' "$WORK/writes"); do
  for _ in 1 2 3 4 5; do r=$(create "$n"); [[ ${r#* } == 2* ]] && break; sleep 1; done
done
# every key's item stored exactly once: list everything and count the names of this run
: >"$WORK/names"; cursor=
while :; do
  curl -s --max-time 10 "$BASE/api/items?limit=100${cursor:+&cursor=$cursor}" >"$WORK/page"
  jq -r '.items[].name' "$WORK/page" | grep "^$prefix-" >>"$WORK/names" || true
  cursor=$(jq -r '.next // empty' "$WORK/page"); [[ -n $cursor ]] || break
done
stored=$(sort -u "$WORK/names" | wc -l) total=$(wc -l <"$WORK/names")
record "database SIGKILL: creates stored (after retries with the same key)" "$stored distinct of 60, $total items" \
  "60 distinct, 60 items" "$([[ $stored == 60 && $total == 60 ]] && echo 1 || echo 0)"
keeper_intact "database SIGKILL"

}

# put_retrying ITEM VERSION QUANTITY: one writer's PUT with If-Match; a 503 (shed, or database busy) is tried again
# after its Retry-After, as a client should; prints every status it got, the final one last (the last answer's body
# in $WORK/answer-QUANTITY)
put_retrying() {
  local code codes=""
  for _ in 1 2 3 4 5 6; do
    code=$(curl -s -o "$WORK/answer-$3" -w '%{http_code}' --max-time 10 -X PUT "$BASE$1" -H 'Content-Type: application/json' \
      -H "If-Match: $2" --data "{\"name\":\"contended\",\"quantity\":$3}" || echo 000)
    codes+="$code "
    [[ $code == 503 ]] || break
    sleep 1
  done
  echo "$codes"
}

# read_item ITEM: GET the item into $WORK/body and $WORK/headers, tried again after a 503 or a timeout (the writers'
# retries may still be in flight and shed it) for up to 20 s
read_item() {
  local code
  for _ in $(seq 1 20); do
    read -r code _ < <(status 5 GET "$1")
    [[ $code == 200 ]] && return
    sleep 1
  done
}

contended_writes() {
# ------------------------------------------------------------------ 50 writers of one item with If-Match
# Each round, 50 writers PUT the version they all read. What must hold is read back from the item: exactly one write
# per version (the version goes up by one) and no lost update (the stored quantity is the 200's). A 503 leaves the
# outcome open (HTTP's answer to a lost reply): a write applied while its answer was a 503 (api's read timeout) makes
# its retry a 412, so a round may have no 200, and then its stored quantity must be of a writer that got a 503. Every
# 412 names the version the item moved on to (version + 1), never the one the writer sent.
local code item rounds=3 ok=1 summary="" round w version next won lost open winner stored quantity round_ok slowest named
read -r code _ < <(status 10 POST /api/items -H 'Content-Type: application/json' --data '{"name":"contended","quantity":0}')
item=$(jq -r '.id // empty' "$WORK/body" 2>/dev/null || true)
if [[ -z $item ]]; then
  record "50 writers with If-Match, $rounds rounds" "create answered $code" "201, then the rounds" 0; return
fi
item=/api/items/$item
# After the SIGKILL above, database is a fresh JVM on 0.25 vCPU: 10 concurrent reads at a time until they all
# answer 200 within 0.5 s (at most 30 s), so the rounds contend on the item rather than on a cold JIT
for _ in $(seq 1 30); do
  slowest=$(for _ in $(seq 1 10); do curl -s -o /dev/null -w '%{http_code} %{time_total}\n' --max-time 5 "$BASE$item" & done; wait)
  awk '$1 != 200 || $2 >= 0.5 { slow = 1 } END { exit slow }' <<<"$slowest" && break
  sleep 1
done
log "50 concurrent writers with If-Match on $item, $rounds rounds"
read_item "$item"; version=$(etag)
for round in $(seq 1 $rounds); do
  for w in $(seq 1 50); do put_retrying "$item" "$version" $((round * 100 + w)) >"$WORK/put-$w" & done
  wait
  won=$(grep -l '200 $' "$WORK"/put-* | wc -l || true) lost=$(grep -l '412 $' "$WORK"/put-* | wc -l || true)
  open=$(grep -l '503 ' "$WORK"/put-* | wc -l || true)
  winner=$(grep -l '200 $' "$WORK"/put-* | head -n1 | sed 's/.*put-//' || true)
  read_item "$item"; next=$(etag)
  stored=$(jq -r .quantity "$WORK/body" 2>/dev/null || true); [[ $stored =~ ^[0-9]+$ ]] || stored=0
  quantity=$((stored - round * 100))
  # what the 412s said the item was at (an answer that is not JSON, such as a proxy's error page, is skipped)
  named=$(for a in "$WORK"/answer-*; do jq -r 'select(.status? == 412) | .detail // empty' "$a" 2>/dev/null || true; done |
    grep -o 'ETag "[0-9]*"' | sort | uniq -c | awk '{ printf "%s%s %s x %s", (NR > 1 ? ", " : ""), $2, $3, $1 }' || true)
  summary+="version $version: $won x 200, $lost x 412 (naming ${named:-none}), $open saw 503, stored writer $quantity's; "
  # every writer ended with 200, 412 or 503; one write applied (version + 1); the stored value is the winner's, or,
  # with no 200, of a writer that saw a 503
  round_ok=1
  ! grep -qv '\(200\|412\|503\) $' "$WORK"/put-* || round_ok=0
  [[ ${next//\"/} == $((${version//\"/} + 1)) && $won -le 1 ]] || round_ok=0
  # a 412 names the version the item moved on to: one that names If-Match's own version is someone else's answer
  [[ -z $named || ($named == "ETag \"${next//\"/}\" x "* && $named != *,*) ]] || round_ok=0
  if ((won == 1)); then [[ $quantity == "$winner" ]] || round_ok=0
  else grep -q 503 "$WORK/put-$quantity" 2>/dev/null || round_ok=0; fi
  if ((!round_ok)); then
    # the record to explain a failed round: what database and DynamoDB Local logged meanwhile
    { dc logs --since 60s database 2>&1 | grep -E '"level":"(WARN|ERROR)"' | tail -n 10 | cut -c1-400
      dc logs --since 60s dynamodb 2>&1 | grep -iE 'warn|error|exception' | tail -n 10 | cut -c1-400; } >&2 || true
    ok=0
  fi
  version=$next
  rm -f "$WORK"/put-* "$WORK"/answer-*
done
record "50 writers with If-Match, $rounds rounds" "${summary% } final version ${version//\"/}" \
  "per version: one write stored (version + 1), the 200's (or with none, a 503'd writer's), others 412 naming version + 1, or 503" "$ok"
}

if [[ $PARTS == *" overload "* ]]; then overload; fi
if [[ $PARTS == *" partial "* ]]; then partial_failure; fi
if [[ $PARTS == *" writers "* ]]; then contended_writes; fi
log "done in $((SECONDS - T0)) s"
