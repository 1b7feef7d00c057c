#!/usr/bin/env bash
# End to end on the local Docker topology: builds the images with Jib, starts docker-compose.yml with two api
# replicas, runs the smoke test through the alb, then the faults a deployment must survive, the network isolation
# and the headless-browser test, prints what it measured and removes everything it started.
#
#   scripts/e2e-compose.sh
#
# Environment (defaults in brackets):
#   JIB_FROM_IMAGE []            Jib base image, e.g. docker://standin/jre:25 (empty: the pom's eclipse-temurin:25-jre)
#   NGINX_IMAGE, DYNAMODB_IMAGE  passed to docker-compose.yml (CI: the stand-in images)
#   E2E_PROJECT [ecsdns-e2e]     compose project name, so a stack you run yourself is left alone
#   E2E_ALB_PORT [18080]         where the alb listens on 127.0.0.1
#   E2E_ZIPKIN_PORT [19411]      where zipkin listens on 127.0.0.1 (ZIPKIN_IMAGE: CI's stand-in)
#   E2E_SKIP_BUILD [0]           1 = use the images already in the engine
#   E2E_SKIP_BROWSER [0]         1 = no chromium test
#   E2E_OVERLOAD_RPS [150]       the rate offered to one api in the overload step
#   E2E_KEEP [0]                 1 = leave the stack running at the end (`docker compose -p ecsdns-e2e down -v`)
set -Eeuo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

PROJECT=${E2E_PROJECT:-ecsdns-e2e}
export ALB_BIND=127.0.0.1 ALB_PORT=${E2E_ALB_PORT:-18080}
BASE=http://127.0.0.1:$ALB_PORT
export ZIPKIN_BIND=127.0.0.1 ZIPKIN_PORT=${E2E_ZIPKIN_PORT:-19411}
T0=$SECONDS
WORK=$(mktemp -d)
FAILURES=0
RESULTS=()      # "measure|value|expected|PASS/FAIL"

log() { printf '[e2e %4ss] %s\n' "$((SECONDS - T0))" "$*" >&2; }
dc() { docker compose -p "$PROJECT" -f "$ROOT/docker-compose.yml" "$@"; }
record() {      # record MEASURE VALUE EXPECTED OK(0/1)
  local verdict=PASS
  (($4)) || { verdict=FAIL; FAILURES=$((FAILURES + 1)); }
  RESULTS+=("$1|$2|$3|$verdict")
  log "$verdict  $1: $2 (expected $3)"
}
now_ms() { date +%s%3N; }

print_table() {
  echo
  echo "== e2e-compose measurements (project $PROJECT, alb $BASE)"
  printf '%-46s %-44s %-30s %s\n' MEASURE VALUE EXPECTED RESULT
  local r m v e k
  for r in "${RESULTS[@]}"; do
    IFS='|' read -r m v e k <<<"$r"
    printf '%-46s %-44s %-30s %s\n' "$m" "$v" "$e" "$k"
  done
  echo "runtime: $((SECONDS - T0)) s"
}

