#!/usr/bin/env bash
# Builds the images web, api and database with Jib into the local Docker engine, each with a JDK AOT cache (JEP 483,
# 514, 515: classes loaded and linked, method profiles) made by a training run of that very image, which cuts its
# start-up to about a third (see docs/performance.md).
#
#   scripts/build-images.sh                      # package, Jib, train, Jib again: web:latest, api:latest, database:latest
#   scripts/build-images.sh --no-aot             # one Jib pass, no cache
#   scripts/build-images.sh --prefix=bench/      # bench/web:latest, ... (the pom's jib.to.prefix)
#   scripts/build-images.sh --train-only         # package, Jib, train: leaves <module>/target/jib-aot for a later
#                                                #   jib:build with step 3's arguments (infra/deploy.sh does this)
#   other arguments go to every Maven call, e.g. -Djib.from.image=docker://standin/jre:25
#
# The steps, each one a user can run by hand (the script prints how long each took):
#   1. ./mvnw -DskipTests -pl database,api,web -am package jib:dockerBuild      (the image, no cache yet)
#   2. per service, the image's own java with -XX:AOTCacheOutput=/aot/app.aot (one-step training): start, let the
#      service warm its HTTP path on its liveness endpoint, SIGTERM; at exit the JVM assembles the cache into
#      <module>/target/jib-aot/app/aot/app.aot
#   3. ./mvnw -o -DskipTests -pl database,api,web -am package jib:dockerBuild -Djib.aot
#        (same jars, plus the cache's layer and -XX:AOTCache=/app/aot/app.aot: the parent pom's profile aot-cache)
# A cache only fits the JVM build that wrote it, with the same class path, which is why it comes from a run of the
# image and why step 3 reuses step 2's jars and base. A JVM that finds it does not fit warns and starts without it.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
SERVICES=(database api web)
AOT=1 TRAIN_ONLY=0 PREFIX= MVN_ARGS=()
for arg in "$@"; do
    case "$arg" in
        --no-aot) AOT=0 ;;
        --train-only) TRAIN_ONLY=1 ;;
        --prefix=*) PREFIX=${arg#--prefix=}; MVN_ARGS+=("-Djib.to.prefix=$PREFIX") ;;
        -h|--help) sed -n '2,23p' "$0"; exit 0 ;;
        *) MVN_ARGS+=("$arg") ;;
    esac
done
TRAIN_TIMEOUT=${AOT_TRAIN_TIMEOUT:-180}

log() { printf '[build-images] %s\n' "$*" >&2; }
timed() { local t0=$SECONDS; "$@"; log "  took $((SECONDS - t0)) s"; }
cd "$ROOT"
# package, never install: one reactor build takes common from its own target/, not from the shared ~/.m2.
mvn_images() { ./mvnw -B -q -ntp -DskipTests -pl "$(IFS=,; echo "${SERVICES[*]}")" -am package jib:dockerBuild "$@" \
    ${MVN_ARGS[@]+"${MVN_ARGS[@]}"}; }

log "1. package and Jib (${SERVICES[*]})"
timed mvn_images
[ "$AOT" = 1 ] || { log "done, without AOT caches"; exit 0; }

main_class() { docker run --rm --entrypoint cat "$1" /app/jib-main-class-file; }
# The image's JVM flags, read back from its entrypoint: the cache must be trained with the flags it is used with.
jvm_flags() {
    docker image inspect -f '{{range .Config.Entrypoint}}{{println .}}{{end}}' "$1" | sed -n '/^-XX:\|^-X[a-z]\|^--/p'
}

train() {
    local service=$1 image=$PREFIX$1:latest dir="$ROOT/$1/target/jib-aot/app/aot" name="ecsdns-aot-$1-$$" waited=0
    rm -rf "$ROOT/$service/target/jib-aot" && mkdir -p "$dir" && chmod 777 "$dir"
    local flags; mapfile -t flags < <(jvm_flags "$image")
    # No other service is running: downstream calls fail fast (refused), which is all the start-up needs. Both
    # trace exporters, metrics and the EMF lines are on (pointing nowhere: health checks make no spans), so that
    # compose and AWS, which switch them on, find their classes in the cache.
    docker run -d --name "$name" -v "$dir:/aot" --entrypoint java \
        -e SHUTDOWN_LAME_DUCK=0s -e AWS_REGION=us-east-1 -e AWS_ACCESS_KEY_ID=training -e AWS_SECRET_ACCESS_KEY=training \
        -e AWS_ENDPOINT_URL_DYNAMODB=http://127.0.0.1:9 -e OTEL_TRACES_EXPORTER=zipkin,otlp \
        -e OTEL_EXPORTER_ZIPKIN_ENDPOINT=http://127.0.0.1:9/api/v2/spans -e OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:9 \
        -e MICRONAUT_METRICS_ENABLED=true -e METRICS_EMF_ENABLED=true \
        "$image" "${flags[@]}" -XX:AOTCacheOutput=/aot/app.aot -cp @/app/jib-classpath-file \
        "$(main_class "$image")" >/dev/null
    until docker logs "$name" 2>&1 | grep -q 'warmed up the HTTP client\|warm-up skipped'; do
        if [ "$(docker inspect -f '{{.State.Running}}' "$name")" != true ] || [ "$waited" -ge "$TRAIN_TIMEOUT" ]; then
            docker logs "$name" 2>&1 | tail -20 >&2; docker rm -f "$name" >/dev/null
            log "$service: training run did not warm up within ${TRAIN_TIMEOUT}s"; return 1
        fi
        sleep 1; waited=$((waited + 1))
    done
    # At exit the JVM writes what it saw and forks a second JVM that assembles the cache: give it time.
    docker stop -t 120 "$name" >/dev/null
    docker rm "$name" >/dev/null
    [ -s "$dir/app.aot" ] || { log "$service: no AOT cache written"; return 1; }
    log "$service: AOT cache $(du -h "$dir/app.aot" | cut -f1) after a ${waited}s training run"
}
log "2. training runs"
for service in "${SERVICES[@]}"; do timed train "$service"; done
if [ "$TRAIN_ONLY" = 1 ]; then log "caches in <module>/target/jib-aot; Jib argument: -Djib.aot"; exit 0; fi

log "3. Jib again with the caches"
timed mvn_images -o -Djib.aot
log "done: ${SERVICES[*]/#/$PREFIX} (tag latest) with AOT caches"
