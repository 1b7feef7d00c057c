#!/usr/bin/env bash
# The two-region failover drill on the local Docker engine: two compose projects of docker-compose.yml stand for the
# two regions (each with its own alb, web, api, database, DynamoDB Local and its own *.internal.local names), and
# scripts/dr-drill/GlobalEntry.java stands for the public name's Route 53 failover records: it sends everything to
# the primary while the primary's health check passes, else to the secondary, deciding with the template's health
# check settings (below). Under a steady request stream through the entry it kills the primary's api, measures how
# long until every request succeeds again and how many failed, starts the api again and measures the failback.
# Fails when the entry does not fail over (or back), or takes longer than the health check settings allow.
#
#   scripts/dr-drill.sh
#
# Data: each region has its own DynamoDB Local (DynamoDB Local cannot replicate), so the drill is a global table
# whose replication never arrives: it shows the routing, not RPO, replication lag or cross-region conflicts.
# Uses the images web:latest, api:latest, database:latest already in the engine (scripts/build-images.sh, or the
# ones scripts/e2e-compose.sh built). Needs docker, curl and a JDK 17+ (javac, java) for the entry.
#
# Environment (defaults in brackets):
#   WEB_IMAGE, API_IMAGE, DATABASE_IMAGE, NGINX_IMAGE, DYNAMODB_IMAGE   passed to docker-compose.yml
#   DR_PROJECT [ecsdns-dr]        the projects are DR_PROJECT-primary and DR_PROJECT-secondary
#   DR_PORT [18180]               the entry listens on 127.0.0.1:DR_PORT, the regions' albs on DR_PORT+1 and +2
#   DR_RATE [20]                  requests per second through the entry
set -Eeuo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

# The Route 53 health check of each region's record, as infra's RegionalEntry sets it (TwoRegionsTest holds these
# equal to the template's): what it requests, how often each checker probes, how many probes in a row change a
# checker's verdict. Route 53 spreads a check over about 15 checkers in different places.
HEALTH_CHECK_PATH=/
HEALTH_CHECK_INTERVAL_SECONDS=10
HEALTH_CHECK_FAILURE_THRESHOLD=3
CHECKERS=15
# The longest a failover or failback may take once the region's state changed: the last checker's first failing
# probe comes at most one interval after the change, the threshold's last one (threshold - 1) intervals later, and
# a probe may wait 2 s for its answer; plus a margin for this machine.
ANSWER_TIMEOUT_S=2 MARGIN_S=10
# How long after the switch the standby may still fail requests while it takes the whole load cold.
STANDBY_WARMUP_S=10
LIMIT_S=$((HEALTH_CHECK_INTERVAL_SECONDS * HEALTH_CHECK_FAILURE_THRESHOLD + ANSWER_TIMEOUT_S + MARGIN_S))

PROJECT=${DR_PROJECT:-ecsdns-dr}
ENTRY_PORT=${DR_PORT:-18180}
RATE=${DR_RATE:-20}
declare -A ALB_PORTS=([primary]=$((ENTRY_PORT + 1)) [secondary]=$((ENTRY_PORT + 2)))
ENTRY=http://127.0.0.1:$ENTRY_PORT
T0=$SECONDS
WORK=$(mktemp -d)
FAILURES=0
RESULTS=()
ENTRY_PID='' STREAM_PID=''

log() { printf '[dr-drill %4ss] %s\n' "$((SECONDS - T0))" "$*" >&2; }
now_ms() { date +%s%3N; }
seconds() { awk -v ms="$1" 'BEGIN { printf "%.1f", ms / 1000 }'; }
# dc REGION ARGS...: docker compose for that region's project, its alb on its own port.
dc() {
  local region=$1; shift
  ALB_BIND=127.0.0.1 ALB_PORT=${ALB_PORTS[$region]} docker compose -p "$PROJECT-$region" -f "$ROOT/docker-compose.yml" "$@"
}
record() {      # record MEASURE VALUE EXPECTED OK(0/1)
  local verdict=PASS
  (($4)) || { verdict=FAIL; FAILURES=$((FAILURES + 1)); }
  RESULTS+=("$1|$2|$3|$verdict")
  log "$verdict  $1: $2 (expected $3)"
}

