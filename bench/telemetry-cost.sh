#!/usr/bin/env bash
# What tracing and metrics cost a service: api's start-up (launch to the first 200 from /health/readiness, wall and
# CPU seconds) and the api -> database hop (GET /api/whoami: req/s and api's CPU per request), for three builds:
#   base  the given git revision, before tracing and metrics existed (default: the first parent of the commit that
#         added them, found by its file common/.../JsonLogEncoder.java)
#   off   this tree with no trace recorded (OTEL_TRACES_SAMPLER=always_off: spans are not recorded, trace ids still
#         propagate and appear in logs) and MICRONAUT_METRICS_ENABLED=false
#   on    this tree with spans exported to a local Zipkin (always sampled), metrics on, EMF lines on
# Runs are interleaved (base, off, on, base, ...) and medians reported, so a busy machine shifts all three alike.
# Servers are pinned to CPU 0 (taskset), wrk and Zipkin to CPU 1, with the images' JVM flags and a 512 MB MaxRAM.
#
#   ./mvnw -q -DskipTests -pl common,database,api,web,system package && bench/telemetry-cost.sh [--runs=5] [--base=REV]
#
# Needs Linux, a JDK 17+, wrk, taskset, curl, and the Zipkin server jar in ~/.m2 (io.zipkin:zipkin-server:3.5.1:exec).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
RUNS=5 BASE_REV=
for arg in "$@"; do
    case "$arg" in
        --runs=*) RUNS=${arg#--runs=} ;;
        --base=*) BASE_REV=${arg#--base=} ;;
        *) sed -n '2,14p' "$0"; exit 2 ;;
    esac
