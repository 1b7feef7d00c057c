#!/usr/bin/env bash
# The performance benchmark: start-up, memory, per-hop cost, discovery convergence and Jib rebuilds of web, api and
# database, side by side with a Spring Boot reference and an nginx proxy hop, in one bounded run. See bench/README.md.
#
#   bench/run.sh                 # everything, ~20 min; table on stdout, bench/results/<date>.{csv,md}, latest.md
#   bench/run.sh --quick         # fewer runs, shorter loads, ~8 min
#   bench/run.sh --soak          # everything plus 10 minutes of load with RSS sampled every 30 s
#   bench/run.sh --experiments   # JVM and Micronaut settings, before/after (~40 min)
#   options: --only=startup,memory,hop,convergence,jib  --runs=N  --jvm-flags="..."  --wait-idle=MINUTES  --no-build
#
# Needs: Linux, root (taskset, iptables counters), a JDK 17+, Docker for the container and Jib parts (skipped without).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BENCH=$ROOT/bench
WORK=$BENCH/.work
RUN_ID=$(date +%H%M%S)$$
LABEL=dev.ecsdns.bench.run=$RUN_ID
MODE=full BUILD=1 LIMIT=45m
for arg in "$@"; do
    case "$arg" in
        --quick) MODE=quick; LIMIT=25m ;;
        --soak) LIMIT=70m ;;
        --experiments) LIMIT=120m ;;
        --no-build) BUILD=0 ;;
        -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
    esac
done

log() { printf '[bench] %s\n' "$*" >&2; }

