#!/usr/bin/env bash
# The performance benchmark, one command, one table: start-up (jars on one CPU, images at 1 and 0.25 CPU), latency at
# a constant rate and CPU per request on each path, RSS after load, side by side with an nginx proxy hop and a Spring
# Boot reference, and the 10-minute soak through the compose alb. See bench/README.md.
#
#   bench/run.sh                 # start-up, load and the soak, ~45 min on 2 cores; the table on stdout and in
#                                # bench/results/
#   bench/run.sh --quick         # fewer start-ups, shorter loads, no soak, ~8 min
#   bench/run.sh --soak          # the soak alone: compose, 10 min at a fixed rate, ~13 min
#   options: --only=startup,load,soak  --rate=N (req/s of the load section, default 200; of the soak, 10)  --no-build
#            --minutes=N (the soak's length, default 10)
#
# Needs Linux, taskset, nginx (installed from Debian when missing, without starting its service), a JDK 17+, and
# Docker for the images and the soak (skipped without). The services run on a JDK 25 when one is found (the dev
# loop's choice: dev.ecsdns.system.ServiceJvm); BENCH_PLAIN_JAVA_HOME is the "before" JDK (default: this java).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=1 SOAK=0 MINUTES=10
for arg in "$@"; do
    case "$arg" in
        --no-build) BUILD=0 ;;
        --soak) SOAK=1 ;;
        --minutes=*) MINUTES=${arg#--minutes=} ;;
        -h|--help) sed -n '2,15p' "$0"; exit 0 ;;
    esac
done
# The time limit: the soak takes its minutes, one uncounted, and compose's start and stop; start-up and load take
# about 30 min and get 45 (which sections run is the harness's choice: a shorter run just ends sooner).
LIMIT=$((MINUTES + 10))m
if [ "$SOAK" = 0 ]; then LIMIT=$((45 + MINUTES + 10))m; fi
export BENCH_RUN_ID=${BENCH_RUN_ID:-$(date +%H%M%S)$$} BENCH_ROOT=$ROOT BENCH_WORK=$ROOT/bench/.work
LABEL=dev.ecsdns.bench.run=$BENCH_RUN_ID
log() { printf '[bench] %s\n' "$*" >&2; }