done
WORK=$ROOT/bench/.work/telemetry
PIDS=()
log() { printf '[telemetry-cost] %s\n' "$*" >&2; }
# By id only: what this run started (the services' pids are in $WORK/pids).
cleanup() {
    local p
    for p in "${PIDS[@]}" $(cat "$WORK/pids" 2>/dev/null); do kill "$p" 2>/dev/null || true; done
    rm -f "$WORK/pids"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
mkdir -p "$WORK"
JVM=(-XX:MaxRAM=512m -XX:MaxRAMPercentage=75.0 -XX:+ExitOnOutOfMemoryError -XX:+UseSerialGC)
ZIPKIN_JAR=${ZIPKIN_JAR:-$HOME/.m2/repository/io/zipkin/zipkin-server/3.5.1/zipkin-server-3.5.1-exec.jar}
DDB_PORT=18600 ZIPKIN_PORT=18611 API_PORT=18681 DATABASE_PORT=18682

# --- the base build: a snapshot of the revision, packaged apart from this tree -----------------------------------
if [[ -z $BASE_REV ]]; then
    BASE_REV=$(git -C "$ROOT" log --diff-filter=A --format=%H -- common/src/main/java/dev/ecsdns/common/JsonLogEncoder.java | tail -1)^
fi
BASE_SHA=$(git -C "$ROOT" rev-parse --short "$BASE_REV")
if [[ ! -f $WORK/base-$BASE_SHA/api/target/api-1.0.0-all.jar ]]; then
    log "building base $BASE_SHA in $WORK/base-$BASE_SHA"
    rm -rf "$WORK/base-$BASE_SHA" && mkdir -p "$WORK/base-$BASE_SHA"
    git -C "$ROOT" archive "$BASE_SHA" | tar -x -C "$WORK/base-$BASE_SHA"
    (cd "$WORK/base-$BASE_SHA" && ./mvnw -B -q -ntp -DskipTests -pl common,database,api package)
fi
jar_of() { [[ $1 == base ]] && echo "$WORK/base-$BASE_SHA/$2/target/$2-1.0.0-all.jar" || echo "$ROOT/$2/target/$2-1.0.0-all.jar"; }
env_of() {
    case $1 in
        base) echo "" ;;
        off) echo "OTEL_TRACES_SAMPLER=always_off MICRONAUT_METRICS_ENABLED=false" ;;
        on) echo "OTEL_TRACES_EXPORTER=zipkin OTEL_EXPORTER_ZIPKIN_ENDPOINT=http://127.0.0.1:$ZIPKIN_PORT/api/v2/spans OTEL_TRACES_SAMPLER=always_on MICRONAUT_METRICS_ENABLED=true METRICS_EMF_ENABLED=true" ;;
    esac
}
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
# CPU ticks of a process without its JIT compiler threads: the steady-state cost of a request, not of compiling
# the code it runs (which a longer-running service pays once). The thread name precedes the fields in stat.
cpu_ticks_serving() {
    local total=0 t
    for t in /proc/"$1"/task/*; do
        grep -q 'Compiler' "$t/comm" 2>/dev/null && continue
        total=$((total + $(sed 's/.*) //' "$t/stat" | awk '{ print $12 + $13 }')))
    done
    echo "$total"
}
ticks_per_s=$(getconf CLK_TCK)

# start VARIANT SERVICE PORT: launches the service pinned to CPU 0; prints its pid
start() {
    local variant=$1 service=$2 port=$3
    # shellcheck disable=SC2046
    env $(env_of "$variant") MICRONAUT_SERVER_PORT="$port" ENDPOINTS_ALL_PORT=$((port + 1000)) MICRONAUT_SERVER_HOST=127.0.0.1 \
        MICRONAUT_HTTP_SERVICES_DATABASE_URL=http://127.0.0.1:$DATABASE_PORT \
        AWS_ENDPOINT_URL_DYNAMODB=http://127.0.0.1:$DDB_PORT AWS_REGION=us-east-1 AWS_ACCESS_KEY_ID=local \
        AWS_SECRET_ACCESS_KEY=local DYNAMODB_CREATE_TABLE=true LOG_FORMAT=json \
        taskset -c 0 java "${JVM[@]}" -jar "$(jar_of "$variant" "$service")" >"$WORK/$service-$variant.log" 2>&1 &
    echo $! | tee -a "$WORK/pids"
}
# ready PID PORT: waits for readiness on the management port (traffic port + 1000; the base build, older, serves
# health on the traffic port), polled every 10 ms; prints "wall_s cpu_s"
ready() {
    local pid=$1 port=$2 t0 now
    t0=$(date +%s%N)
    until curl -sf -o /dev/null --max-time 1 "http://127.0.0.1:$((port + 1000))/health/readiness" \
        || curl -sf -o /dev/null --max-time 1 "http://127.0.0.1:$port/health/readiness"; do
        kill -0 "$pid" 2>/dev/null || { log "process $pid died"; return 1; }
        sleep 0.01
    done
    now=$(date +%s%N)
    awk -v w="$(((now - t0) / 1000000))" -v c="$(cpu_ticks "$pid")" -v t="$ticks_per_s" \
        'BEGIN { printf "%.2f %.2f\n", w / 1000, c / t }'
}
stop() {   # stop PID: SIGKILL (a SIGTERM would wait out the lame-duck period), then until it is gone
    kill -9 "$1" 2>/dev/null || true
    while kill -0 "$1" 2>/dev/null; do sleep 0.05; done
}
median() { sort -n | awk '{ a[NR] = $1 } END { if (NR % 2) print a[(NR + 1) / 2]; else printf "%.2f\n", (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }

log "DynamoDB Local on $DDB_PORT, Zipkin on $ZIPKIN_PORT (CPU 1)"
taskset -c 1 java -Xmx256m -cp "$(cat "$ROOT/system/target/classpath.txt")" \
    com.amazonaws.services.dynamodbv2.local.main.ServerRunner -disableTelemetry -inMemory -port "$DDB_PORT" \
    >"$WORK/dynamodb.log" 2>&1 & PIDS+=($!)
taskset -c 1 java -Xmx256m -jar "$ZIPKIN_JAR" --server.port="$ZIPKIN_PORT" >"$WORK/zipkin.log" 2>&1 & PIDS+=($!)
until curl -s -o /dev/null "http://127.0.0.1:$ZIPKIN_PORT/health"; do sleep 0.5; done

VARIANTS=(base off on)
declare -A START_WALL START_CPU HOP_RPS HOP_CPU
log "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
log "start-up: api alone, $RUNS interleaved runs per build (plus one untimed)"
for ((run = 0; run <= RUNS; run++)); do
    for v in "${VARIANTS[@]}"; do
        pid=$(start "$v" api "$API_PORT")
        read -r wall cpu < <(ready "$pid" "$API_PORT")
        stop "$pid"
        ((run == 0)) && continue
        START_WALL[$v]+="$wall " START_CPU[$v]+="$cpu "
        log "  run $run $v: ${wall} s wall, ${cpu} s CPU"
    done
done
log "hop: wrk -t1 -c16 on /api/whoami (api -> database), 30 s warm-up + 10 s measured, $(((RUNS + 1) / 2)) runs per build"
for ((run = 1; run <= (RUNS + 1) / 2; run++)); do
    for v in "${VARIANTS[@]}"; do
        dpid=$(start "$v" database "$DATABASE_PORT"); ready "$dpid" "$DATABASE_PORT" >/dev/null
        apid=$(start "$v" api "$API_PORT"); ready "$apid" "$API_PORT" >/dev/null
        taskset -c 1 wrk -t1 -c16 -d30s "http://127.0.0.1:$API_PORT/api/whoami" >/dev/null
        c0=$(cpu_ticks_serving "$apid")
        out=$(taskset -c 1 wrk -t1 -c16 -d10s "http://127.0.0.1:$API_PORT/api/whoami")
        c1=$(cpu_ticks_serving "$apid")
        rps=$(awk '/Requests\/sec/ { print $2 }' <<<"$out")
        total=$(awk '/requests in/ { print $1 }' <<<"$out")
        non2xx=$(awk '/Non-2xx/ { print $NF }' <<<"$out")
        cpu_us=$(awk -v c=$((c1 - c0)) -v t="$ticks_per_s" -v n="$total" 'BEGIN { printf "%.0f", c / t * 1e6 / n }')
        stop "$apid"; stop "$dpid"
        HOP_RPS[$v]+="$rps " HOP_CPU[$v]+="$cpu_us "
        log "  run $run $v: $rps req/s, api ${cpu_us} us CPU/request${non2xx:+, non-2xx $non2xx}"
    done
done
log "load after: $(cut -d' ' -f1-3 /proc/loadavg)"

printf '\n| build | api start-up wall (s) | CPU to ready (s) | hop req/s | api CPU per request, JIT excluded (us) |\n|---|---|---|---|---|\n'
for v in "${VARIANTS[@]}"; do
    printf '| %s | %s | %s | %s | %s |\n' "$v$([[ $v == base ]] && echo " ($BASE_SHA)")" \
        "$(tr ' ' '\n' <<<"${START_WALL[$v]}" | grep . | median)" "$(tr ' ' '\n' <<<"${START_CPU[$v]}" | grep . | median)" \
        "$(tr ' ' '\n' <<<"${HOP_RPS[$v]}" | grep . | median)" "$(tr ' ' '\n' <<<"${HOP_CPU[$v]}" | grep . | median)"
done
printf '\nmedians of %s start-ups and %s hop runs per build; %s; %s CPUs\n' "$RUNS" "$(((RUNS + 1) / 2))" "$(date -u +%FT%H:%MZ)" "$(nproc)"
