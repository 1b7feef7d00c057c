#!/usr/bin/env bash
# What tracing and metrics cost a service: api's start-up (launch to the first 200 from /health/readiness, wall and
# CPU seconds) and the api -> database hop (GET /api/whoami: req/s and api's CPU per request), for these builds:
#   base     the given git revision, before tracing and metrics existed (default: the first parent of the commit that
#            added them, found by its file common/.../JsonLogEncoder.java)
#   off      this tree with no trace recorded (OTEL_TRACES_SAMPLER=always_off: spans are not recorded, trace ids
#            still propagate and appear in logs) and MICRONAUT_METRICS_ENABLED=false
#   control  off again, in processes of its own: what a build differs from an identical one is this run's noise floor
#   on       this tree as the AWS stack runs it with -c tracing=on: one new trace in ten recorded
#            (parentbased_traceidratio 0.1) and exported over OTLP (http/protobuf) to the collector's stand-in, an
#            nginx that takes each export and answers 200 (bench/nginx/sink.conf); metrics on, EMF lines on
#   all      every trace recorded and exported to a Zipkin server, metrics on (compose's setting)
#   traces   all, but metrics off;   metrics  on, but no span recorded (--variants=...: where the cost is)
# Start-ups are interleaved (off, control, on, off, ...) and their medians reported; the hop loads every build at
# once (below), and prints api's CPU per request and the pair's (api + database): a hop's throughput on a CPU is the
# inverse of the pair's.
# Servers are pinned to CPU 0 (taskset), wrk to CPU 1, the sink and Zipkin to CPU 1 as well, with the images' JVM
# flags, a 512 MB MaxRAM and, as in the images, JDK 25 with an AOT cache from a training run of each build (this
# tree's trained exporting to both, metrics and EMF on, like scripts/build-images.sh; base's with its own defaults).
# --jdk17 measures OpenJDK 17 without a class cache instead. api's CPU per request is the figure to compare: a
# receiver's work on CPU 1 also slows the wrk processes.
#
#   ./mvnw -q -DskipTests -pl common,database,api,web,system -am package && bench/telemetry-cost.sh [--runs=5]
#       [--base=REV] [--variants=off,control,on,all] [--jdk17] [--profile]
#
# --profile also samples each api's CPU during the measured rounds (async-profiler, ctimer, JIT threads left out) and
# prints which share of it went to metrics, to recording and exporting spans, to trace context and to the garbage
# collector: shares within one process do not move with the host's speed, which the req/s and CPU figures do.
#
# Needs Linux, a JDK 25 (/usr/lib/jvm/temurin-25*, or JAVA25=...), wrk, taskset, curl, nginx, and the Zipkin server jar in
# ~/.m2 (io.zipkin:zipkin-server:3.5.1:exec); --profile needs tools.profiler:async-profiler:4.2 there too.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
RUNS=5 BASE_REV= VARIANT_LIST=off,control,on,all JDK17=0 PROFILE=0
for arg in "$@"; do
    case "$arg" in
        --runs=*) RUNS=${arg#--runs=} ;;
        --base=*) BASE_REV=${arg#--base=} ;;
        --variants=*) VARIANT_LIST=${arg#--variants=} ;;
        --jdk17) JDK17=1 ;;
        --profile) PROFILE=1 ;;
        *) sed -n '2,/^set -euo/p' "$0" | sed '$d'; exit 2 ;;
    esac
