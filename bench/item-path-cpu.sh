#!/usr/bin/env bash
# CPU per request on the item path, per process: database, api and web run as the built jars (the images' JVM flags,
# -XX:MaxRAM=512m) pinned to CPU 0, DynamoDB Local and wrk to CPU 1. For each of GET /api/items/{id}, GET /api/whoami
# and web's page it warms up, then runs wrk -t1 -c16 and prints req/s and each process's CPU per request without its
# JIT compiler threads. With --profile=DIR it also records an async-profiler CPU flame graph (ctimer) of each
# process during each measured load (DIR/<load>-<service>.html and .collapsed). Extra arguments NAME=VALUE are passed
# to the three services' environment (e.g. OTEL_TRACES_SAMPLER=always_off MICRONAUT_METRICS_ENABLED=false).
#
#   ./mvnw -q -DskipTests -pl common,database,api,web,system -am package && bench/item-path-cpu.sh [--warmup=20]
#       [--seconds=15] [--profile=DIR] [NAME=VALUE...]
#
# Needs Linux, a JDK 17+, wrk, taskset, curl; --profile needs tools.profiler:async-profiler:4.2 in ~/.m2.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
WARMUP=20 SECONDS_=15 PROFILE= EXTRA_ENV=()
for arg in "$@"; do
    case "$arg" in
        --warmup=*) WARMUP=${arg#--warmup=} ;;
        --seconds=*) SECONDS_=${arg#--seconds=} ;;
        --profile=*) PROFILE=$(realpath -m "${arg#--profile=}") ;;
        *=*) EXTRA_ENV+=("$arg") ;;
        *) sed -n '2,12p' "$0"; exit 2 ;;
    esac
done
WORK=$ROOT/bench/.work/item-path
mkdir -p "$WORK"
declare -A PID PORT=([database]=18782 [api]=18781 [web]=18780)
DDB_PORT=18700
cleanup() { local p; for p in "${PID[@]}"; do kill -9 "$p" 2>/dev/null || true; done; }
trap cleanup EXIT
trap 'exit 130' INT TERM
JVM=(-XX:MaxRAM=512m -XX:MaxRAMPercentage=75.0 -XX:+ExitOnOutOfMemoryError -XX:+UseSerialGC)
AGENT=$HOME/.m2/repository/tools/profiler/async-profiler/4.2/async-profiler-4.2.jar
if [[ -n $PROFILE ]]; then
    mkdir -p "$PROFILE" "$WORK/async-profiler"
    unzip -q -o "$AGENT" 'linux-x64/*' -d "$WORK/async-profiler"
fi
LIB=$WORK/async-profiler/linux-x64/libasyncProfiler.so

taskset -c 1 java -Xmx256m -cp "$(cat "$ROOT/system/target/classpath.txt")" \
    com.amazonaws.services.dynamodbv2.local.main.ServerRunner -disableTelemetry -inMemory -port "$DDB_PORT" \
    >"$WORK/dynamodb.log" 2>&1 & PID[dynamodb]=$!
for service in database api web; do
    env MICRONAUT_SERVER_HOST=127.0.0.1 MICRONAUT_SERVER_PORT="${PORT[$service]}" \
        ENDPOINTS_ALL_PORT=$((PORT[$service] + 1000)) LOG_FORMAT=json \
        AWS_ENDPOINT_URL_DYNAMODB=http://127.0.0.1:$DDB_PORT AWS_REGION=us-east-1 AWS_ACCESS_KEY_ID=local \
        AWS_SECRET_ACCESS_KEY=local DYNAMODB_CREATE_TABLE=true \
        MICRONAUT_HTTP_SERVICES_DATABASE_URL=http://127.0.0.1:${PORT[database]} \
        MICRONAUT_HTTP_SERVICES_API_URL=http://127.0.0.1:${PORT[api]} "${EXTRA_ENV[@]}" \
        taskset -c 0 java "${JVM[@]}" -jar "$ROOT/$service/target/$service-1.0.0-all.jar" >"$WORK/$service.log" 2>&1 &
    PID[$service]=$!
done
for service in database api web; do
    until curl -sf -o /dev/null "http://127.0.0.1:$((PORT[$service] + 1000))/health/readiness"; do
        kill -0 "${PID[$service]}" || { echo "$service died: $WORK/$service.log" >&2; exit 1; }
        sleep 0.2
    done
done
id=$(curl -sf -D - -o /dev/null -H 'Content-Type: application/json' -d '{"name":"bench","quantity":3}' \
    "http://127.0.0.1:${PORT[api]}/api/items" | awk -F/ 'tolower($1) ~ /^location:/ { print $NF }' | tr -d '\r')

# CPU ticks of a process without its JIT compiler threads (the thread name precedes the fields in stat).
ticks() {
    local total=0 t v
    for t in /proc/"$1"/task/*; do
        grep -q Compiler "$t/comm" 2>/dev/null && continue
        v=$(sed 's/.*) //' "$t/stat" 2>/dev/null | awk '{ print $12 + $13 }') || true
        total=$((total + ${v:-0}))
    done
    echo "$total"
}
profiler() { local service=$1; shift; jcmd "${PID[$service]}" JVMTI.agent_load "$LIB" "\"$*\"" >/dev/null; }

printf '| load | req/s | database CPU/request | api CPU/request | web CPU/request |\n|---|---|---|---|---|\n'
for load in "item:http://127.0.0.1:${PORT[api]}/api/items/$id" "whoami:http://127.0.0.1:${PORT[api]}/api/whoami" \
            "page:http://127.0.0.1:${PORT[web]}/"; do
    name=${load%%:*} url=${load#*:}
    taskset -c 1 wrk -t1 -c16 -d"${WARMUP}s" "$url" >/dev/null
    declare -A before=()
    for service in database api web; do
        [[ -n $PROFILE ]] && profiler "$service" "start,event=ctimer,interval=1ms"
        before[$service]=$(ticks "${PID[$service]}")
    done
    out=$(taskset -c 1 wrk -t1 -c16 -d"${SECONDS_}s" "$url")
    total=$(awk '/requests in/ { print $1 }' <<<"$out")
    row="| $name | $(awk '/Requests\/sec/ { printf "%.0f", $2 }' <<<"$out")$(grep -q Non-2xx <<<"$out" && echo ' (non-2xx!)' || true)"
    for service in database api web; do
        row+=" | $(awk -v c=$(($(ticks "${PID[$service]}") - before[$service])) -v t="$(getconf CLK_TCK)" -v n="$total" \
            'BEGIN { printf "%.0f us", c / t * 1e6 / n }')"
        if [[ -n $PROFILE ]]; then
            profiler "$service" "collapsed,file=$PROFILE/$name-$service.collapsed"
            profiler "$service" "stop,file=$PROFILE/$name-$service.html"
        fi
    done
    echo "$row |"
done
printf '\n%s; %s CPUs; load average %s; %s\n' "$(date -u +%FT%H:%MZ)" "$(nproc)" "$(cut -d' ' -f1-3 /proc/loadavg)" \
    "${EXTRA_ENV[*]:-default settings}"