cleanup() {
  local rc=$? r m v e k
  set +e
  [[ -z $STREAM_PID ]] || kill "$STREAM_PID" 2>/dev/null
  [[ -z $ENTRY_PID ]] || kill "$ENTRY_PID" 2>/dev/null
  if ((rc != 0 || FAILURES > 0)); then
    echo "== global entry log"; cat "$WORK/entry.log" 2>/dev/null
    for region in primary secondary; do
      echo "== $region: compose state and last log lines"; dc "$region" ps; dc "$region" logs --no-color --tail=20 2>&1 | tail -n 80
    done
  fi
  echo
  echo "== dr-drill measurements (entry $ENTRY, primary alb :${ALB_PORTS[primary]}, secondary alb :${ALB_PORTS[secondary]})"
  printf '%-52s %-40s %-28s %s\n' MEASURE VALUE EXPECTED RESULT
  for r in "${RESULTS[@]}"; do
    IFS='|' read -r m v e k <<<"$r"
    printf '%-52s %-40s %-28s %s\n' "$m" "$v" "$e" "$k"
  done
  log "docker compose down -v (both regions)"
  dc primary down -v -t 1 >"$WORK/down-primary.log" 2>&1 &
  dc secondary down -v -t 1 >"$WORK/down-secondary.log" 2>&1
  wait
  echo "runtime: $((SECONDS - T0)) s"
  rm -rf "$WORK"
  if ((rc == 0 && FAILURES > 0)); then rc=1; fi
  echo "dr-drill: $((${#RESULTS[@]} - FAILURES)) passed, $FAILURES failed"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

for tool in docker curl java javac; do
  command -v "$tool" >/dev/null || { echo "dr-drill.sh needs $tool" >&2; exit 2; }
done
docker info >/dev/null 2>&1 || { echo "dr-drill.sh: the Docker engine does not answer" >&2; exit 2; }
for image in "${WEB_IMAGE:-web:latest}" "${API_IMAGE:-api:latest}" "${DATABASE_IMAGE:-database:latest}"; do
  docker image inspect "$image" >/dev/null 2>&1 ||
    { echo "image $image is missing: scripts/build-images.sh builds it" >&2; exit 2; }
done

# ------------------------------------------------------------------ 1. two regions, warm, then the entry
# Only what the alb needs (web, api, database, DynamoDB Local): zipkin stays out, the drill reads no traces.
log "two regions: docker compose up alb in $PROJECT-primary and $PROJECT-secondary"
up_ok=1
for region in primary secondary; do dc "$region" down -v -t 1 >/dev/null 2>&1 || true; done
dc primary up -d --wait --wait-timeout 180 alb >"$WORK/up-primary.log" 2>&1 &
up_primary=$!
javac -d "$WORK/classes" scripts/dr-drill/GlobalEntry.java scripts/dr-drill/RequestStream.java
dc secondary up -d --wait --wait-timeout 180 alb >"$WORK/up-secondary.log" 2>&1 || up_ok=0
wait "$up_primary" || up_ok=0
record "both regions healthy after up" "$((SECONDS - T0)) s" "healthy" "$up_ok"
((up_ok)) || { cat "$WORK"/up-*.log >&2; exit 1; }

# Cold JVMs at 0.25 vCPU answer the first pages slower than a health check's 2 s: warm each region first (as a
# region that has been serving is), until its page answers 200 within a second five times in a row.
warm() {
  local region=$1 fast=0 answer
  for ((i = 0; i < 120 && fast < 5; i++)); do
    answer=$(curl -s -o /dev/null -w '%{http_code} %{time_total}' --max-time 5 "http://127.0.0.1:${ALB_PORTS[$region]}/" || true)
    if awk -v a="$answer" 'BEGIN { split(a, p, " "); exit !(p[1] == 200 && p[2] < 1) }'; then fast=$((fast + 1)); else fast=0; sleep 0.5; fi
  done
  ((fast == 5))
}
w0=$SECONDS
warm_ok=1
warm primary & warm_primary=$!
warm secondary || warm_ok=0
wait "$warm_primary" || warm_ok=0
record "both regions warm (5 pages in a row < 1 s)" "after $((SECONDS - w0)) s" "< 60 s" "$warm_ok"
((warm_ok)) || exit 1

java -cp "$WORK/classes" GlobalEntry --port "$ENTRY_PORT" --path "$HEALTH_CHECK_PATH" \
  --primary "http://127.0.0.1:${ALB_PORTS[primary]}" --secondary "http://127.0.0.1:${ALB_PORTS[secondary]}" \
  --interval-seconds "$HEALTH_CHECK_INTERVAL_SECONDS" --failure-threshold "$HEALTH_CHECK_FAILURE_THRESHOLD" \
  --checkers "$CHECKERS" >"$WORK/entry.log" 2>&1 &
ENTRY_PID=$!
for ((i = 0; i < 40; i++)); do
  [[ $(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$ENTRY/" || true) == 200 ]] && break
  sleep 0.25
done

# ------------------------------------------------------------------ 2. a steady stream through the entry
# One line per request: "milliseconds-sent status region seconds", alternating the page (entry -> alb -> web ->
# api -> database) and the API (entry -> alb -> api -> database). At most 200 s.
java -cp "$WORK/classes" RequestStream "$ENTRY" "$RATE" 200 "$WORK/stream" "$WORK/stop" &
STREAM_PID=$!

# requests FROM_MS TO_MS: "sent failed last-failure-sent-ms" among the requests sent in [FROM_MS, TO_MS).
requests() { awk -v a="$1" -v b="$2" '$1 >= a && $1 < b { n++; if ($2 != 200) { f++; last = $1 } }
  END { printf "%d %d %.0f\n", n, f, last }' "$WORK/stream"; }
show_failures() { awk -v a="$1" '$1 >= a && $2 != 200 && n++ < 5 { print "      failed: " $0 }' "$WORK/stream" >&2; }
# switched_to REGION AFTER_MS: the epoch milliseconds of the entry's first switch to REGION after AFTER_MS.
switched_to() { awk -v r="answering $2" -v t="$1" 'index($0, r) && $1 >= t { print $1; exit }' "$WORK/entry.log"; }
# wait_switch REGION AFTER_MS LIMIT_S: waits for that switch; prints its epoch milliseconds, or nothing.
wait_switch() {
  local at=''
  for ((i = 0; i < $3 * 2; i++)); do at=$(switched_to "$2" "$1"); [[ -n $at ]] && break; sleep 0.5; done
  echo "$at"
}
# checkers REGION: how many of the region's checkers report it healthy now (all of them until one changes).
checkers() { awk -v r="$1:" '$3 == r { n = $4 } END { print (n == "" ? '"$CHECKERS"' : n) }' "$WORK/entry.log"; }

# Every checker has probed at least once (one interval) and all of them pass in both regions before the fault.
sleep $((HEALTH_CHECK_INTERVAL_SECONDS + 1))
for ((i = 0; i < 40; i++)); do
  [[ $(checkers primary) == "$CHECKERS" && $(checkers secondary) == "$CHECKERS" ]] && break
  sleep 0.5
done
record "before the fault: checkers reporting healthy" "primary $(checkers primary), secondary $(checkers secondary) of $CHECKERS" \
  "all" "$([[ $(checkers primary) == "$CHECKERS" && $(checkers secondary) == "$CHECKERS" ]] && echo 1 || echo 0)"

# ------------------------------------------------------------------ 3. failover: the primary's api killed
log "docker kill the primary's api under $RATE requests/s through the entry"
killed=$(now_ms)
dc primary kill api >/dev/null 2>&1
away=$(wait_switch secondary "$killed" $((LIMIT_S + 5)))
sleep 3
read -r sent failed last_failure < <(requests "$killed" "$(now_ms)")
if [[ -z $away ]]; then
  record "failover: the entry answers from the secondary" "no switch within $((LIMIT_S + 5)) s" "within $LIMIT_S s" 0
  exit 1
fi
record "failover: the entry switched to the secondary after" "$(seconds $((away - killed))) s" "< $LIMIT_S s" "$(((away - killed) < LIMIT_S * 1000))"
recovered=$(( (last_failure > 0 ? last_failure : killed) - killed ))
record "failover: every request succeeds again after" "$(seconds "$recovered") s" "< $LIMIT_S s" "$((recovered < LIMIT_S * 1000))"
show_failures "$killed"
record "failover: failed requests" "$failed of $sent sent in $(seconds $(($(now_ms) - killed))) s" "> 0 (the primary's)" \
  "$((failed > 0))"
# Requests sent after the switch may still fail for a moment: those in flight to the primary, and the standby's
# first seconds under the whole load, cold. Bounded, and the first of them printed with the region that answered.
show_failures "$away"
read -r _ failed_after _ < <(requests "$away" "$(now_ms)")
record "failover: failed after the switch" "$failed_after, the last $(seconds $((last_failure > away ? last_failure - away : 0))) s after it" \
  "< $STANDBY_WARMUP_S s after it" "$((last_failure < away + STANDBY_WARMUP_S * 1000))"

# ------------------------------------------------------------------ 4. failback: the primary's api started again
log "docker compose start the primary's api"
started=$(now_ms)
# The secondary must have kept the traffic until now: a switch back while the primary's api was down means the
# secondary's checks failed too (Route 53 then answers with the primary).
early=$(switched_to primary "$away")
record "failover: the secondary kept the traffic until the primary's api started" \
  "${early:+switched back $(seconds $((early - away))) s after the failover}${early:-yes}" "yes" "$([[ -z $early ]] && echo 1 || echo 0)"
dc primary start api >/dev/null 2>&1
ready=''
for ((i = 0; i < 240; i++)); do
  [[ $(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "http://127.0.0.1:${ALB_PORTS[primary]}/" || true) == 200 ]] &&
    { ready=$(now_ms); break; }
  sleep 0.5
done
[[ -n $ready ]] || { record "failback: the primary's page answers 200 again" "not within 120 s" "< 120 s" 0; exit 1; }
record "failback: the primary's own alb serves / again after" "$(seconds $((ready - started))) s" "< 120 s" 1
back=$(wait_switch primary "$started" $((LIMIT_S + 5)))
sleep 3
touch "$WORK/stop"
wait "$STREAM_PID"; STREAM_PID=''
if [[ -z $back ]]; then
  record "failback: the entry answers from the primary" "no switch within $((LIMIT_S + 5)) s" "within $LIMIT_S s" 0
  exit 1
fi
record "failback: the entry switched back after" "$(seconds $((back - ready))) s after it served again" "< $LIMIT_S s" \
  "$(((back - ready) < LIMIT_S * 1000))"
# Route 53 gives a region back its record once more than 18 % of the checkers pass (3 of 15): the rest may still
# see a region that is warming up. What failed after the switch back is reported, not judged.
read -r sent failed _ < <(requests "$started" "$(now_ms)")
show_failures "$started"
record "failback: failed requests (reported)" "$failed of $sent sent from the start" "reported" 1
read -r sent failed _ < <(requests 0 "$(now_ms)")
rate=$(awk 'NR == 1 || $1 < a { a = $1 } $1 > b { b = $1 } END { printf "%.1f", (NR - 1) * 1000 / (b - a) }' "$WORK/stream")
record "whole stream" "$sent requests ($rate/s), $failed failed, $(awk '$3 == "secondary"' "$WORK/stream" | wc -l) by the secondary" \
  "~$RATE/s" 1