cleanup() {
  local rc=$?
  set +e
  trap - ERR    # a background job that already ended makes kill fail here; nothing is stopping
  jobs -p | xargs -r kill 2>/dev/null
  if ((rc != 0 || FAILURES > 0)); then
    echo "== compose state at the end"
    dc ps
    echo "== last log lines"
    dc logs --no-color --tail=40 2>&1 | tail -n 200
  fi
  print_table
  if [[ ${E2E_KEEP:-0} == 1 ]]; then
    log "E2E_KEEP=1: stack left running (docker compose -p $PROJECT down -v)"
  else
    log "docker compose down -v"
    dc down -v -t 2 >"$WORK/down.log" 2>&1 || cat "$WORK/down.log"
  fi
  rm -rf "$WORK"
  if ((rc == 0 && FAILURES > 0)); then rc=1; fi
  echo "e2e: $((${#RESULTS[@]} - FAILURES)) passed, $FAILURES failed"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
trap 'log "stopped: exit $? at line $LINENO: $BASH_COMMAND"' ERR

for tool in docker curl jq; do
  command -v "$tool" >/dev/null || { echo "e2e-compose.sh needs $tool" >&2; exit 2; }
done
docker info >/dev/null 2>&1 || { echo "e2e-compose.sh: the Docker engine does not answer" >&2; exit 2; }

# http GET|... PATH [curl args]: prints "status seconds content-type"; status 000 when there was no answer.
http() {
  local method=$1 path=$2; shift 2
  curl -s -o "$WORK/body" -D "$WORK/headers" -w '%{http_code} %{time_total} %{content_type}\n' --max-time 10 \
    -X "$method" "$@" "$BASE$path" || true
}
header() { grep -i "^$1:" "$WORK/headers" | tail -n1 | cut -d: -f2- | tr -d '\r ' ; }
path_of() { if [[ $1 == /* ]]; then echo "$1"; else echo "/${1#*://*/}"; fi; }   # Location -> path

# wait_for DESCRIPTION SECONDS COMMAND...: polls every second; prints the seconds it took, fails after SECONDS.
wait_for() {
  local what=$1 limit=$2 start; shift 2
  start=$(now_ms)
  while ! "$@" >/dev/null 2>&1; do
    if (($(now_ms) - start > limit * 1000)); then
      log "gave up waiting for $what after ${limit}s"; return 1
    fi
    sleep 1
  done
  awk -v ms="$(($(now_ms) - start))" 'BEGIN { printf "%.1f", ms / 1000 }'
}
# the first container of a service (not `dc ps -q | head`: compose may die of the closed pipe, failing the pipeline)
first_container() { local ids; ids=$(dc ps -q "$1"); echo "${ids%%$'\n'*}"; }
status_is() { [[ $(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$BASE$2") == "$1" ]]; }

# ------------------------------------------------------------------ 1. images
if [[ ${E2E_SKIP_BUILD:-0} != 1 ]]; then
  log "building web, api, database with Jib and AOT cache training into the local engine${JIB_FROM_IMAGE:+ (base $JIB_FROM_IMAGE)}"
  b0=$SECONDS
  build_ok=1
  scripts/build-images.sh ${JIB_FROM_IMAGE:+"-Djib.from.image=$JIB_FROM_IMAGE"} || build_ok=0
  build_s=$((SECONDS - b0))
  record "image build (scripts/build-images.sh: Jib, training run, Jib)" "$( ((build_ok)) && echo "succeeded" || echo "failed") in $build_s s" \
    "succeeds in < 600 s" "$((build_ok && build_s < 600))"
  ((build_ok)) || exit 1
fi
for image in web api database; do
  docker image inspect "$image:latest" >/dev/null || { echo "image $image:latest is missing" >&2; exit 1; }
  # the parent pom passes jvmFlags as one comma-separated property: each flag must be its own argument
  entrypoint=$(docker image inspect -f '{{json .Config.Entrypoint}}' "$image:latest")
  record "$image image entrypoint" "$(jq -r '.[1:4] | join(" ")' <<<"$entrypoint")" "separate JVM flags" \
    "$(jq -e 'index("-XX:MaxRAMPercentage=75.0") != null' <<<"$entrypoint" >/dev/null && echo 1 || echo 0)"
  # -XX:AOTMode=on makes a JVM that cannot use the cache (other JVM build, other jars, other flags) fail instead of
  # starting without it; the entrypoint's own flags, since the cache holds the ones it was trained with.
  mapfile -t flags < <(jq -r '.[1:index("-cp")][]' <<<"$entrypoint")
  aot=$(docker run --rm --entrypoint java "$image:latest" "${flags[@]}" -XX:AOTMode=on \
    -cp @/app/jib-classpath-file -version 2>&1 && echo ok || true)
  record "$image image AOT cache" "$(jq -r 'map(select(startswith("-XX:AOTCache"))) | join("")' <<<"$entrypoint")" \
    "in the entrypoint, usable by the image's JVM" "$([[ $aot == *ok ]] && jq -e 'index("-XX:AOTCache=/app/aot/app.aot") != null' <<<"$entrypoint" >/dev/null && echo 1 || echo 0)"
done

# ------------------------------------------------------------------ 2. up, two api replicas
log "docker compose up --scale api=2 --wait (project $PROJECT, alb on $BASE)"
dc down -v -t 1 >/dev/null 2>&1 || true
u0=$SECONDS
up_ok=1
dc up -d --scale api=2 --wait --wait-timeout 420 || up_ok=0
record "stack healthy after up (api=2)" "$((SECONDS - u0)) s" "healthy" "$up_ok"
((up_ok)) || exit 1
# Netty's epoll transport and database's CRT HTTP client unpack their native libraries into /tmp and load them from
# there: on a read-only root with a noexec /tmp, Netty falls back to NIO without a word above INFO and the CRT does not
# load at all. What each JVM (PID 1 in its container) has mapped executable says which libraries it really loaded (a
# load that fails on noexec leaves the file mapped without the x bit).
for target in "web epoll" "api epoll" "database epoll crt"; do
  read -r service wanted <<<"$target"
  maps=$(docker exec "$(first_container "$service")" cat /proc/1/maps 2>/dev/null | awk '$2 ~ /x/ { print $6 }' || true)
  loaded=()
  if [[ $maps == *netty_transport_native_epoll* ]]; then loaded+=(epoll); fi
  if [[ $maps == *aws-crt-jni* ]]; then loaded+=(crt); fi
  record "$service native libraries loaded" "${loaded[*]:-none}" "$wanted" "$([[ ${loaded[*]} == "$wanted" ]] && echo 1 || echo 0)"
done
# What a person sees first: the first page right after `up --wait` (cold JVMs at 0.25 vCPU). A cold api may still
# miss web's 3 s read timeout: the page with its "unavailable" banner is then a correct answer, a hang or error not.
read -r code secs _ < <(http GET /)
first_ok=0
[[ $code == 200 ]] || { [[ $code == 503 ]] && grep -q 'id="api-unavailable"' "$WORK/body"; } && first_ok=1
record "first GET / after up --wait (cold)" "$code in $secs s" "200 (or 503 with banner) in < 10 s" \
  "$((first_ok && $(awk -v s="$secs" 'BEGIN { print (s < 10) ? 1 : 0 }')))"
wait_for "the alb to answer /" 60 status_is 200 / >/dev/null || true

# ------------------------------------------------------------------ 3. smoke test through the alb
log "smoke test"
smoke_ok=1
scripts/smoke-test.sh --expect-api-instances 2 "$BASE" || smoke_ok=0
record "smoke test (2 api instances)" "$( ((smoke_ok)) && echo all checks passed || echo see FAIL lines)" \
  "all pass" "$smoke_ok"

# ------------------------------------------------------------------ 3b. nothing internal through the alb
# Health with details (downstream addresses, circuit states) lives on each service's management port (traffic
# port + 1000), which the alb does not route, as the ALB does not; whoami and the page name instances by opaque ids.
log "management endpoints: on the management port inside the containers, not through the alb"
for path in /health /health/readiness /health/liveness /api/health /api/health/readiness; do
  read -r code _ < <(http GET "$path")
  record "alb GET $path" "$code" "404 (not routed)" "$([[ $code == 404 ]] && echo 1 || echo 0)"
done
mgmt_status() {   # mgmt_status SERVICE PORT PATH: the HTTP status from inside the service's container
  docker exec "$(first_container "$1")" bash -c \
    "exec 3<>/dev/tcp/127.0.0.1/$2 && printf 'GET $3 HTTP/1.0\r\n\r\n' >&3 && read -r -t 2 _ code _ <&3 && echo \$code" \
    2>/dev/null || echo 000
}
for target in "web 9080" "api 9081" "database 9082"; do
  read -r service port <<<"$target"
  code=$(mgmt_status "$service" "$port" /health/readiness)
  record "$service management port $port /health/readiness" "$code" "200" "$([[ $code == 200 ]] && echo 1 || echo 0)"
done
for path in /whoami /api/whoami /; do
  http GET "$path" >/dev/null
  found=$(grep -oE '\b([0-9]{1,3}\.){3}[0-9]{1,3}\b' "$WORK/body" | sort -u | tr '\n' ' ' || true)
  record "alb GET $path: addresses in the answer" "${found:-none}" "none" "$([[ -z $found ]] && echo 1 || echo 0)"
done

# ------------------------------------------------------------------ 3c. one request, one trace in zipkin
# A W3C traceparent of our own on one GET / through the alb: web, api and database must each report spans of
# exactly that trace (web -> api -> database -> DynamoDB), exported to zipkin within the batch delay (5 s).
trace_id=$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
curl -s -o /dev/null --max-time 10 -H "traceparent: 00-$trace_id-$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')-01" "$BASE/"
trace_json() { curl -s --max-time 5 "http://127.0.0.1:$ZIPKIN_PORT/api/v2/trace/$trace_id"; }
trace_services() { trace_json | jq -r '[.[].localEndpoint.serviceName] | unique | join(",")' 2>/dev/null; }
trace_complete() { [[ $(trace_services) == api,database,web ]]; }
in_zipkin=$(wait_for "the trace in zipkin" 30 trace_complete) || in_zipkin=timeout
record "one GET / via the alb: its trace in zipkin" \
  "$(trace_services) ($(trace_json | jq 'length' 2>/dev/null) spans, $(trace_json | jq '[.[] | select(.name | test("dynamodb"; "i"))] | length' 2>/dev/null) DynamoDB) after $in_zipkin s" \
  "api,database,web" "$([[ $in_zipkin != timeout ]] && echo 1 || echo 0)"

# an item that must survive the faults below
http POST /api/items -H 'Content-Type: application/json' -H "Idempotency-Key: e2e-keeper-$$" \
  --data '{"name":"e2e keeper","quantity":42}' >"$WORK/keeper"
KEEPER=$(path_of "$(header Location)")
[[ $(cut -d' ' -f1 "$WORK/keeper") == 201 && -n $(header Location) ]] ||
  { record "create the keeper item" "$(cat "$WORK/keeper")" "201" 0; exit 1; }
log "keeper item: $KEEPER"

# ------------------------------------------------------------------ 4. api replicas come and go under load
# A steady stream through the alb, alternating /api/items (alb -> api) and / (alb -> web -> api). nginx retries the
# next address on a refused or timed-out connect and re-resolves names every 5 s; web's client retries and ejects.
RATE=${E2E_RATE:-10} DURATION=${E2E_DURATION:-15}
stream_one() {   # stream_one FILE N: one request, one result line "path status seconds"
  local path='/api/items?limit=1'
  (($2 % 2)) && path=/
  printf '%s %s\n' "$path" \
    "$(curl -s -o /dev/null -w '%{http_code} %{time_total}' --max-time 10 "$BASE$path" || echo '000 10')" >>"$1"
}
start_stream() {   # start_stream FILE SECONDS: RATE requests/s in the background; sets STREAM_PID
  local file=$1 total=$((RATE * $2)) interval
  interval=$(awk -v r="$RATE" 'BEGIN { printf "%.3f", 1 / r }')
  : >"$file"
  (
    for ((n = 0; n < total; n++)); do stream_one "$file" "$n" & sleep "$interval"; done
    wait
  ) &
  STREAM_PID=$!
}
judge_stream() {   # judge_stream FILE WHAT [measured]: waits for the stream, records failures and latency (bounded
  # unless the third argument says it is only measured)
  wait "$STREAM_PID" 2>/dev/null || true   # already waited for when a caller counted its failures first
  local sent failed failed_api failed_web slowest p50
  sent=$(wc -l <"$1")
  failed=$(awk '$2 != 200' "$1" | wc -l)
  failed_api=$(awk '$1 ~ /^\/api/ && $2 != 200' "$1" | wc -l)
  failed_web=$(awk '$1 == "/" && $2 != 200' "$1" | wc -l)
  slowest=$(awk 'BEGIN { m = 0 } $3 > m { m = $3 } END { printf "%.2f", m }' "$1")
  p50=$(awk '{ print $3 }' "$1" | sort -n | awk '{ a[NR] = $1 } END { printf "%.3f", a[int((NR + 1) / 2)] }')
  awk '$2 != 200 && n++ < 5 { print "      failed: " $0 }' "$1" >&2
  record "$2: failed requests" "$failed of $sent (api $failed_api, page $failed_web)" "0" "$((failed == 0))"
  # the alb spends at most its 1 s connect timeout on a dead address before the next one
  if [[ ${3:-} == measured ]]; then
    record "$2: latency" "p50 ${p50} s, max ${slowest} s" "(measured)" 1
  else
    record "$2: latency" "p50 ${p50} s, max ${slowest} s" "p50 < 1 s, max < 5 s" \
      "$(awk -v p="$p50" -v m="$slowest" 'BEGIN { print (p < 1 && m < 5) ? 1 : 0 }')"
  fi
}
is_healthy() { [[ $(docker inspect -f '{{.State.Health.Status}}' "$1" 2>/dev/null) == healthy ]]; }
healthy_replicas() {   # healthy_replicas SERVICE N: exactly N containers of SERVICE, all healthy
  local ids c; ids=$(dc ps -q "$1")
  [[ $(wc -w <<<"$ids") == "$2" ]] || return 1
  for c in $ids; do is_healthy "$c" || return 1; done
}

# 4a. the same stream without a fault first: both api instances and web compile their hot paths under it (a
# 0.25 vCPU JVM that compiles while it serves queues requests for seconds, which is start-up, not failover); up to
# three tries, until one stream has no failure
warm_failed=""
for try in 1 2 3; do
  log "request stream: $RATE/s for ${E2E_WARM:-20}s, no fault (warm-up, try $try of 3)"
  start_stream "$WORK/stream-warm" "${E2E_WARM:-20}"
  wait "$STREAM_PID" || true
  failed=$(awk '$2 != 200' "$WORK/stream-warm" | wc -l)
  ((failed == 0 || try == 3)) && break
  awk '$2 != 200 && n++ < 5 { print "      failed: " $0 }' "$WORK/stream-warm" >&2
  warm_failed+="$failed, "
done
judge_stream "$WORK/stream-warm" "steady stream (warm-up${warm_failed:+, tries before: ${warm_failed%, } failed})" measured

# then one api container gets SIGKILL 5 s into the stream
victim=$(first_container api)
log "request stream: $RATE/s for ${DURATION}s; docker kill api container ${victim:0:12} after 5 s"
start_stream "$WORK/stream-kill" "$DURATION"
sleep 5
docker kill "$victim" >/dev/null
judge_stream "$WORK/stream-kill" "api killed under load"

# 4b. the killed replica comes back and a third one joins, without restarting anything else: the alb re-resolves
# the name and sends to all three. (docker kill counts as a manual stop, so the restart policy left it down.)
log "docker compose up --scale api=3 (starts the killed replica and a new one)"
r0=$SECONDS
dc up -d --no-recreate --scale api=3 >/dev/null 2>&1
three=$(wait_for "3 healthy api replicas" 180 healthy_replicas api 3) || three=timeout
record "killed api back + third replica healthy" "after $((SECONDS - r0)) s" "< 180 s" \
  "$([[ $three != timeout ]] && echo 1 || echo 0)"
declare -A seen=()
for ((i = 1; i <= 60 && ${#seen[@]} < 3; i++)); do
  instance=$(curl -s --max-time 5 "$BASE/api/whoami" | jq -r '.instance // empty' 2>/dev/null || true)
  [[ -n $instance ]] && seen[$instance]=1
done
record "scaled to api=3: instances answering via alb" "${#seen[@]} within $((i - 1)) calls" "3" \
  "$((${#seen[@]} == 3))"

# A replica stopped with SIGTERM under load (scale-in) is system's DiscoveryIT
# (sigtermedApiInstanceDrainsWithoutFailuresAndExitsWithinItsBudget): it checks the same drain more closely
# (readiness, exit code, exit time), so it is not repeated here.

# ------------------------------------------------------------------ 4b. overload: one api, several times what it serves
# scripts/e2e-faults.sh overload, its checks recorded here: a constant rate through the alb to one api (0.25 vCPU);
# what is beyond its bound gets a fast 503, health keeps answering, memory holds, service is normal right after.
# 150/s is 5x the 30/s one api served at 16 connections when the bound was chosen (docs/resilience.md, Overload).
export E2E_OVERLOAD_RPS=${E2E_OVERLOAD_RPS:-150}
# The api that has run longest stays (the killed one came back cold a minute ago): the others are stopped and removed.
log "one api (the longest running), then $E2E_OVERLOAD_RPS requests/s to it (scripts/e2e-faults.sh overload)"
oldest=$(for c in $(dc ps -q api); do echo "$(docker inspect -f '{{.State.StartedAt}}' "$c") $c"; done | sort | head -n1 | cut -d' ' -f2)
for c in $(dc ps -q api); do [[ $c == "$oldest" ]] || docker rm -f "$c" >/dev/null & done
wait
while IFS=$'\t' read -r tag measure value expected ok; do
  [[ $tag == RECORD ]] && record "$measure" "$value" "$expected" "$ok"
done < <(scripts/e2e-faults.sh "$PROJECT" "$BASE" overload ||
  printf 'RECORD\tscripts/e2e-faults.sh overload\texit %s\tcompletes\t0\n' "$?")
log "docker compose up --scale api=2"
dc up -d --no-recreate --wait --wait-timeout 180 --scale api=2 >/dev/null 2>&1 || true

# ------------------------------------------------------------------ 5. database stopped and started
# database's lame duck is 45 s (on AWS it must outlast Cloud Map's deregistration, the DNS TTL and callers' DNS
# caches), its stop_grace_period 75 s: the stop takes about 45 s, during which every call must still succeed.
LAME_DUCK_S=45 GRACE_S=75
log "docker compose stop database (SIGTERM: ${LAME_DUCK_S} s lame-duck period, then exit)"
: >"$WORK/during-stop"
s0=$(now_ms)
(
  while :; do   # "milliseconds-since-SIGTERM status", one call a second
    printf '%s %s\n' "$(($(now_ms) - s0))" \
      "$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$BASE/api/items?limit=1" || true)" >>"$WORK/during-stop"
    sleep 1
  done
) &
probe_pid=$!
dc stop database >/dev/null 2>&1
stop_s=$(awk -v ms="$(($(now_ms) - s0))" 'BEGIN { printf "%.1f", ms / 1000 }')
kill "$probe_pid" 2>/dev/null; wait "$probe_pid" 2>/dev/null || true
# Calls in the lame-duck period, less 5 s for the SIGTERM handler and the last calls' round trip.
in_lame_duck=$(awk -v end=$(((LAME_DUCK_S - 5) * 1000)) '$1 < end' "$WORK/during-stop" | wc -l)
served=$(awk -v end=$(((LAME_DUCK_S - 5) * 1000)) '$1 < end && $2 == 200' "$WORK/during-stop" | wc -l)
record "database stop: calls served in the lame duck" "${served} of ${in_lame_duck} answered 200 (first $((LAME_DUCK_S - 5)) s)" \
  "all 200" "$((in_lame_duck > 0 && served == in_lame_duck))"
record "database stop: exited after" "${stop_s} s" "${LAME_DUCK_S}-${GRACE_S} s (lame duck, stop_grace_period)" \
  "$(awk -v s="$stop_s" -v lo="$LAME_DUCK_S" -v hi="$GRACE_S" 'BEGIN { print (s >= lo && s < hi) ? 1 : 0 }')"

# The first calls may still meet the stopped container's address in api's DNS cache (5 s) and spend a connect
# timeout per attempt on it; after that the missing name answers at once.
down_ok=1 slowest_503=0 codes="" times=""
for _ in 1 2 3 4 5 6; do
  read -r code secs ctype < <(http GET '/api/items?limit=1')
  codes+="$code " times+="$(printf '%.2f ' "$secs")"
  [[ $code == 503 && $ctype == application/problem+json* && -n $(header Retry-After) ]] || down_ok=0
  slowest_503=$(awk -v a="$slowest_503" -v b="$secs" 'BEGIN { print (b > a) ? b : a }')
  sleep 0.5
done
record "database down: /api/items status" "$codes" "503 problem+json+Retry-After" "$down_ok"
record "database down: /api/items seconds" "$times" "each < 5 s" \
  "$(awk -v s="$slowest_503" 'BEGIN { print (s < 5) ? 1 : 0 }')"
read -r code secs _ < <(http GET /)
banner=0; [[ $code == 503 ]] && grep -q 'id="api-unavailable"' "$WORK/body" && banner=1
record "database down: page / answers" "$code in ${secs} s$( ((banner)) && echo ', banner shown')" \
  "503 with banner" "$banner"

dc start database >/dev/null 2>&1
recovery=$(wait_for "/api/items to answer 200 again" 90 status_is 200 '/api/items?limit=1') || recovery=timeout
record "database started: /api/items 200 again after" "$recovery s" "< 60 s" \
  "$([[ $recovery != timeout ]] && awk -v s="$recovery" 'BEGIN { print (s < 60) ? 1 : 0 }' || echo 0)"
read -r code _ < <(http GET "$KEEPER")
record "keeper item after the database restart" "$code" "200" "$([[ $code == 200 ]] && echo 1 || echo 0)"
dc up -d --wait --wait-timeout 180 --scale api=2 >/dev/null 2>&1 || true   # database healthy again before going on

# ------------------------------------------------------------------ 6. DynamoDB container recreated
log "dynamodb recreated (new container, same named volume)"
dc up -d --no-deps --force-recreate dynamodb >/dev/null 2>&1
kept=$(wait_for "the keeper item to be readable again" 90 status_is 200 "$KEEPER") || kept=timeout
record "dynamodb recreated: keeper item readable after" "$kept s" "readable, not lost" \
  "$([[ $kept != timeout ]] && echo 1 || echo 0)"
read -r code _ < <(http GET "$KEEPER")
qty=$(jq -r .quantity "$WORK/body" 2>/dev/null || true)
record "keeper item content after dynamodb recreate" "$code quantity=$qty" "200 quantity=42" \
  "$([[ $code == 200 && $qty == 42 ]] && echo 1 || echo 0)"

# ------------------------------------------------------------------ 6b. partial failure
# Database answering late, api cut off from database, DynamoDB paused, database killed during writes, 50 concurrent
# If-Match writers: scripts/e2e-faults.sh, its checks recorded here.
log "partial failure (scripts/e2e-faults.sh partial writers)"
dc up -d --wait --wait-timeout 180 --scale api=2 >/dev/null 2>&1 || true
while IFS=$'\t' read -r tag measure value expected ok; do
  [[ $tag == RECORD ]] && record "$measure" "$value" "$expected" "$ok"
done < <(scripts/e2e-faults.sh "$PROJECT" "$BASE" partial writers || printf 'RECORD\tscripts/e2e-faults.sh\texit %s\tcompletes\t0\n' "$?")

# ------------------------------------------------------------------ 7. network isolation (the security groups)
log "network isolation"
dc up -d --wait --wait-timeout 180 --scale api=2 >/dev/null 2>&1 || true
ip_on() {   # ip_on SERVICE NETWORK: the address of the service's first container on that network
  docker inspect -f "{{with index .NetworkSettings.Networks \"${PROJECT}_$2\"}}{{.IPAddress}}{{end}}" \
    "$(first_container "$1")"
}
# can_connect FROM HOST PORT: 0 when a TCP connection from the service's container opened, 1 when not (no such name,
# no route, refused, timeout). bash's /dev/tcp: the images have no curl.
can_connect() {
  docker exec "$(first_container "$1")" timeout 4 bash -c "exec 3<>/dev/tcp/$2/$3" >/dev/null 2>&1
}
database_ip=$(ip_on database api-database)
dynamodb_ip=$(ip_on dynamodb storage)
isolation() {   # isolation FROM HOST PORT EXPECT(yes/no)
  local got=no
  can_connect "$1" "$2" "$3" && got=yes
  record "$1 -> $2:$3" "connects: $got" "connects: $4" "$([[ $got == "$4" ]] && echo 1 || echo 0)"
}
isolation web database.internal.local 8082 no
isolation web "$database_ip" 8082 no
isolation web "$dynamodb_ip" 8000 no
isolation web api.internal.local 8081 yes
isolation api database.internal.local 8082 yes
isolation api "$dynamodb_ip" 8000 no
isolation database dynamodb 8000 yes

# ------------------------------------------------------------------ 8. the page in a browser
if [[ ${E2E_SKIP_BROWSER:-0} != 1 ]]; then
  log "headless browser test (chromium via playwright-core)"
  [[ -d e2e/node_modules/playwright-core ]] || (cd e2e && npm ci --no-audit --no-fund --loglevel=error)
  browser_ok=1
  (cd e2e && BASE_URL=$BASE node --test --test-concurrency=1) || browser_ok=0
  record "browser: add, list, change, delete an item" "$( ((browser_ok)) && echo passed || echo failed)" \
    "passed (e2e/target/*.png)" "$browser_ok"
fi

read -r code _ < <(http GET "$KEEPER")
record "keeper item still there at the end" "$code" "200" "$([[ $code == 200 ]] && echo 1 || echo 0)"