# Everything this run starts carries its id: containers a label, processes a pid file, iptables rules a comment.
cleanup() {
    local pids=$WORK/run/$RUN_ID/pids pid child
    # The harness first: SIGTERM lets its shutdown hook stop what it started, in order.
    if [ -n "${HARNESS:-}" ] && kill -0 "$HARNESS" 2>/dev/null; then
        kill -TERM "$HARNESS" 2>/dev/null || true
        wait "$HARNESS" 2>/dev/null || true
    fi
    ours() { tr '\0' '\n' < "/proc/$1/environ" 2>/dev/null | grep -qx "ECSDNS_BENCH_RUN=$RUN_ID"; }
    if [ -f "$pids" ]; then
        # By id only, and only processes that still carry this run's mark (a pid may have been reused since):
        # each recorded process and its children (nginx workers outlive their master).
        while read -r pid; do
            for child in $(pgrep -P "$pid" 2>/dev/null); do { ours "$child" && kill -9 "$child"; } 2>/dev/null || true; done
            { ours "$pid" && kill -9 "$pid"; } 2>/dev/null || true
        done < "$pids"
    fi
    if command -v docker >/dev/null 2>&1; then
        docker ps -aq --filter "label=$LABEL" | xargs -r docker rm -f >/dev/null 2>&1 || true
        docker network ls -q --filter "label=$LABEL" | xargs -r docker network rm >/dev/null 2>&1 || true
    fi
    if command -v iptables >/dev/null 2>&1; then
        iptables -w 5 -S OUTPUT 2>/dev/null | grep -- "ecsdns-bench-$RUN_ID" | sed 's/^-A /-D /' \
            | while read -r rule; do eval iptables -w 5 "$rule" || true; done
    fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- tools: wrk and nginx from Debian, without starting Debian's nginx service --------------------------------------
need=()
command -v wrk >/dev/null 2>&1 || need+=(wrk)
command -v nginx >/dev/null 2>&1 || need+=(nginx-light)
command -v taskset >/dev/null 2>&1 || need+=(util-linux)
if [ ${#need[@]} -gt 0 ]; then
    log "installing ${need[*]} (apt-get)"
    no_start=0
    if [ ! -e /usr/sbin/policy-rc.d ]; then
        printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d && no_start=1
    fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${need[@]}" >/dev/null \
        || { apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${need[@]}" >/dev/null; }
    [ "$no_start" = 1 ] && rm -f /usr/sbin/policy-rc.d
fi

JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
JAVAC=${JAVA_HOME:+$JAVA_HOME/bin/}javac
JDK25=${BENCH_JDK25:-$(ls -d /usr/lib/jvm/temurin-25* /usr/lib/jvm/*-25-* 2>/dev/null | head -1 || true)}

DOCKER=0
if command -v docker >/dev/null 2>&1 && docker info >/dev/null 2>&1; then DOCKER=1; else
    log "no Docker engine answering: container start-up, memory and Jib parts are skipped"
fi
image_present() { [ "$DOCKER" = 1 ] && docker image inspect "$1" >/dev/null 2>&1; }
# The public base image users get; where it cannot be pulled (CI here) the local stand-in, or whatever BENCH_BASE_IMAGE says.
if [ -n "${BENCH_BASE_IMAGE:-}" ]; then BASE_IMAGE=$BENCH_BASE_IMAGE
elif image_present eclipse-temurin:21-jre; then BASE_IMAGE=docker://eclipse-temurin:21-jre
elif image_present standin/jre:17; then BASE_IMAGE=docker://standin/jre:17
else BASE_IMAGE=eclipse-temurin:21-jre; fi
if [ -n "${BENCH_DYNAMODB_IMAGE:-}" ]; then DYNAMODB_IMAGE=$BENCH_DYNAMODB_IMAGE
elif image_present amazon/dynamodb-local:2.6.1; then DYNAMODB_IMAGE=amazon/dynamodb-local:2.6.1
else DYNAMODB_IMAGE=standin/dynamodb-local:2.6.1; fi

# The JVM flags the images get: the parent pom's jib.jvm.flags (comma-separated there).
IMAGE_FLAGS=$(sed -n 's:.*<jib.jvm.flags>\(.*\)</jib.jvm.flags>.*:\1:p' "$ROOT/pom.xml" | head -1)

# --- build: a snapshot of the working tree, so that other builds in the checkout and this one never share target/ --
SRC=$WORK/src
M2=$WORK/m2
MVN_REPO=(-Dmaven.repo.local="$M2" -Dmaven.repo.local.tail="${BENCH_MAVEN_REPO:-$HOME/.m2/repository}")
mkdir -p "$WORK/run/$RUN_ID" "$BENCH/results"
if [ "$BUILD" = 1 ]; then
    log "snapshot of $ROOT (working tree, $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?'))"
    rm -rf "$SRC" && mkdir -p "$SRC"
    tar -C "$ROOT" --exclude=./bench --exclude=./.git --exclude=target --exclude=node_modules --exclude=cdk.out \
        --exclude=.local-run -cf - . | tar -C "$SRC" -xf -
    log "building the service jars (snapshot; maven local repo $M2 on top of ~/.m2)"
    (cd "$SRC" && ./mvnw -B -q "${MVN_REPO[@]}" -DskipTests install -pl .,common,database,api,web) \
        > "$WORK/build.log" 2>&1 || { tail -40 "$WORK/build.log"; log "build failed (log: $WORK/build.log)"; exit 2; }
    # DynamoDB Local for the process runs: the system module's dependency, with its test scope (jackson-databind).
    (cd "$SRC" && ./mvnw -B -q "${MVN_REPO[@]}" -pl system -am dependency:build-classpath -Dmdep.includeScope=test \
        -Dmdep.outputFile="$WORK/dynamodb-classpath.txt") >> "$WORK/build.log" 2>&1
    log "building the Spring Boot reference"
    (cd "$BENCH/reference-spring" && "$ROOT/mvnw" -B -q -DskipTests package) >> "$WORK/build.log" 2>&1 \
        || { tail -40 "$WORK/build.log"; log "reference build failed"; exit 2; }
    if [ "$DOCKER" = 1 ]; then
        log "building images bench/database, bench/api, bench/web (Jib, CDS training: scripts/build-images.sh) and bench/reference-spring from $BASE_IMAGE"
        (cd "$SRC" && scripts/build-images.sh --prefix=bench/ -o "${MVN_REPO[@]}" -Djib.from.image="$BASE_IMAGE") \
            >> "$WORK/build.log" 2>&1 || { tail -40 "$WORK/build.log"; log "image build failed"; exit 2; }
        (cd "$BENCH/reference-spring" && "$ROOT/mvnw" -B -q -o jib:dockerBuild -Djib.from.image="$BASE_IMAGE" \
            -Djib.jvm.flags="$IMAGE_FLAGS") >> "$WORK/build.log" 2>&1 \
            || { tail -40 "$WORK/build.log"; log "jib build of the reference failed"; exit 2; }
    fi
fi

log "compiling the harness"
rm -rf "$WORK/classes"
# With the system module's harness (HostsFile for Cloud Map, LoadStream for a user, ...), not copies of it.
"$JAVAC" -nowarn -d "$WORK/classes" $(find "$BENCH/src" "$ROOT/system/src/main/java" -name '*.java')

# The harness, wrk and the probes share the last core; the servers get core 0 (see README: fairness).
PIN=()
if [ "$(nproc)" -ge 2 ]; then PIN=(taskset -c "$(( $(nproc) - 1 ))"); fi
export BENCH_ROOT=$ROOT BENCH_DIR=$BENCH BENCH_WORK=$WORK BENCH_SRC=$SRC BENCH_RUN_ID=$RUN_ID BENCH_MODE=$MODE \
    BENCH_DOCKER=$DOCKER BENCH_BASE_IMAGE_USED=$BASE_IMAGE BENCH_DYNAMODB_IMAGE_USED=$DYNAMODB_IMAGE \
    BENCH_IMAGE_FLAGS=$IMAGE_FLAGS BENCH_JDK25_HOME=$JDK25 BENCH_MVN_REPO="${MVN_REPO[*]}" \
    BENCH_SERVICE_JAVA=$(command -v "$JAVA") BENCH_NPROC=$(nproc)
log "running (run $RUN_ID, mode $MODE, time limit $LIMIT)"
timeout --signal=TERM --kill-after=60 "$LIMIT" "${PIN[@]}" "$JAVA" -Xmx512m -XX:+UseSerialGC -cp "$WORK/classes" \
    dev.ecsdns.bench.Bench "$@" &
HARNESS=$!
wait "$HARNESS"