done
IFS=, read -r -a VARIANTS <<<"$VARIANT_LIST"
WORK=$ROOT/bench/.work/telemetry
PIDS=()
log() { printf '[telemetry-cost] %s\n' "$*" >&2; }
# By id only: what this run started (the services' pids are in $WORK/pids).
# Zipkin has been seen to outlive a SIGTERM by minutes (and hold its port for the next run): SIGKILL after 5 s.
cleanup() {
    local p all
    all=("${PIDS[@]}" $(cat "$WORK/pids" 2>/dev/null))
    for p in "${all[@]}"; do kill "$p" 2>/dev/null || true; done
    for _ in {1..50}; do
        for p in "${all[@]}"; do kill -0 "$p" 2>/dev/null && break; done || break
        sleep 0.1
    done
    for p in "${all[@]}"; do kill -9 "$p" 2>/dev/null || true; done
    rm -f "$WORK/pids"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
mkdir -p "$WORK"
# The images' JVM flags (the parent pom's jib.jvm.flags) and the tasks' 512 MB, as the dev loop runs them.
IFS=, read -r -a IMAGE_FLAGS <<< "$(sed -n 's:.*<jib.jvm.flags>\(.*\)</jib.jvm.flags>.*:\1:p' "$ROOT/pom.xml" | head -1)"
JVM=(-XX:MaxRAM=512m "${IMAGE_FLAGS[@]}")
ZIPKIN_JAR=${ZIPKIN_JAR:-$HOME/.m2/repository/io/zipkin/zipkin-server/3.5.1/zipkin-server-3.5.1-exec.jar}
DDB_PORT=18600 ZIPKIN_PORT=18611 SINK_PORT=18612 API_PORT=18681 DATABASE_PORT=18682
declare -A DB_PORT_OF

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
if ((JDK17)); then
    JAVA=java JVM_LABEL="OpenJDK 17, no class cache"
else
    JAVA=${JAVA25:-$(ls -d /usr/lib/jvm/temurin-25*/bin/java 2>/dev/null | head -1)}
    [[ -x $JAVA ]] || { log "no JDK 25 found (set JAVA25=/path/to/bin/java, or use --jdk17)"; exit 1; }
    JVM_LABEL="$("$JAVA" -version 2>&1 | head -1) + AOT cache"
fi
jar_of() { [[ $1 == base ]] && echo "$WORK/base-$BASE_SHA/$2/target/$2-1.0.0-all.jar" || echo "$ROOT/$2/target/$2-1.0.0-all.jar"; }
env_of() {
    case $1 in
        base) echo "" ;;
        off | control) echo "OTEL_TRACES_SAMPLER=always_off MICRONAUT_METRICS_ENABLED=false" ;;
        on) echo "$OTLP OTEL_TRACES_EXPORTER=otlp OTEL_TRACES_SAMPLER=parentbased_traceidratio OTEL_TRACES_SAMPLER_ARG=0.1 $METRICS_ON" ;;
        all) echo "$ZIPKIN OTEL_TRACES_EXPORTER=zipkin OTEL_TRACES_SAMPLER=always_on $METRICS_ON" ;;
        traces) echo "$ZIPKIN OTEL_TRACES_EXPORTER=zipkin OTEL_TRACES_SAMPLER=always_on MICRONAUT_METRICS_ENABLED=false" ;;
        metrics) echo "OTEL_TRACES_SAMPLER=always_off $METRICS_ON" ;;
        train) echo "$ZIPKIN $OTLP OTEL_TRACES_EXPORTER=zipkin,otlp OTEL_TRACES_SAMPLER=always_on $METRICS_ON" ;;
        *) log "unknown variant $1"; exit 2 ;;
    esac
}
ZIPKIN="OTEL_EXPORTER_ZIPKIN_ENDPOINT=http://127.0.0.1:$ZIPKIN_PORT/api/v2/spans"
OTLP="OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:$SINK_PORT OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf"
METRICS_ON="MICRONAUT_METRICS_ENABLED=true METRICS_EMF_ENABLED=true"
# The AOT cache a build's service starts with (none with --jdk17); this tree's variants share one, as in the images.
cache_of() { ((JDK17)) || echo "$WORK/$2-$([[ $1 == base ]] && echo "base-$BASE_SHA" || echo tree).aot"; }
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
# CPU ticks of a process without its JIT compiler threads: the steady-state cost of a request, not of compiling
# the code it runs (which a longer-running service pays once). The thread name precedes the fields in stat.
cpu_ticks_serving() {
    local total=0 t stat fields
    for t in /proc/"$1"/task/*; do
        [[ $(cat "$t/comm" 2>/dev/null) == *Compiler* ]] && continue
        stat=$(cat "$t/stat" 2>/dev/null) || continue   # a thread that has just ended
        read -r -a fields <<<"${stat##*) }"
        total=$((total + fields[11] + fields[12]))
    done
    echo "$total"
}
ticks_per_s=$(getconf CLK_TCK)
if ((PROFILE)); then
    unzip -q -o "$HOME/.m2/repository/tools/profiler/async-profiler/4.2/async-profiler-4.2.jar" 'linux-x64/*' \
        -d "$WORK/async-profiler"
fi
profiler() { jcmd "$1" JVMTI.agent_load "$WORK/async-profiler/linux-x64/libasyncProfiler.so" "\"$2\"" >/dev/null; }
# shares FILE: a collapsed profile's samples by what they were doing: walking each stack from its leaf, the first
# frame of a category decides; a filter or interceptor chain's proceed on the way means the work is the rest of the
# request, which a tracing or metrics filter only wraps, and it counts in none of them
shares() {
    awk '/CompilerThread|C2Compiler|C1Compiler|CompileBroker/ { next }
        { n = $NF; t += n; sub(/ [0-9]+$/, ""); k = split($0, f, ";")
          for (i = k; i >= 1; i--) {
              if (f[i] ~ /FilterChainImpl\.proceed|InterceptorChain\.proceed/) break
              if (f[i] ~ /io\/micronaut\/configuration\/metrics|io\/micrometer|EmfMetrics|DownstreamMetrics|RequestTimers/) { m += n; break }
              if (f[i] ~ /BatchSpanProcessor|zipkin2|exporter\/zipkin|exporter\/otlp|exporter\/internal|io\/opentelemetry\/sdk/) { s += n; break }
              if (f[i] ~ /io\/opentelemetry|io\/micronaut\/tracing/) { c += n; break }
              if (f[i] ~ /GC|DefNew|Serial|OopOopIterate|CardTable|WeakProcessor|copy_to_survivor|GenCollect|VM_Operation/) { g += n; break }
          } }
        END { printf "%d | %.1f %% | %.1f %% | %.1f %% | %.1f %%", t, 100 * m / t, 100 * s / t, 100 * c / t, 100 * g / t }' "$1"
}

# start VARIANT SERVICE PORT: launches the service pinned to CPU 0; prints its pid
start() {
    local variant=$1 service=$2 port=$3
    # shellcheck disable=SC2046
    env $(env_of "$variant") MICRONAUT_SERVER_PORT="$port" ENDPOINTS_ALL_PORT=$((port + 1000)) MICRONAUT_SERVER_HOST=127.0.0.1 \
        MICRONAUT_HTTP_SERVICES_DATABASE_URL=http://127.0.0.1:${DB_PORT_OF[$variant]:-$DATABASE_PORT} \
        AWS_ENDPOINT_URL_DYNAMODB=http://127.0.0.1:$DDB_PORT AWS_REGION=us-east-1 AWS_ACCESS_KEY_ID=local \
        AWS_SECRET_ACCESS_KEY=local DYNAMODB_CREATE_TABLE=true LOG_FORMAT=json \
        SHUTDOWN_LAME_DUCK=0s taskset -c 0 "$JAVA" "${JVM[@]}" ${4:+"$4"} -jar "$(jar_of "$variant" "$service")" \
        >"$WORK/$service-$variant.log" 2>&1 &
    echo $! | tee -a "$WORK/pids"
}
# cached VARIANT SERVICE PORT: start with the build's AOT cache, trained first if the jar is newer than the cache
cached() {
    local cache; cache=$(cache_of "$1" "$2")
    [[ -n $cache ]] || { start "$@"; return; }
    if [[ ! -s $cache || $(jar_of "$1" "$2") -nt $cache ]]; then
        local pid; pid=$(start "$([[ $1 == base ]] && echo base || echo train)" "$2" "$3" -XX:AOTCacheOutput="$cache")
        ready "$pid" "$3" >/dev/null
        kill -TERM "$pid"; while kill -0 "$pid" 2>/dev/null; do sleep 0.2; done
        [[ -s $cache ]] || { log "training run of $1 $2 wrote no AOT cache"; exit 1; }
        log "trained $cache ($(du -h "$cache" | cut -f1))"
    fi
    start "$@" -XX:AOTCache="$cache"
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

command -v nginx >/dev/null || { log "needs nginx (apt-get install nginx-light)"; exit 1; }
for port in $DDB_PORT $ZIPKIN_PORT $SINK_PORT; do
    if curl -s -o /dev/null --max-time 1 "http://127.0.0.1:$port/"; then log "port $port is taken (left by an earlier run?)"; exit 1; fi
done
log "DynamoDB Local on $DDB_PORT, Zipkin on $ZIPKIN_PORT, the OTLP sink on $SINK_PORT (CPU 1)"
taskset -c 1 java -Xmx256m -cp "$(cat "$ROOT/system/target/classpath.txt")" \
    com.amazonaws.services.dynamodbv2.local.main.ServerRunner -disableTelemetry -inMemory -port "$DDB_PORT" \
    >"$WORK/dynamodb.log" 2>&1 & PIDS+=($!)
# Zipkin keeps spans in memory: at thousands of traces a second its default bound (500,000 spans) ran it out of a
# 256 MB heap within minutes, after which the exporters' sends failed and "all" measured that instead.
taskset -c 1 java -Xmx512m -jar "$ZIPKIN_JAR" --server.port="$ZIPKIN_PORT" --zipkin.storage.mem.max-spans=20000 \
    >"$WORK/zipkin.log" 2>&1 & PIDS+=($!)
mkdir -p "$WORK/sink/tmp"
sed -e "s|@ADDRESS@|127.0.0.1:$SINK_PORT|" -e "s|@DIR@|$WORK/sink|" "$ROOT/bench/nginx/sink.conf" >"$WORK/sink/nginx.conf"
taskset -c 1 nginx -c "$WORK/sink/nginx.conf" -e "$WORK/sink/sink-error.log" & PIDS+=($!)
until curl -s -o /dev/null "http://127.0.0.1:$ZIPKIN_PORT/health"; do sleep 0.5; done

declare -A START_WALL START_CPU HOP_RPS HOP_CPU PAIR_CPU WALL CPU
log "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
log "start-up: api alone, $RUNS interleaved runs per build (plus one untimed)"
for ((run = 0; run <= RUNS; run++)); do
    for v in "${VARIANTS[@]}"; do
        pid=$(cached "$v" api "$API_PORT")
        read -r wall cpu < <(ready "$pid" "$API_PORT")
        stop "$pid"
        ((run == 0)) && continue
        START_WALL[$v]+="$wall " START_CPU[$v]+="$cpu "
        log "  run $run $v: ${wall} s wall, ${cpu} s CPU"
    done
done
# The hop: every build's database and api run side by side (each pair on ports of its own, all on CPU 0) and the
# load visits them in turn, $WINDOW s each, for $ROUNDS rounds: a host whose speed drifts (a shared VM's can halve
# from one minute to the next) shifts every build alike, where one build after another would be compared across
# those swings.
WINDOW=10 ROUNDS=$((RUNS * 2))
declare -A API_PORT_OF API_PID DB_PID TICKS DB_TICKS REQUESTS LAST
i=0
for v in "${VARIANTS[@]}"; do
    DB_PORT_OF[$v]=$((DATABASE_PORT + 10 * i)) API_PORT_OF[$v]=$((API_PORT + 10 * i)) i=$((i + 1))
    DB_PID[$v]=$(cached "$v" database "${DB_PORT_OF[$v]}"); ready "${DB_PID[$v]}" "${DB_PORT_OF[$v]}" >/dev/null
    API_PID[$v]=$(cached "$v" api "${API_PORT_OF[$v]}"); ready "${API_PID[$v]}" "${API_PORT_OF[$v]}" >/dev/null
done
# Every build is loaded at once (one wrk each, all on CPU 1, every server on CPU 0), so that the host's speed, which
# swings twofold between seconds on a shared machine, changes them alike at every instant: a build's CPU per request
# is compared with the others' over the same seconds. A JVM of these services reaches its steady rate after 80-90 s
# of load on a CPU of its own (JIT compilation of the request path, seen with -XX:+PrintCompilation: methods stop
# being made not entrant); sharing the CPU, hence 60 s of warm-up per build, all at once.
WARMUP=$((60 * ${#VARIANTS[@]}))
log "hop: wrk -t1 -c16 on /api/whoami (api -> database) of every build at once, ${WARMUP} s, then windows of ${WINDOW} s"
log "     until every build's rate has levelled (within 10 % of its previous window, at least 4), then $ROUNDS measured windows"
# load SECONDS: one wrk per build, all at once; their outputs in $WORK/wrk-<build>.out
load() {
    local v pids=()
    for v in "${VARIANTS[@]}"; do
        taskset -c 1 wrk -t1 -c16 -d"$1"s "http://127.0.0.1:${API_PORT_OF[$v]}/api/whoami" >"$WORK/wrk-$v.out" &
        pids+=($!)
    done
    wait "${pids[@]}"
}
load "$WARMUP"
for v in "${VARIANTS[@]}"; do TICKS[$v]=0 DB_TICKS[$v]=0 REQUESTS[$v]=0 LAST[$v]=0; done
# round ROUND MEASURED: one window of every build at once; levelled=0 if any build's rate moved by more than 10 %
round() {
    local line= v total non2xx c1 d1
    local -A c0 d0
    levelled=1
    for v in "${VARIANTS[@]}"; do c0[$v]=$(cpu_ticks_serving "${API_PID[$v]}") d0[$v]=$(cpu_ticks_serving "${DB_PID[$v]}"); done
    load "$WINDOW"
    for v in "${VARIANTS[@]}"; do
        c1=$(cpu_ticks_serving "${API_PID[$v]}") d1=$(cpu_ticks_serving "${DB_PID[$v]}")
        total=$(awk '/requests in/ { print $1 }' "$WORK/wrk-$v.out")
        non2xx=$(awk '/Non-2xx/ { print $NF }' "$WORK/wrk-$v.out")
        awk -v a="$total" -v b="${LAST[$v]}" 'BEGIN { exit !(b > 0 && a > 0.9 * b && a < 1.1 * b) }' || levelled=0
        LAST[$v]=$total
        if (($2)); then
            TICKS[$v]=$((TICKS[$v] + c1 - c0[$v])) DB_TICKS[$v]=$((DB_TICKS[$v] + d1 - d0[$v]))
            REQUESTS[$v]=$((REQUESTS[$v] + total))
        fi
        line+=" $v $((total / WINDOW))/s${non2xx:+ (non-2xx $non2xx)}"
    done
    log "  $( (($2)) && echo "window $(($1 + 1))" || echo "warm-up $(($1 + 1))"):$line"
}
for ((w = 0; w < 30; w++)); do
    round "$w" 0
    ((w >= 3 && levelled)) && break
done
if ((PROFILE)); then for v in "${VARIANTS[@]}"; do profiler "${API_PID[$v]}" start,event=ctimer,interval=1ms; done; fi
for ((r = 0; r < ROUNDS; r++)); do round "$r" 1; done
if ((PROFILE)); then
    for v in "${VARIANTS[@]}"; do
        profiler "${API_PID[$v]}" "collapsed,file=$WORK/api-$v.collapsed"; profiler "${API_PID[$v]}" stop
    done
fi
for v in "${VARIANTS[@]}"; do
    HOP_RPS[$v]=$(awk -v n="${REQUESTS[$v]}" -v s=$((ROUNDS * WINDOW)) 'BEGIN { printf "%.0f", n / s }')
    HOP_CPU[$v]=$(awk -v c="${TICKS[$v]}" -v t="$ticks_per_s" -v n="${REQUESTS[$v]}" 'BEGIN { printf "%.0f", c / t * 1e6 / n }')
    PAIR_CPU[$v]=$(awk -v c="$((TICKS[$v] + DB_TICKS[$v]))" -v t="$ticks_per_s" -v n="${REQUESTS[$v]}" \
        'BEGIN { printf "%.0f", c / t * 1e6 / n }')
    stop "${API_PID[$v]}"; stop "${DB_PID[$v]}"
done
log "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
if grep -q OutOfMemoryError "$WORK/zipkin.log"; then log "Zipkin ran out of memory during the run: its figures do not count"; exit 1; fi

ref=${VARIANTS[0]}
for v in "${VARIANTS[@]}"; do [[ $v == off ]] && ref=off; done
change() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%+.0f %%", (a / b - 1) * 100 }'; }
for v in "${VARIANTS[@]}"; do
    WALL[$v]=$(tr ' ' '\n' <<<"${START_WALL[$v]}" | grep . | median) CPU[$v]=$(tr ' ' '\n' <<<"${START_CPU[$v]}" | grep . | median)
done
printf '\n| build | api start-up wall (s) | CPU to ready (s) | hop req/s | api CPU per request, JIT excluded (us) | api + database CPU per request (us) |\n|---|---|---|---|---|---|\n'
for v in "${VARIANTS[@]}"; do
    [[ $v == "$ref" ]] && vs() { :; } || vs() { echo " ($(change "$1" "$2"))"; }
    printf '| %s | %s | %s | %s | %s | %s |\n' "$v$([[ $v == base ]] && echo " ($BASE_SHA)")" \
        "${WALL[$v]}$(vs "${WALL[$v]}" "${WALL[$ref]}")" "${CPU[$v]}$(vs "${CPU[$v]}" "${CPU[$ref]}")" \
        "${HOP_RPS[$v]}$(vs "${HOP_RPS[$v]}" "${HOP_RPS[$ref]}")" "${HOP_CPU[$v]}$(vs "${HOP_CPU[$v]}" "${HOP_CPU[$ref]}")" \
        "${PAIR_CPU[$v]}$(vs "${PAIR_CPU[$v]}" "${PAIR_CPU[$ref]}")"
done
if ((PROFILE)); then
    printf '\n| build | api CPU samples (JIT excluded) | metrics | recording and exporting spans | trace context | GC |\n|---|---|---|---|---|---|\n'
    for v in "${VARIANTS[@]}"; do printf '| %s | %s |\n' "$v" "$(shares "$WORK/api-$v.collapsed")"; done
fi
printf '\nchanges against %s; start-up: medians of %s runs; hop: %s windows of %s s, every build at once; %s; %s; %s CPUs\n' "$ref" \
    "$RUNS" "$ROUNDS" "$WINDOW" "$JVM_LABEL" "$(date -u +%FT%H:%MZ)" "$(nproc)"