# Whatever this run started: the harness (its shutdown stops its processes), then containers by label, compose by name.
cleanup() {
    if [ -n "${HARNESS:-}" ] && kill -0 "$HARNESS" 2>/dev/null; then kill -TERM "$HARNESS" 2>/dev/null || true; wait "$HARNESS" || true; fi
    if command -v docker >/dev/null 2>&1 && docker info >/dev/null 2>&1; then
        docker compose -p "bench-soak-$BENCH_RUN_ID" -f "$ROOT/docker-compose.yml" down -v -t 1 >/dev/null 2>&1 || true
        docker ps -aq --filter "label=$LABEL" | xargs -r docker rm -f >/dev/null 2>&1 || true
        docker network ls -q --filter "label=$LABEL" | xargs -r docker network rm >/dev/null 2>&1 || true
    fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if ! command -v nginx >/dev/null 2>&1; then
    log "installing nginx-light (apt-get), without starting Debian's nginx service"
    no_start=0
    if [ ! -e /usr/sbin/policy-rc.d ]; then printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d && no_start=1; fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q nginx-light >/dev/null \
        || { apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q nginx-light >/dev/null; }
    [ "$no_start" = 1 ] && rm -f /usr/sbin/policy-rc.d
fi

DOCKER=0
if command -v docker >/dev/null 2>&1 && docker info >/dev/null 2>&1; then DOCKER=1; else log "no Docker engine: the image rows and the soak are skipped"; fi
image_present() { [ "$DOCKER" = 1 ] && docker image inspect "$1" >/dev/null 2>&1; }
# The public images users get, or where they cannot be pulled (our CI machines) the local stand-ins; BENCH_* override.
pick() { if image_present "$1"; then echo "$1"; elif image_present "$2"; then echo "$2"; else echo "$1"; fi; }
BASE=${BENCH_BASE_IMAGE:-$(pick eclipse-temurin:25-jre standin/jre:25)}
export BENCH_BASE_IMAGE=docker://$BASE BENCH_IMAGE_PREFIX=bench/ BENCH_GIT
export BENCH_DYNAMODB_IMAGE=${BENCH_DYNAMODB_IMAGE:-$(pick amazon/dynamodb-local:2.6.1 standin/dynamodb-local:2.6.1)}
# The soak's compose project: our images, the stand-ins where the public ones are missing, ports of its own.
export WEB_IMAGE=bench/web:latest API_IMAGE=bench/api:latest DATABASE_IMAGE=bench/database:latest \
    DYNAMODB_IMAGE=$BENCH_DYNAMODB_IMAGE NGINX_IMAGE=${NGINX_IMAGE:-$(pick nginx:1.27-alpine standin/nginx:1.22)} \
    ZIPKIN_IMAGE=${ZIPKIN_IMAGE:-$(pick openzipkin/zipkin:3.5.1 standin/zipkin:3)} \
    ALB_PORT=${BENCH_ALB_PORT:-18480} BENCH_ALB_PORT=${BENCH_ALB_PORT:-18480} ZIPKIN_PORT=${BENCH_ZIPKIN_PORT:-18481}
BENCH_GIT=$(git -C "$ROOT" rev-parse --short HEAD)$(git -C "$ROOT" diff --quiet HEAD -- . ':!bench/results' || echo "+changes")

cd "$ROOT"
if [ "$BUILD" = 1 ]; then
    mkdir -p bench/.work
    log "building the service jars and the harness (./mvnw -Pbench -pl bench -am package)"
    ./mvnw -B -q -ntp -Pbench -DskipTests -pl bench -am package > bench/.work/build.log 2>&1 \
        || { tail -40 bench/.work/build.log; log "build failed"; exit 2; }
    log "building the Spring Boot reference"
    (cd bench/reference-spring && "$ROOT/mvnw" -B -q -ntp -DskipTests package) >> bench/.work/build.log 2>&1 \
        || { tail -40 bench/.work/build.log; log "reference build failed"; exit 2; }
    if [ "$DOCKER" = 1 ]; then
        log "images bench/database, bench/api, bench/web with their AOT caches (scripts/build-images.sh) from $BASE"
        scripts/build-images.sh --prefix=bench/ -Djib.from.image="$BENCH_BASE_IMAGE" >> bench/.work/build.log 2>&1 \
            || { tail -40 bench/.work/build.log; log "image build failed"; exit 2; }
        flags=$(sed -n 's:.*<jib.jvm.flags>\(.*\)</jib.jvm.flags>.*:\1:p' pom.xml | head -1)
        (cd bench/reference-spring && "$ROOT/mvnw" -B -q -ntp -o jib:dockerBuild -Djib.from.image="$BENCH_BASE_IMAGE" \
            -Djib.container.jvmFlags="$flags") >> bench/.work/build.log 2>&1 || { tail -40 bench/.work/build.log; log "reference image failed"; exit 2; }
        rm -rf "bench/.work/run-$BENCH_RUN_ID/spring-aot"
    fi
fi

# The harness and its load generator on the last CPU; the servers get CPU 0 (taskset in the harness).
PIN=()
if [ "$(nproc)" -ge 2 ]; then PIN=(taskset -c "$(( $(nproc) - 1 ))"); fi
log "running (run $BENCH_RUN_ID, time limit $LIMIT)"
timeout --signal=TERM --kill-after=60 "$LIMIT" "${PIN[@]}" java -Xmx512m -XX:+UseSerialGC \
    -cp "bench/target/classes:$(cat bench/target/classpath.txt)" dev.ecsdns.bench.Bench "$@" &
HARNESS=$!
wait "$HARNESS"
